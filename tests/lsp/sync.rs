use serde_json::json;

use crate::support::{Options, Server};

fn change(server: &Server, uri: &str, version: i64, changes: serde_json::Value) {
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
    );
}

/// The syntax errors' messages (other diagnostics, like unused bindings, do not matter here).
fn messages(diagnostics: &serde_json::Value) -> Vec<String> {
    diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("syntax-"))
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn incremental_edits_apply_in_order_and_diagnostics_follow_the_version() {
    let mut server = Server::start(Options::default());
    let uri = server.open("a.nix", "let a = 1; in a\n");
    let first = server.diagnostics(&uri, Some(1));
    assert_eq!(messages(&first), Vec::<String>::new());
    // Break the file, then fix it again in a second change of the same notification.
    change(
        &server,
        &uri,
        2,
        json!([
            { "range": { "start": { "line": 0, "character": 9 }, "end": { "line": 0, "character": 10 } }, "text": "" },
        ]),
    );
    let broken = server.diagnostics(&uri, Some(2));
    assert!(!messages(&broken).is_empty(), "{broken}");
    change(
        &server,
        &uri,
        3,
        json!([
            { "range": { "start": { "line": 0, "character": 9 }, "end": { "line": 0, "character": 9 } }, "text": ";" },
            { "range": { "start": { "line": 0, "character": 4 }, "end": { "line": 0, "character": 5 } }, "text": "bb" },
            { "range": { "start": { "line": 0, "character": 15 }, "end": { "line": 0, "character": 16 } }, "text": "bb" },
        ]),
    );
    let fixed = server.diagnostics(&uri, Some(3));
    assert_eq!(messages(&fixed), Vec::<String>::new(), "{fixed}");
}

#[test]
fn edits_with_utf16_positions_after_non_ascii_text() {
    let mut server = Server::start(Options::default());
    let uri = server.open("u.nix", "{ s = \"é😀\"; x = 1 }\n");
    server.diagnostics(&uri, Some(1));
    // `x = 1 ` starts at UTF-16 column 13 (é is 1 unit, 😀 is 2); insert the missing `;`.
    change(
        &server,
        &uri,
        2,
        json!([{ "range": { "start": { "line": 0, "character": 18 }, "end": { "line": 0, "character": 18 } }, "text": ";" }]),
    );
    let diagnostics = server.diagnostics(&uri, Some(2));
    assert_eq!(
        messages(&diagnostics),
        Vec::<String>::new(),
        "{diagnostics}"
    );
}

#[test]
fn a_stale_version_is_ignored() {
    let mut server = Server::start(Options::default());
    let uri = server.open("s.nix", "1\n");
    server.diagnostics(&uri, Some(1));
    change(&server, &uri, 5, json!([{ "text": "{ a = 1; }\n" }]));
    server.diagnostics(&uri, Some(5));
    // Version 4 is older than 5: dropped, the document keeps version 5's text.
    change(&server, &uri, 4, json!([{ "text": "{ a = ; }\n" }]));
    change(
        &server,
        &uri,
        6,
        json!([{ "range": { "start": { "line": 0, "character": 9 }, "end": { "line": 0, "character": 9 } }, "text": " " }]),
    );
    let latest = server.diagnostics(&uri, Some(6));
    assert_eq!(messages(&latest), Vec::<String>::new(), "{latest}");
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let mut server = Server::start(Options::default());
    let uri = server.open("c.nix", "{ a = ; }\n");
    let open = server.diagnostics(&uri, Some(1));
    assert!(!messages(&open).is_empty());
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    // The clearing publish carries no version (the document is gone).
    let closed = server.wait_for("the clearing diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["version"].is_null()
    });
    assert_eq!(closed["params"]["diagnostics"], json!([]));
}

#[test]
fn crlf_documents_report_positions_on_the_right_lines() {
    let mut server = Server::start(Options::default());
    let uri = server.open("crlf.nix", "{\r\n  a = 1;\r\n  b = ;\r\n}\r\n");
    let diagnostics = server.diagnostics(&uri, Some(1));
    let syntax_error = diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "syntax-error")
        .cloned()
        .unwrap_or_default();
    assert_eq!(syntax_error["range"]["start"]["line"], 2, "{diagnostics}");
}

#[test]
fn editing_an_imported_file_rechecks_the_open_importers() {
    let mut server = Server::start(Options {
        files: vec![("lib.nix", "{ x = 1; }\n".into())],
        ..Options::default()
    });
    let lib = server.open("lib.nix", "{ x = 1; }\n");
    server.diagnostics(&lib, Some(1));
    let main = server.open("main.nix", "let lib = import ./lib.nix; in lib.x + 1\n");
    let before = server.diagnostics(&main, Some(1));
    assert_eq!(before["diagnostics"], json!([]), "{before}");
    // `x` becomes a list: `lib.x + 1` in main.nix is now a type error.
    change(
        &server,
        &lib,
        2,
        json!([{ "range": { "start": { "line": 0, "character": 6 }, "end": { "line": 0, "character": 7 } }, "text": "[ ]" }]),
    );
    let after = server.diagnostics(&main, Some(1));
    let codes: Vec<&str> = after["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.iter().any(|c| c.starts_with("type-")), "{after}");
}
