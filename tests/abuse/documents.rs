//! Every request for documents that are not open, were closed, or at positions out of range:
//! an answer (null/empty or InvalidParams), never a crash, and the server keeps serving.

use serde_json::{json, Value};

use crate::support::{open_and_wait, Options, Server};

const POSITIONAL: &[&str] = &[
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/typeDefinition",
    "textDocument/references",
    "textDocument/documentHighlight",
    "textDocument/completion",
    "textDocument/signatureHelp",
    "textDocument/prepareRename",
    "textDocument/rename",
];

const WHOLE: &[&str] = &[
    "textDocument/documentSymbol",
    "textDocument/semanticTokens/full",
    "textDocument/semanticTokens/range",
    "textDocument/foldingRange",
    "textDocument/documentLink",
    "textDocument/formatting",
    "textDocument/inlayHint",
    "textDocument/codeAction",
    "textDocument/selectionRange",
];

fn params(method: &str, uri: &str, line: i64, character: i64) -> Value {
    let position = json!({ "line": line, "character": character });
    let range = json!({ "start": { "line": 0, "character": 0 }, "end": position });
    let mut p = json!({ "textDocument": { "uri": uri }, "position": position });
    match method {
        "textDocument/references" => p["context"] = json!({ "includeDeclaration": true }),
        "textDocument/rename" => p["newName"] = json!("fresh"),
        "textDocument/semanticTokens/range" | "textDocument/inlayHint" => {
            p = json!({ "textDocument": { "uri": uri }, "range": range })
        }
        "textDocument/codeAction" => {
            p = json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } })
        }
        "textDocument/selectionRange" => {
            p = json!({ "textDocument": { "uri": uri }, "positions": [position] })
        }
        "textDocument/formatting" => {
            p = json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } })
        }
        _ => {}
    }
    p
}

/// Null, an empty list, or InvalidParams (never an internal error).
fn assert_harmless(method: &str, answer: Result<Value, Value>) {
    match answer {
        Ok(Value::Null) => {}
        Ok(Value::Array(items)) => assert!(
            items.is_empty() || method.contains("selectionRange"),
            "{method}: {items:?}"
        ),
        Ok(Value::Object(o)) => assert!(
            o.get("data")
                .is_some_and(|d| d.as_array().is_some_and(Vec::is_empty))
                || o.get("items")
                    .is_some_and(|d| d.as_array().is_some_and(Vec::is_empty)),
            "{method}: {o:?}"
        ),
        Ok(other) => panic!("{method}: {other}"),
        Err(error) => assert_eq!(error["code"], -32602, "{method}: {error}"),
    }
}

#[test]
fn every_request_for_unopened_and_closed_documents() {
    let mut server = Server::start(Options::default());
    let closed = open_and_wait(&mut server, "closed.nix", "let a = 1; in a\n");
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": closed } }),
    );
    // Closing twice and changing a closed document are ignored.
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": closed } }),
    );
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": closed, "version": 9 }, "contentChanges": [{ "text": "x" }] }),
    );
    let never = server.uri("never.nix");
    for uri in [
        closed.as_str(),
        never.as_str(),
        "untitled:Untitled-1",
        "https://example.org/a.nix",
    ] {
        for method in POSITIONAL.iter().chain(WHOLE) {
            let answer = server.request(method, params(method, uri, 0, 3));
            assert_harmless(method, answer);
        }
    }
    let uri = open_and_wait(&mut server, "alive.nix", "{ a = ; }");
    assert!(!uri.is_empty());
}

#[test]
fn every_request_at_positions_out_of_range() {
    let mut server = Server::start(Options::default());
    let uri = open_and_wait(&mut server, "p.nix", "let a = \"é𝔸\";\nin a\n");
    for (line, character) in [
        (0, 10_000),
        (1, 100),
        (2, 0),
        (3, 0),
        (500, 0),
        (i64::from(u32::MAX), 0),
        (0, i64::from(u32::MAX)),
        (0, 11),
    ] {
        for method in POSITIONAL.iter().chain(WHOLE) {
            // Answers only: positions past the end give InvalidParams or a clamped answer.
            let _ = server.request(method, params(method, &uri, line, character));
        }
    }
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 3 } }),
    );
    assert!(
        matches!(hover, Ok(Value::Object(_))),
        "still serving: {hover:?}"
    );
}

#[test]
fn edits_out_of_range_and_with_stale_versions_do_not_break_the_document() {
    let mut server = Server::start(Options::default());
    let uri = open_and_wait(&mut server, "e.nix", "let a = 1; in a\n");
    for (version, change) in [
        (
            2,
            json!({ "range": { "start": { "line": 40, "character": 0 }, "end": { "line": 41, "character": 0 } }, "text": "x" }),
        ),
        (
            3,
            json!({ "range": { "start": { "line": 0, "character": 9 }, "end": { "line": 0, "character": 2 } }, "text": "y" }),
        ),
        (
            4,
            json!({ "range": { "start": { "line": 0, "character": 500 }, "end": { "line": 0, "character": 900 } }, "text": "" }),
        ),
        (1, json!({ "text": "stale version" })),
    ] {
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
    }
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 10 }, "contentChanges": [{ "text": "let b = 2; in b\n" }] }),
    );
    let diagnostics = server.diagnostics(&uri, Some(10));
    assert_eq!(diagnostics["diagnostics"], json!([]), "{diagnostics}");
    let symbols = server
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap()
        .to_string();
    assert!(symbols.contains("\"b\""), "{symbols}");
}
