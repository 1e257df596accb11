use expect_test::expect;
use serde_json::Value;

use crate::support::{
    answer, fixture, open_and_wait, request_at, text_document_position, Options, Server,
};

#[test]
fn goto_definition_of_a_let_binding() {
    let mut server = Server::start(Options::default());
    expect![[r#"
        [
          {
            "range": {
              "end": {
                "character": 7,
                "line": 1
              },
              "start": {
                "character": 2,
                "line": 1
              }
            },
            "uri": "file://$ROOT/goto.nix"
          }
        ]"#]]
    .assert_eq(&request_at(
        &mut server,
        "goto.nix",
        "let\n  value = 1;\nin val$0ue + value\n",
        "textDocument/definition",
        Value::Null,
    ));
}

#[test]
fn goto_definition_through_import_into_another_file() {
    let mut server = Server::start(Options {
        files: vec![("lib.nix", "{ greet = name: \"hi ${name}\"; }\n".into())],
        ..Options::default()
    });
    let (text, positions) = fixture("let lib = import ./lib.nix; in lib.gr$0eet \"me\"\n");
    let uri = open_and_wait(&mut server, "main.nix", &text);
    expect![[r#"
        [
          {
            "range": {
              "end": {
                "character": 7,
                "line": 0
              },
              "start": {
                "character": 2,
                "line": 0
              }
            },
            "uri": "file://$ROOT/lib.nix"
          }
        ]"#]]
    .assert_eq(&answer(
        &mut server,
        "textDocument/definition",
        text_document_position(&uri, &positions[0]),
    ));
}

#[test]
fn goto_type_definition() {
    let mut server = Server::start(Options::default());
    expect![[r#"
        [
          {
            "range": {
              "end": {
                "character": 12,
                "line": 0
              },
              "start": {
                "character": 12,
                "line": 0
              }
            },
            "uri": "file://$ROOT/type.nix"
          }
        ]"#]]
    .assert_eq(&request_at(
        &mut server,
        "type.nix",
        "let point = { x = 1; y = 2; }; in poi$0nt.x\n",
        "textDocument/typeDefinition",
        Value::Null,
    ));
}
