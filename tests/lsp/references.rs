use expect_test::expect;
use serde_json::{json, Value};

use crate::support::{request_at, Options, Server};

#[test]
fn references_with_and_without_the_declaration() {
    let text = "let\n  x$0 = 1;\n  y = x + x;\nin x * y\n";
    let mut server = Server::start(Options::default());
    let with = request_at(
        &mut server,
        "refs.nix",
        text,
        "textDocument/references",
        json!({ "context": { "includeDeclaration": true } }),
    );
    expect![[r#"
        [
          {
            "range": {
              "end": {
                "character": 3,
                "line": 1
              },
              "start": {
                "character": 2,
                "line": 1
              }
            },
            "uri": "file://$ROOT/refs.nix"
          },
          {
            "range": {
              "end": {
                "character": 7,
                "line": 2
              },
              "start": {
                "character": 6,
                "line": 2
              }
            },
            "uri": "file://$ROOT/refs.nix"
          },
          {
            "range": {
              "end": {
                "character": 11,
                "line": 2
              },
              "start": {
                "character": 10,
                "line": 2
              }
            },
            "uri": "file://$ROOT/refs.nix"
          },
          {
            "range": {
              "end": {
                "character": 4,
                "line": 3
              },
              "start": {
                "character": 3,
                "line": 3
              }
            },
            "uri": "file://$ROOT/refs.nix"
          }
        ]"#]]
    .assert_eq(&with);
    let mut server = Server::start(Options::default());
    let without = request_at(
        &mut server,
        "refs.nix",
        text,
        "textDocument/references",
        json!({ "context": { "includeDeclaration": false } }),
    );
    // The snapshot above pins the declaration (`x` at 1:2) as the first location; without it
    // the answer is the same list minus that one entry.
    let with: Vec<Value> = serde_json::from_str(&with).unwrap();
    let without: Vec<Value> = serde_json::from_str(&without).unwrap();
    assert_eq!(
        without,
        with[1..],
        "includeDeclaration: false drops only the declaration"
    );
}
