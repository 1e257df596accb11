//! The server opens pathological documents and keeps answering: diagnostics are published for
//! the opened version, and every feature request gets an answer (result or error), in time.

use serde_json::{json, Value};

use crate::inputs::{huge_file, pathological};
use crate::support::{Options, Server};

/// Every document-wide request and a few positional ones, at the start and the middle.
fn ask_everything(server: &mut Server, uri: &str, middle: u32) {
    let doc = json!({ "textDocument": { "uri": uri } });
    for method in [
        "textDocument/documentSymbol",
        "textDocument/semanticTokens/full",
        "textDocument/foldingRange",
        "textDocument/documentLink",
        "textDocument/formatting",
    ] {
        let mut params = doc.clone();
        if method == "textDocument/formatting" {
            params["options"] = json!({ "tabSize": 2, "insertSpaces": true });
        }
        // Ok or a clean error: the response itself is the point (no crash, no hang).
        let _ = server.request(method, params);
    }
    for character in [0, 1, middle] {
        let position = json!({ "line": 0, "character": character });
        let at = json!({ "textDocument": { "uri": uri }, "position": position });
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/completion",
            "textDocument/signatureHelp",
            "textDocument/documentHighlight",
            "textDocument/prepareRename",
        ] {
            let _ = server.request(method, at.clone());
        }
        let mut references = at.clone();
        references["context"] = json!({ "includeDeclaration": true });
        let _ = server.request("textDocument/references", references);
        let range = json!({ "start": { "line": 0, "character": 0 }, "end": position });
        let _ = server.request(
            "textDocument/semanticTokens/range",
            json!({ "textDocument": { "uri": uri }, "range": range }),
        );
        let _ = server.request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri }, "range": range }),
        );
        let _ = server.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } }),
        );
        let _ = server.request(
            "textDocument/selectionRange",
            json!({ "textDocument": { "uri": uri }, "positions": [position] }),
        );
    }
}

#[test]
fn deep_and_long_documents_are_served() {
    let mut server = Server::start(Options::default());
    // Big-but-flat files (20 000 bindings) are the benchmarks' business: in a debug build
    // their heavier requests take longer than the client's timeout.
    for (name, text) in pathological()
        .into_iter()
        .filter(|(name, _)| *name != "bindings")
    {
        let uri = server.open(&format!("{name}.nix"), &text);
        let published = server.diagnostics(&uri, Some(1));
        assert!(published["diagnostics"].is_array(), "{name}");
        let first_line_len = text.lines().next().map_or(0, |l| l.encode_utf16().count());
        ask_everything(&mut server, &uri, (first_line_len / 2) as u32);
        // Close it, so the next document does not share the machine with this one.
        server.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
    let uri = server.open("after.nix", "let a = 1; in a");
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 14 } }),
    );
    assert!(
        matches!(hover, Ok(Value::Object(_))),
        "still serving: {hover:?}"
    );
}

#[test]
fn a_50_megabyte_document_is_refused_with_a_diagnostic() {
    let mut server = Server::start(Options::default());
    let uri = server.open("huge.nix", &huge_file(50));
    let published = server.diagnostics(&uri, Some(1));
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.contains("MB") || message.contains("large"),
        "{message}"
    );
    ask_everything(&mut server, &uri, 10);
}

#[test]
fn huge_outputs_stay_bounded() {
    // 30 000 undefined names: every one a diagnostic, a semantic token, and a symbol.
    let text = format!(
        "{{\n{}}}\n",
        (0..30_000)
            .map(|i| format!("  a{i} = u{i};\n"))
            .collect::<String>()
    );
    let mut server = Server::start(Options::default());
    let uri = server.open("many.nix", &text);
    let published = server.diagnostics(&uri, Some(1));
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(
        diagnostics.len(),
        1001,
        "at most 1 000 diagnostics and a note"
    );
    let note = diagnostics.last().unwrap();
    assert_eq!(note["code"], "too-many-diagnostics");
    assert!(
        note["message"].as_str().unwrap().contains("29000 more"),
        "{note}"
    );
    let symbols = server
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    let symbols = symbols.as_array().map_or(0, Vec::len);
    assert!(symbols <= 20_000, "{symbols} document symbols");
    let tokens = server
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    assert!(tokens["data"].is_array());
}
