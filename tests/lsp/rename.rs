use expect_test::expect;
use serde_json::{json, Value};

use crate::support::{request_at, Options, Server};

const TEXT: &str = "let\n  ol$0d = 1;\n  y = { inherit old; };\nin old + y.old\n";

#[test]
fn prepare_rename_gives_the_name_range() {
    let mut server = Server::start(Options::default());
    expect![[r#"
        {
          "end": {
            "character": 5,
            "line": 1
          },
          "start": {
            "character": 2,
            "line": 1
          }
        }"#]]
    .assert_eq(&request_at(
        &mut server,
        "r.nix",
        TEXT,
        "textDocument/prepareRename",
        Value::Null,
    ));
}

#[test]
fn rename_edits_every_use() {
    let mut server = Server::start(Options::default());
    expect![[r#"
        {
          "changes": {
            "file://$ROOT/r.nix": [
              {
                "newText": "fresh",
                "range": {
                  "end": {
                    "character": 5,
                    "line": 1
                  },
                  "start": {
                    "character": 2,
                    "line": 1
                  }
                }
              },
              {
                "newText": "old = fresh;",
                "range": {
                  "end": {
                    "character": 20,
                    "line": 2
                  },
                  "start": {
                    "character": 8,
                    "line": 2
                  }
                }
              },
              {
                "newText": "fresh",
                "range": {
                  "end": {
                    "character": 6,
                    "line": 3
                  },
                  "start": {
                    "character": 3,
                    "line": 3
                  }
                }
              }
            ]
          }
        }"#]]
    .assert_eq(&request_at(
        &mut server,
        "r.nix",
        TEXT,
        "textDocument/rename",
        json!({ "newName": "fresh" }),
    ));
}

#[test]
fn rename_to_an_invalid_name_is_refused_with_a_reason() {
    let mut server = Server::start(Options::default());
    let answer = request_at(
        &mut server,
        "r.nix",
        TEXT,
        "textDocument/rename",
        json!({ "newName": "not a name" }),
    );
    assert!(answer.starts_with("error:"), "{answer}");
}
