use serde_json::{json, Value};

use crate::support::{open_and_wait, Options, Server};

fn hover_at(server: &mut Server, uri: &str, line: u32, character: u32) -> Result<Value, Value> {
    server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
    )
}

/// A request every server answers, to show it still serves.
fn still_serving(server: &mut Server) {
    let uri = server.uri("alive.nix");
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "nix", "version": 1, "text": "{ a = ; }" } }),
    );
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert!(!diagnostics["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn unknown_methods_answer_method_not_found() {
    let mut server = Server::start(Options::default());
    let error = server.request("nixty/doesNotExist", json!({})).unwrap_err();
    assert_eq!(error["code"], -32601);
    // Unknown notifications are ignored.
    server.notify("nixty/unknownNotification", json!({}));
    still_serving(&mut server);
}

#[test]
fn malformed_messages_do_not_stop_the_server() {
    let mut server = Server::start(Options::default());
    server.send_raw("{ this is not json");
    let parse_error = server.wait_for("the parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(parse_error["id"], Value::Null);
    // Valid JSON, wrong params: InvalidParams.
    let error = server
        .request("textDocument/hover", json!({ "textDocument": 3 }))
        .unwrap_err();
    assert_eq!(error["code"], -32602);
    still_serving(&mut server);
}

#[test]
fn positions_out_of_range() {
    let mut server = Server::start(Options::default());
    let uri = open_and_wait(&mut server, "p.nix", "let a = 1;\nin a\n");
    // A line past the end: InvalidParams with a message.
    let error = hover_at(&mut server, &uri, 40, 0).unwrap_err();
    assert_eq!(error["code"], -32602);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("outside the document"),
        "{error}"
    );
    // A column past the end of a line means the end of the line (the spec): no error.
    assert!(hover_at(&mut server, &uri, 1, 4000).is_ok());
    still_serving(&mut server);
}

#[test]
fn requests_for_unopened_or_closed_documents_answer_null() {
    let mut server = Server::start(Options::default());
    let never = server.uri("never-opened.nix");
    assert_eq!(hover_at(&mut server, &never, 0, 0), Ok(Value::Null));
    let uri = open_and_wait(&mut server, "closed.nix", "let a = 1; in a\n");
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(hover_at(&mut server, &uri, 0, 14), Ok(Value::Null));
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "untitled:Untitled-9" } }),
    );
    assert_eq!(symbols, Ok(Value::Null));
    still_serving(&mut server);
}

#[test]
fn cancelled_requests_get_an_answer_and_the_server_keeps_serving() {
    let mut server = Server::start(Options::default());
    let big = format!(
        "{{\n{}}}\n",
        (0..20_000)
            .map(|i| format!("  a{i} = {i};\n"))
            .collect::<String>()
    );
    let uri = open_and_wait(&mut server, "big.nix", &big);
    let id = server.send_request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    server.notify("$/cancelRequest", json!({ "id": id }));
    // Either the result (it finished first) or RequestCancelled; never silence.
    match server.response(id) {
        Ok(result) => assert!(result["data"].is_array(), "{result}"),
        Err(error) => assert_eq!(error["code"], -32800, "{error}"),
    }
    still_serving(&mut server);
}

#[test]
fn unopened_documents_edits_are_ignored() {
    let mut server = Server::start(Options::default());
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": server.uri("ghost.nix"), "version": 2 }, "contentChanges": [{ "text": "x" }] }),
    );
    still_serving(&mut server);
}

/// Every request of the server at a position, to see that none of them crashes it.
fn every_feature(server: &mut Server, uri: &str, position: Value) {
    let doc = json!({ "textDocument": { "uri": uri } });
    let at = json!({ "textDocument": { "uri": uri }, "position": position });
    let range = json!({ "start": { "line": 0, "character": 0 }, "end": position });
    let with = |extra: Value| {
        let mut params = at.clone();
        params
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        params
    };
    let requests = [
        ("textDocument/hover", at.clone()),
        ("textDocument/definition", at.clone()),
        ("textDocument/typeDefinition", at.clone()),
        (
            "textDocument/references",
            with(json!({ "context": { "includeDeclaration": true } })),
        ),
        ("textDocument/prepareRename", at.clone()),
        ("textDocument/rename", with(json!({ "newName": "renamed" }))),
        ("textDocument/documentHighlight", at.clone()),
        ("textDocument/completion", at.clone()),
        ("textDocument/signatureHelp", at.clone()),
        ("textDocument/documentSymbol", doc.clone()),
        ("workspace/symbol", json!({ "query": "a" })),
        ("textDocument/semanticTokens/full", doc.clone()),
        (
            "textDocument/semanticTokens/range",
            json!({ "textDocument": { "uri": uri }, "range": range }),
        ),
        ("textDocument/foldingRange", doc.clone()),
        (
            "textDocument/selectionRange",
            json!({ "textDocument": { "uri": uri }, "positions": [position] }),
        ),
        ("textDocument/documentLink", doc.clone()),
        (
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } }),
        ),
        (
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        ),
        (
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri }, "range": range }),
        ),
    ];
    for (method, params) in requests {
        // Any answer will do (a result or an error such as "cannot rename here"); a crash
        // shows up as a dead server in `response`.
        let _ = server.request(method, params);
    }
}

#[test]
fn deeply_nested_input_does_not_crash_any_feature() {
    let mut server = Server::start(Options::default());
    let depth = 100_000;
    for (name, open, close) in [
        ("parens.nix", "(", ")"),
        ("lists.nix", "[", "]"),
        ("sets.nix", "{a=", ";}"),
    ] {
        let text = format!("{}1{}\n", open.repeat(depth), close.repeat(depth));
        let uri = open_and_wait(&mut server, name, &text);
        every_feature(&mut server, &uri, json!({ "line": 0, "character": depth }));
    }
    still_serving(&mut server);
}

#[test]
fn broken_and_binary_input_does_not_crash_any_feature() {
    let mut server = Server::start(Options::default());
    for (name, text) in [
        ("empty.nix", String::new()),
        (
            "broken.nix",
            "let a = { b = [ (x: ; in ${ \"\n''\n".to_string(),
        ),
        ("bytes.nix", "\u{1}\u{2}\u{7f}€\u{fffd}".to_string()),
    ] {
        let uri = server.open(name, &text);
        server.diagnostics(&uri, Some(1));
        every_feature(&mut server, &uri, json!({ "line": 0, "character": 3 }));
    }
    still_serving(&mut server);
}
