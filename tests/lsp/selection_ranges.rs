use expect_test::expect;
use serde_json::json;

use crate::support::{answer, fixture, open_and_wait, Options, Server};

#[test]
fn selection_grows_from_the_name_to_the_file() {
    let mut server = Server::start(Options::default());
    let (text, positions) = fixture("{ a = { b = f$0oo 1; }; }\n");
    let uri = open_and_wait(&mut server, "sel.nix", &text);
    expect![[r#"
        [
          {
            "parent": {
              "parent": {
                "parent": {
                  "parent": {
                    "parent": {
                      "parent": {
                        "range": {
                          "end": {
                            "character": 0,
                            "line": 1
                          },
                          "start": {
                            "character": 0,
                            "line": 0
                          }
                        }
                      },
                      "range": {
                        "end": {
                          "character": 23,
                          "line": 0
                        },
                        "start": {
                          "character": 0,
                          "line": 0
                        }
                      }
                    },
                    "range": {
                      "end": {
                        "character": 21,
                        "line": 0
                      },
                      "start": {
                        "character": 2,
                        "line": 0
                      }
                    }
                  },
                  "range": {
                    "end": {
                      "character": 20,
                      "line": 0
                    },
                    "start": {
                      "character": 6,
                      "line": 0
                    }
                  }
                },
                "range": {
                  "end": {
                    "character": 18,
                    "line": 0
                  },
                  "start": {
                    "character": 8,
                    "line": 0
                  }
                }
              },
              "range": {
                "end": {
                  "character": 17,
                  "line": 0
                },
                "start": {
                  "character": 12,
                  "line": 0
                }
              }
            },
            "range": {
              "end": {
                "character": 15,
                "line": 0
              },
              "start": {
                "character": 12,
                "line": 0
              }
            }
          }
        ]"#]]
    .assert_eq(&answer(
        &mut server,
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": uri }, "positions": positions }),
    ));
}
