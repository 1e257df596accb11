use expect_test::expect;
use serde_json::json;

use crate::support::{answer, open_and_wait, Options, Server};

#[test]
fn formatting_answers_edits_or_a_reason() {
    let mut server = Server::start(Options::default());
    let uri = open_and_wait(&mut server, "fmt.nix", "{a=1;\n    b   =  2;}\n");
    expect![[r#"
        [
          {
            "newText": "\n  a = 1;\n  b = 2;\n",
            "range": {
              "end": {
                "character": 13,
                "line": 1
              },
              "start": {
                "character": 1,
                "line": 0
              }
            }
          }
        ]"#]]
    .assert_eq(&answer(
        &mut server,
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    ));
}
