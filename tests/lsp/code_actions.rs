use expect_test::expect;
use serde_json::json;

use crate::support::{answer, Options, Server};

#[test]
fn quick_fixes_for_the_diagnostics_in_range() {
    let mut server = Server::start(Options::default());
    let text = "let unused = 1; x = 2; in x\n";
    let uri = server.open("ca.nix", text);
    let diagnostics = server.diagnostics(&uri, Some(1));
    expect![[r#"
        [
          {
            "diagnostics": [
              {
                "code": "unused-let-binding",
                "message": "`unused` is bound but never used; remove it or rename it `_unused`",
                "range": {
                  "end": {
                    "character": 10,
                    "line": 0
                  },
                  "start": {
                    "character": 4,
                    "line": 0
                  }
                },
                "severity": 2,
                "source": "nixty"
              }
            ],
            "edit": {
              "changes": {
                "file://$ROOT/ca.nix": [
                  {
                    "newText": "",
                    "range": {
                      "end": {
                        "character": 15,
                        "line": 0
                      },
                      "start": {
                        "character": 3,
                        "line": 0
                      }
                    }
                  }
                ]
              }
            },
            "isPreferred": true,
            "kind": "quickfix",
            "title": "Remove the unused binding `unused`"
          },
          {
            "diagnostics": [
              {
                "code": "unused-let-binding",
                "message": "`unused` is bound but never used; remove it or rename it `_unused`",
                "range": {
                  "end": {
                    "character": 10,
                    "line": 0
                  },
                  "start": {
                    "character": 4,
                    "line": 0
                  }
                },
                "severity": 2,
                "source": "nixty"
              }
            ],
            "edit": {
              "changes": {
                "file://$ROOT/ca.nix": [
                  {
                    "newText": "_",
                    "range": {
                      "end": {
                        "character": 4,
                        "line": 0
                      },
                      "start": {
                        "character": 4,
                        "line": 0
                      }
                    }
                  }
                ]
              }
            },
            "kind": "quickfix",
            "title": "Rename `unused` to `_unused`"
          },
          {
            "edit": {
              "changes": {
                "file://$ROOT/ca.nix": [
                  {
                    "newText": "\"unused\"",
                    "range": {
                      "end": {
                        "character": 10,
                        "line": 0
                      },
                      "start": {
                        "character": 4,
                        "line": 0
                      }
                    }
                  }
                ]
              }
            },
            "kind": "refactor.rewrite",
            "title": "Quote the attribute name"
          }
        ]"#]]
    .assert_eq(&answer(
        &mut server,
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 4 }, "end": { "line": 0, "character": 10 } },
            "context": { "diagnostics": diagnostics["diagnostics"] }
        }),
    ));
}
