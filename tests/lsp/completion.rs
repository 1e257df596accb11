use expect_test::expect;
use serde_json::{json, Value};

use crate::support::{request_at, Options, Server};

/// Labels, kinds and edits only: the full items hold long builtin docs.
fn summary(answer: &str) -> String {
    let value: Value = serde_json::from_str(answer).unwrap_or(Value::Null);
    let items = value["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|i| {
            format!(
                "{} {} {}",
                i["label"].as_str().unwrap_or(""),
                i["kind"],
                i["textEdit"]["range"]
            )
        })
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
    expect![[r#"
        alpha 6 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        alphabet 6 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        abort 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        baseNameOf 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        break 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        builtins 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        derivation 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        dirOf 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        false 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        fetchGit 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        fetchMercurial 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        fetchTarball 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        fetchTree 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        fromTOML 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        import 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        isNull 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        map 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        null 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        placeholder 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        removeAttrs 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        scopedImport 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        throw 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        toString 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        true 3 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        assert 14 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        if 14 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        let 14 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        rec 14 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}
        with 14 {"end":{"character":6,"line":3},"start":{"character":3,"line":3}}"#]]
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
    expect![[r#"
        one 5 {"end":{"character":36,"line":0},"start":{"character":36,"line":0}}
        two 5 {"end":{"character":36,"line":0},"start":{"character":36,"line":0}}"#]]
    .assert_eq(&summary(&answer));
}
