use expect_test::expect;
use serde_json::Value;

use crate::support::{request_at, Options, Server};

fn hover(text: &str) -> String {
    let mut server = Server::start(Options::default());
    request_at(
        &mut server,
        "hover.nix",
        text,
        "textDocument/hover",
        Value::Null,
    )
}

#[test]
fn hover_on_a_let_binding() {
    expect![[r#"
        {
          "contents": {
            "kind": "markdown",
            "value": "```nix\n(let binding) answer: Int\n```\n\nThe answer."
          },
          "range": {
            "end": {
              "character": 9,
              "line": 3
            },
            "start": {
              "character": 3,
              "line": 3
            }
          }
        }"#]]
    .assert_eq(&hover(
        "let\n  # The answer.\n  answer = 42;\nin an$0swer\n",
    ));
}

#[test]
fn hover_after_non_ascii_text_uses_utf16_columns() {
    expect![[r#"
        {
          "contents": {
            "kind": "markdown",
            "value": "```nix\n(let binding) name: Int\n```"
          },
          "range": {
            "end": {
              "character": 36,
              "line": 0
            },
            "start": {
              "character": 32,
              "line": 0
            }
          }
        }"#]]
    .assert_eq(&hover("let s = \"é😀\"; name = 1; in s + na$0me\n"));
}

#[test]
fn hover_on_a_builtin() {
    expect![[r#"
        {
          "contents": {
            "kind": "markdown",
            "value": "```nix\n(builtin) builtins.map: (a -> b) -> [a] -> [b]\n```\n\nApplies a function to every element of a list. (2 arguments)"
          },
          "range": {
            "end": {
              "character": 12,
              "line": 0
            },
            "start": {
              "character": 9,
              "line": 0
            }
          }
        }"#]]
    .assert_eq(&hover("builtins.map$0 (x: x) [ ]\n"));
}

#[test]
fn hover_in_a_comment_is_null() {
    assert_eq!(hover("# a com$0ment\n{ a = 1; }\n"), "null");
}
