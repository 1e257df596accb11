use expect_test::expect;
use serde_json::{json, Value};

use crate::support::{Options, Server};

#[test]
fn initialize_advertises_the_capabilities() {
    let mut server = Server::spawn(Value::Null);
    let result = server
        .request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        )
        .unwrap();
    assert_eq!(result["serverInfo"]["name"], "nixty");
    let mut caps = result["capabilities"].clone();
    // The legend is checked on its own (it grows with the ide crate's token kinds).
    let legend = caps["semanticTokensProvider"]["legend"].take();
    assert!(legend["tokenTypes"]
        .as_array()
        .is_some_and(|t| !t.is_empty()));
    expect![[r#"
        {
          "codeActionProvider": {
            "codeActionKinds": [
              "quickfix",
              "refactor",
              "refactor.rewrite"
            ],
            "resolveProvider": false
          },
          "completionProvider": {
            "resolveProvider": false,
            "triggerCharacters": [
              ".",
              "/"
            ]
          },
          "definitionProvider": true,
          "documentFormattingProvider": true,
          "documentHighlightProvider": true,
          "documentLinkProvider": {
            "resolveProvider": false
          },
          "documentSymbolProvider": true,
          "executeCommandProvider": {
            "commands": [
              "nixty.env.allow",
              "nixty.env.deny",
              "nixty.env.reload"
            ]
          },
          "foldingRangeProvider": true,
          "hoverProvider": true,
          "inlayHintProvider": true,
          "referencesProvider": true,
          "renameProvider": {
            "prepareProvider": true
          },
          "selectionRangeProvider": true,
          "semanticTokensProvider": {
            "full": true,
            "legend": null,
            "range": true
          },
          "signatureHelpProvider": {
            "retriggerCharacters": [
              ",",
              ";"
            ],
            "triggerCharacters": [
              " ",
              "{"
            ]
          },
          "textDocumentSync": {
            "change": 2,
            "openClose": true
          },
          "typeDefinitionProvider": true,
          "workspace": {
            "workspaceFolders": {
              "changeNotifications": true,
              "supported": true
            }
          },
          "workspaceSymbolProvider": true
        }"#]]
    .assert_eq(&serde_json::to_string_pretty(&caps).unwrap());
}

#[test]
fn shutdown_then_exit_ends_with_status_0() {
    let server = Server::start(Options::default());
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let mut server = Server::start(Options::default());
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit(), Some(1));
}

#[test]
fn end_of_input_ends_the_server() {
    let mut server = Server::start(Options::default());
    server.close_stdin();
    assert!(server.wait_exit().is_some());
}

#[test]
fn requests_before_initialize_are_refused_with_server_not_initialized() {
    let mut server = Server::spawn(Value::Null);
    let error = server
        .request("textDocument/hover", json!({ "textDocument": { "uri": "file:///x.nix" }, "position": { "line": 0, "character": 0 } }))
        .unwrap_err();
    assert_eq!(error["code"], -32002);
}

#[test]
fn the_server_exits_when_its_parent_process_dies() {
    let mut parent = std::process::Command::new("sleep")
        .arg("60")
        .spawn()
        .unwrap();
    let mut server = Server::start(Options {
        process_id: Some(parent.id()),
        ..Options::default()
    });
    // Still serving while the parent lives.
    assert_eq!(server.request("shutdown", Value::Null), Ok(Value::Null));
    parent.kill().unwrap();
    parent.wait().unwrap();
    assert_eq!(server.wait_exit(), Some(1));
}
