use expect_test::expect;
use serde_json::Value;

use crate::support::{request_at, Options, Server};

fn hover(text: &str) -> String {
    let mut server = Server::start(Options::default());
    request_at(&mut server, "hover.nix", text, "textDocument/hover", Value::Null)
}

#[test]
fn hover_on_a_let_binding() {
    expect![[r#"
    "#]]
    .assert_eq(&hover("let\n  # The answer.\n  answer = 42;\nin an$0swer\n"));
}

#[test]
fn hover_after_non_ascii_text_uses_utf16_columns() {
    expect![[r#"
    "#]]
    .assert_eq(&hover("let s = \"é😀\"; name = 1; in s + na$0me\n"));
}

#[test]
fn hover_on_a_builtin() {
    expect![[r#"
    "#]]
    .assert_eq(&hover("builtins.map$0 (x: x) [ ]\n"));
}

#[test]
fn hover_on_whitespace_is_null() {
    assert_eq!(hover("{ a = 1; $0 }\n"), "null");
}
