use expect_test::expect;
use serde_json::json;

use crate::support::{redact, Options, Server};

#[test]
fn diagnostics_are_published_on_open_with_the_version() {
    let mut server = Server::start(Options::default());
    let uri = server.open("d.nix", "{\n  a = 1;\n  b = ;\n}\n");
    let diagnostics = server.diagnostics(&uri, Some(1));
    expect![[r#"
        {
          "diagnostics": [
            {
              "code": "syntax-error",
              "message": "expected an expression, found `;`",
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
              "severity": 1,
              "source": "nixty"
            },
            {
              "code": "syntax-error",
              "message": "expected `;`, found `}`",
              "range": {
                "end": {
                  "character": 1,
                  "line": 3
                },
                "start": {
                  "character": 0,
                  "line": 3
                }
              },
              "severity": 1,
              "source": "nixty"
            }
          ],
          "uri": "file://$ROOT/d.nix",
          "version": 1
        }"#]]
    .assert_eq(&redact(&server, &diagnostics));
}

#[test]
fn a_file_too_large_to_analyze_gets_one_diagnostic() {
    let mut server = Server::start(Options::default());
    // Over the 16 MB limit of nixty_parse::MAX_FILE_SIZE.
    let huge = format!("[ {} ]", "1 ".repeat(8 * 1024 * 1024 + 1));
    let uri = server.open("huge.nix", &huge);
    let diagnostics = server.diagnostics(&uri, Some(1));
    let list = diagnostics["diagnostics"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{diagnostics}");
    assert_eq!(list[0]["code"], "file-refused");
    assert!(
        list[0]["message"].as_str().unwrap().contains("too large"),
        "{diagnostics}"
    );
    // Features answer null for it, and the server keeps serving.
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 2 } }),
    );
    assert_eq!(hover, Ok(serde_json::Value::Null));
}

#[test]
fn binary_text_gets_one_diagnostic() {
    let mut server = Server::start(Options::default());
    let uri = server.open("bin.nix", "abc\u{0}def");
    let diagnostics = server.diagnostics(&uri, Some(1));
    let message = diagnostics["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("binary"), "{message}");
}
