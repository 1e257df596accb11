use expect_test::expect;
use serde_json::json;

use crate::support::{answer, open_and_wait, Options, Server};

const TEXT: &str = "let\n  n = 1;\n  s = \"x\";\n  f = x: x + 1;\nin f n\n";

fn hints(options: Options) -> String {
    let mut server = Server::start(options);
    let uri = open_and_wait(&mut server, "i.nix", TEXT);
    answer(
        &mut server,
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 5, "character": 0 } } }),
    )
}

#[test]
fn inlay_hints_show_binding_types() {
    expect![[r#"
        [
          {
            "kind": 1,
            "label": ": Int",
            "position": {
              "character": 3,
              "line": 1
            }
          },
          {
            "kind": 1,
            "label": ": String",
            "position": {
              "character": 3,
              "line": 2
            }
          },
          {
            "kind": 1,
            "label": ": Number -> Number",
            "position": {
              "character": 3,
              "line": 3
            }
          },
          {
            "kind": 1,
            "label": ": Number",
            "position": {
              "character": 7,
              "line": 3
            }
          }
        ]"#]]
    .assert_eq(&hints(Options::default()));
}

#[test]
fn inlay_hints_can_be_turned_off() {
    assert_eq!(
        hints(Options {
            initialization_options: json!({ "inlayHints": { "enable": false } }),
            ..Options::default()
        }),
        "[]"
    );
}
