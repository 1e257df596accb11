use expect_test::expect;
use serde_json::{json, Value};

use crate::support::{answer, default_capabilities, open_and_wait, Options, Server};

const TEXT: &str = "{\n  name = \"demo\";\n  build = { src, ... }: src;\n  meta = {\n    license = \"MIT\";\n  };\n}\n";

/// Opens `TEXT` in a server started with `options` and renders its document symbols.
fn document_symbols(options: Options) -> String {
    let mut server = Server::start(options);
    let uri = open_and_wait(&mut server, "sym.nix", TEXT);
    answer(
        &mut server,
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    )
}

#[test]
fn document_symbols_nested() {
    let options = Options::default();
    expect![[r#"
        [
          {
            "kind": 15,
            "name": "name",
            "range": {
              "end": {
                "character": 16,
                "line": 1
              },
              "start": {
                "character": 2,
                "line": 1
              }
            },
            "selectionRange": {
              "end": {
                "character": 6,
                "line": 1
              },
              "start": {
                "character": 2,
                "line": 1
              }
            }
          },
          {
            "detail": "{ src, ... }:",
            "kind": 12,
            "name": "build",
            "range": {
              "end": {
                "character": 28,
                "line": 2
              },
              "start": {
                "character": 2,
                "line": 2
              }
            },
            "selectionRange": {
              "end": {
                "character": 7,
                "line": 2
              },
              "start": {
                "character": 2,
                "line": 2
              }
            }
          },
          {
            "children": [
              {
                "kind": 15,
                "name": "license",
                "range": {
                  "end": {
                    "character": 20,
                    "line": 4
                  },
                  "start": {
                    "character": 4,
                    "line": 4
                  }
                },
                "selectionRange": {
                  "end": {
                    "character": 11,
                    "line": 4
                  },
                  "start": {
                    "character": 4,
                    "line": 4
                  }
                }
              }
            ],
            "kind": 19,
            "name": "meta",
            "range": {
              "end": {
                "character": 4,
                "line": 5
              },
              "start": {
                "character": 2,
                "line": 3
              }
            },
            "selectionRange": {
              "end": {
                "character": 6,
                "line": 3
              },
              "start": {
                "character": 2,
                "line": 3
              }
            }
          }
        ]"#]]
    .assert_eq(&document_symbols(options));
}

#[test]
fn document_symbols_flat_for_clients_without_hierarchy() {
    let mut capabilities = default_capabilities();
    capabilities["textDocument"]["documentSymbol"] = Value::Null;
    let options = Options {
        capabilities,
        ..Options::default()
    };
    expect![[r#"
        [
          {
            "kind": 15,
            "location": {
              "range": {
                "end": {
                  "character": 6,
                  "line": 1
                },
                "start": {
                  "character": 2,
                  "line": 1
                }
              },
              "uri": "file://$ROOT/sym.nix"
            },
            "name": "name"
          },
          {
            "kind": 12,
            "location": {
              "range": {
                "end": {
                  "character": 7,
                  "line": 2
                },
                "start": {
                  "character": 2,
                  "line": 2
                }
              },
              "uri": "file://$ROOT/sym.nix"
            },
            "name": "build"
          },
          {
            "kind": 19,
            "location": {
              "range": {
                "end": {
                  "character": 6,
                  "line": 3
                },
                "start": {
                  "character": 2,
                  "line": 3
                }
              },
              "uri": "file://$ROOT/sym.nix"
            },
            "name": "meta"
          },
          {
            "containerName": "meta",
            "kind": 15,
            "location": {
              "range": {
                "end": {
                  "character": 11,
                  "line": 4
                },
                "start": {
                  "character": 4,
                  "line": 4
                }
              },
              "uri": "file://$ROOT/sym.nix"
            },
            "name": "license"
          }
        ]"#]]
    .assert_eq(&document_symbols(options));
}

#[test]
fn workspace_symbols_find_names_in_files_on_disk() {
    let mut server = Server::start(Options {
        files: vec![
            ("pkgs/hello.nix", "{ helloWorld = 1; other = 2; }\n".into()),
            ("pkgs/ignored.txt", "helloWorld\n".into()),
        ],
        ..Options::default()
    });
    // Indexing runs in the background and ends its progress when done.
    server.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    expect![[r#"
        [
          {
            "kind": 16,
            "location": {
              "range": {
                "end": {
                  "character": 12,
                  "line": 0
                },
                "start": {
                  "character": 2,
                  "line": 0
                }
              },
              "uri": "file://$ROOT/pkgs/hello.nix"
            },
            "name": "helloWorld"
          }
        ]"#]]
    .assert_eq(&answer(
        &mut server,
        "workspace/symbol",
        json!({ "query": "hellowor" }),
    ));
}
