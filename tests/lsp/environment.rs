//! The environments extension: `nixty/environment`, the trust prompt, the commands and
//! `nixty/environmentChanged`. Nothing here lets Nix evaluate anything (no project is allowed).

use serde_json::{json, Value};

use crate::support::{Options, Server};

#[test]
fn a_file_outside_any_project_has_no_environment() {
    let mut server = Server::start(Options {
        files: vec![("lib/a.nix", "1\n".into())],
        ..Options::default()
    });
    let result = server.request(
        "nixty/environment",
        json!({ "uri": server.uri("lib/a.nix") }),
    );
    assert_eq!(result, Ok(Value::Null));
}

#[test]
fn an_untrusted_project_is_reported_and_the_user_is_asked_once() {
    let mut server = Server::start(Options {
        files: vec![("shell.nix", "{ }\n".into()), ("src/a.nix", "1\n".into())],
        ..Options::default()
    });
    let uri = server.uri("src/a.nix");
    let environment = server
        .request("nixty/environment", json!({ "uri": uri }))
        .unwrap();
    assert_eq!(environment["status"], "untrusted", "{environment}");
    let prompt = server.wait_for("the trust prompt", |m| {
        m["method"] == "window/showMessageRequest"
    });
    let message = prompt["params"]["message"].as_str().unwrap();
    assert!(message.contains("shell.nix"), "{message}");
    let titles: Vec<&str> = prompt["params"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Allow", "Deny"]);
}

#[test]
fn deny_command_records_the_decision_and_notifies_the_editor() {
    let mut server = Server::start(Options {
        files: vec![("shell.nix", "{ }\n".into())],
        ..Options::default()
    });
    let root = server.root.path().to_string_lossy().into_owned();
    let result = server
        .request(
            "workspace/executeCommand",
            json!({ "command": "nixty.env.deny", "arguments": [{ "root": root }] }),
        )
        .unwrap();
    assert_eq!(result["root"], root.as_str());
    let changed = server.wait_for("nixty/environmentChanged", |m| {
        m["method"] == "nixty/environmentChanged"
    });
    assert_eq!(changed["params"]["root"], root.as_str());
}

#[test]
fn commands_are_advertised_and_unknown_ones_refused() {
    let mut server = Server::spawn(Value::Null);
    let init = server
        .request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        )
        .unwrap();
    let commands = &init["capabilities"]["executeCommandProvider"]["commands"];
    assert!(
        commands
            .as_array()
            .unwrap()
            .contains(&json!("nixty.env.allow")),
        "{commands}"
    );
    server.notify("initialized", json!({}));
    let error = server
        .request(
            "workspace/executeCommand",
            json!({ "command": "nixty.nope", "arguments": [] }),
        )
        .unwrap_err();
    assert_eq!(error["code"], -32602);
}

#[test]
fn the_environment_request_checks_its_params() {
    let mut server = Server::start(Options::default());
    let error = server
        .request("nixty/environment", json!({ "nope": 1 }))
        .unwrap_err();
    assert_eq!(error["code"], -32602);
}
