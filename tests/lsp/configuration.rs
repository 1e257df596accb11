use serde_json::{json, Value};

use crate::support::{Options, Server};

const BROKEN: &str = "{ a = ; }\n";

fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}:{}", d["code"].as_str().unwrap(), d["severity"]))
        .collect()
}

#[test]
fn initialization_options_set_severities() {
    let mut server = Server::start(Options {
        initialization_options: json!({ "diagnostics": { "severity": { "syntax-error": "hint" } } }),
        ..Options::default()
    });
    let uri = server.open("a.nix", BROKEN);
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert!(
        codes(&diagnostics).iter().all(|c| c == "syntax-error:4"),
        "{diagnostics}"
    );
    assert!(!codes(&diagnostics).is_empty());
}

#[test]
fn workspace_configuration_is_pulled_at_startup() {
    let mut server = Server::start(Options {
        configuration: json!({ "diagnostics": { "disable": ["syntax-error"] } }),
        ..Options::default()
    });
    let uri = server.open("b.nix", BROKEN);
    // The pull may finish after the open: then the diagnostics are published again. Fails by
    // timeout when the setting never applies.
    server.wait_for("diagnostics without the disabled code", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["diagnostics"] == json!([])
    });
}

#[test]
fn did_change_configuration_republishes_diagnostics() {
    let mut server = Server::start(Options::default());
    let uri = server.open("c.nix", BROKEN);
    let before = server.diagnostics(&uri, Some(1));
    assert!(!codes(&before).is_empty());
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "nixty": { "diagnostics": { "disable": ["syntax-error"] } } } }),
    );
    let after = server.diagnostics(&uri, Some(1));
    assert_eq!(codes(&after), Vec::<String>::new(), "{after}");
}

#[test]
fn nixty_toml_at_the_workspace_root_applies() {
    let mut server = Server::start(Options {
        files: vec![(
            "nixty.toml",
            "[diagnostics]\nseverity = { \"syntax-error\" = \"warning\" }\n".into(),
        )],
        ..Options::default()
    });
    let uri = server.open("d.nix", BROKEN);
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert!(
        codes(&diagnostics).iter().all(|c| c == "syntax-error:2"),
        "{diagnostics}"
    );
}

#[test]
fn invalid_settings_are_reported_and_the_server_keeps_serving() {
    let mut server = Server::start(Options {
        initialization_options: json!({ "diagnostics": { "disable": 7 } }),
        ..Options::default()
    });
    let message = server.wait_for("a warning about the settings", |m| {
        m["method"] == "window/showMessage"
    });
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains("invalid settings"),
        "{message}"
    );
    let uri = server.open("e.nix", BROKEN);
    assert!(!codes(&server.diagnostics(&uri, Some(1))).is_empty());
}
