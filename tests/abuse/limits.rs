//! Output limits: answers that grow with the document stop at a fixed size, and the server
//! says once per document, in a `window/logMessage` warning, what it cut (completion says it in
//! the answer with `isIncomplete`). The limits are in `server/lsp/src/limits.rs`; these
//! documents go just past them.

use serde_json::{json, Value};

use crate::support::{default_capabilities, Options, Server};

/// Opens `text` and waits for its first diagnostics.
fn open(server: &mut Server, text: &str) -> String {
    let uri = server.open("big.nix", text);
    server.diagnostics(&uri, Some(1));
    uri
}

/// The warning about cut `what` for `uri`.
fn cut_warning(server: &mut Server, uri: &str, what: &str) -> String {
    let needle = format!("{uri} has ");
    let what = format!(" {what}; only the first ");
    server.wait_for(&format!("the warning about cut {what}"), |m| {
        m["method"] == "window/logMessage"
            && m["params"]["type"] == 2
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains(&needle) && s.contains(&what))
    })["params"]["message"]
        .as_str()
        .unwrap()
        .to_string()
}

fn warnings_about(server: &Server, what: &str) -> usize {
    server
        .notifications
        .iter()
        .filter(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains(&format!(" {what}; only the first ")))
        })
        .count()
}

/// The range of all of `text` (which ends with a newline).
fn whole_file(text: &str) -> Value {
    let lines = text.lines().count();
    json!({ "start": { "line": 0, "character": 0 }, "end": { "line": lines, "character": 0 } })
}

#[test]
fn semantic_tokens_stop_at_100_000_full_and_range() {
    // One number token per element, plus the brackets.
    let text = format!("[{} ]\n", " 1".repeat(100_050));
    let mut server = Server::start(Options::default());
    let uri = open(&mut server, &text);
    let doc = json!({ "textDocument": { "uri": uri } });
    let full = server
        .request("textDocument/semanticTokens/full", doc.clone())
        .unwrap();
    assert_eq!(full["data"].as_array().unwrap().len(), 5 * 100_000);
    let warning = cut_warning(&mut server, &uri, "semantic tokens");
    assert!(
        warning.contains("only the first 100000 (in document order)"),
        "{warning}"
    );
    let mut params = doc.clone();
    params["range"] = whole_file(&text);
    let range = server
        .request("textDocument/semanticTokens/range", params.clone())
        .unwrap();
    assert_eq!(range["data"].as_array().unwrap().len(), 5 * 100_000);
    // A small range is not affected.
    params["range"] =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 20 } });
    let small = server
        .request("textDocument/semanticTokens/range", params)
        .unwrap();
    let small = small["data"].as_array().unwrap().len() / 5;
    assert!((9..=11).contains(&small), "{small} tokens in 20 columns");
    // Said once per document, not on every request.
    server.request("shutdown", Value::Null).unwrap();
    assert_eq!(warnings_about(&server, "semantic tokens"), 0);
}

#[test]
fn folding_ranges_stop_at_5000_or_the_clients_limit() {
    let text = format!("[\n{}]\n", "[\n]\n".repeat(5_100));
    let mut server = Server::start(Options::default());
    let uri = open(&mut server, &text);
    let doc = json!({ "textDocument": { "uri": uri } });
    let folds = server.request("textDocument/foldingRange", doc).unwrap();
    let folds = folds.as_array().unwrap();
    assert_eq!(folds.len(), 5_000);
    // The first ones, in document order: the outer list, then the inner ones from the top.
    assert_eq!(folds[0]["startLine"], 0);
    assert_eq!(folds[1]["startLine"], 1);
    let warning = cut_warning(&mut server, &uri, "folding ranges");
    assert!(warning.contains("has 5101 folding ranges"), "{warning}");

    let mut capabilities = default_capabilities();
    capabilities["textDocument"]["foldingRange"] = json!({ "rangeLimit": 10 });
    let mut server = Server::start(Options {
        capabilities,
        ..Options::default()
    });
    let uri = open(&mut server, &text);
    let doc = json!({ "textDocument": { "uri": uri } });
    let folds = server.request("textDocument/foldingRange", doc).unwrap();
    assert_eq!(folds.as_array().unwrap().len(), 10);
}

#[test]
fn references_and_highlights_stop_at_10_000() {
    let text = format!("let x = 1; in [{} ]\n", " x".repeat(10_050));
    let mut server = Server::start(Options::default());
    let uri = open(&mut server, &text);
    let at = json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 4 } });
    let mut params = at.clone();
    params["context"] = json!({ "includeDeclaration": true });
    let references = server.request("textDocument/references", params).unwrap();
    assert_eq!(references.as_array().unwrap().len(), 10_000);
    let warning = cut_warning(&mut server, &uri, "references");
    assert!(warning.contains("has 10051 references"), "{warning}");
    let highlights = server
        .request("textDocument/documentHighlight", at)
        .unwrap();
    assert_eq!(highlights.as_array().unwrap().len(), 10_000);
    cut_warning(&mut server, &uri, "highlighted ranges");
}

#[test]
fn inlay_hints_stop_at_5000() {
    let bindings: String = (0..5_050).map(|i| format!("  a{i} = {i};\n")).collect();
    let text = format!("let\n{bindings}in a0\n");
    let mut server = Server::start(Options::default());
    let uri = open(&mut server, &text);
    let params = json!({ "textDocument": { "uri": uri }, "range": whole_file(&text) });
    let hints = server.request("textDocument/inlayHint", params).unwrap();
    assert_eq!(hints.as_array().unwrap().len(), 5_000);
    let warning = cut_warning(&mut server, &uri, "inlay hints");
    assert!(warning.contains("has 5050 inlay hints"), "{warning}");
}

#[test]
fn document_links_stop_at_10_000() {
    let text = format!("[{} ]\n", " https://example.org/x".repeat(10_050));
    let mut server = Server::start(Options::default());
    let uri = open(&mut server, &text);
    let doc = json!({ "textDocument": { "uri": uri } });
    let links = server.request("textDocument/documentLink", doc).unwrap();
    assert_eq!(links.as_array().unwrap().len(), 10_000);
    cut_warning(&mut server, &uri, "document links");
}

#[test]
fn completion_stops_at_1000_and_says_it_is_incomplete() {
    let bindings: String = (0..1_100).map(|i| format!("  v{i} = {i};\n")).collect();
    let text = format!("let\n{bindings}in v\n");
    let mut server = Server::start(Options::default());
    let uri = open(&mut server, &text);
    let line = 1_100 + 1;
    let at =
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 4 } });
    let list = server.request("textDocument/completion", at).unwrap();
    assert_eq!(list["isIncomplete"], true);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1_000);
    assert!(items.iter().any(|i| i["label"] == "v0"), "{:?}", items[0]);
    // A short list is complete.
    let uri = server.open("small.nix", "let abc = 1; in ab\n");
    server.diagnostics(&uri, Some(1));
    let at = json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 18 } });
    let list = server.request("textDocument/completion", at).unwrap();
    assert_eq!(list["isIncomplete"], false);
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["label"] == "abc"));
}

#[test]
fn document_symbols_stop_at_20_000_keeping_outer_levels() {
    let top = 19_990;
    let bindings: String = (0..top)
        .map(|i| format!("  a{i} = {{ x = 1; y = 2; }};\n"))
        .collect();
    let text = format!("{{\n{bindings}}}\n");
    let mut server = Server::start(Options::default());
    let uri = open(&mut server, &text);
    let doc = json!({ "textDocument": { "uri": uri } });
    let symbols = server.request("textDocument/documentSymbol", doc).unwrap();
    let symbols = symbols.as_array().unwrap();
    // Every top-level binding, then the first children until the limit.
    assert_eq!(symbols.len(), top);
    assert_eq!(symbols[top - 1]["name"], format!("a{}", top - 1));
    let children: usize = symbols
        .iter()
        .map(|s| s["children"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(children, 10);
    let warning = cut_warning(&mut server, &uri, "document symbols");
    assert!(
        warning.contains("has 59970 document symbols; only the first 20000 (outer levels first)"),
        "{warning}"
    );
}
