use expect_test::expect;
use serde_json::Value;

use crate::support::{request_at, Options, Server};

#[test]
fn highlights_the_binding_and_its_reads() {
    let mut server = Server::start(Options::default());
    expect![[r#"
        [
          {
            "kind": 3,
            "range": {
              "end": {
                "character": 5,
                "line": 0
              },
              "start": {
                "character": 4,
                "line": 0
              }
            }
          },
          {
            "kind": 2,
            "range": {
              "end": {
                "character": 15,
                "line": 0
              },
              "start": {
                "character": 14,
                "line": 0
              }
            }
          },
          {
            "kind": 2,
            "range": {
              "end": {
                "character": 19,
                "line": 0
              },
              "start": {
                "character": 18,
                "line": 0
              }
            }
          }
        ]"#]]
    .assert_eq(&request_at(
        &mut server,
        "h.nix",
        "let n$0 = 1; in n + n\n",
        "textDocument/documentHighlight",
        Value::Null,
    ));
}
