use expect_test::expect;
use serde_json::Value;

use crate::support::{request_at, Options, Server};

#[test]
fn signature_of_a_pattern_lambda_call() {
    let mut server = Server::start(Options::default());
    expect![[r#"
        {
          "activeSignature": 0,
          "signatures": [
            {
              "label": "f { name, version ? … } :: { name: ?, version?: ? } -> ?",
              "parameters": [
                {
                  "label": [
                    4,
                    8
                  ]
                },
                {
                  "label": [
                    10,
                    21
                  ]
                }
              ]
            }
          ]
        }"#]]
    .assert_eq(&request_at(
        &mut server,
        "s.nix",
        "let f = { name, version ? \"1.0\" }: name; in f { name = \"x\"; $0 }\n",
        "textDocument/signatureHelp",
        Value::Null,
    ));
}
