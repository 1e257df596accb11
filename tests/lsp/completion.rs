use expect_test::expect;
use serde_json::{json, Value};

use crate::support::{request_at, Options, Server};

/// Labels, kinds and edits only: the full items hold long builtin docs.
fn summary(answer: &str) -> String {
    let value: Value = serde_json::from_str(answer).unwrap_or(Value::Null);
    let items = value["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|i| format!("{} {} {}", i["label"].as_str().unwrap_or(""), i["kind"], i["textEdit"]["range"]))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn completes_names_in_scope() {
    let mut server = Server::start(Options::default());
    let answer = request_at(
        &mut server,
        "c.nix",
        "let\n  alpha = 1;\n  alphabet = 2;\nin alp$0\n",
        "textDocument/completion",
        Value::Null,
    );
    expect![""]
    .assert_eq(&summary(&answer));
}

#[test]
fn completes_attributes_after_a_dot() {
    let mut server = Server::start(Options::default());
    let answer = request_at(
        &mut server,
        "c.nix",
        "let s = { one = 1; two = 2; }; in s.$0\n",
        "textDocument/completion",
        json!({ "context": { "triggerKind": 2, "triggerCharacter": "." } }),
    );
    expect![""]
    .assert_eq(&summary(&answer));
}
