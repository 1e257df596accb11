//! Floods: thousands of edits, cancellation storms, requests interleaved with edits.

use serde_json::{json, Value};

use crate::support::{open_and_wait, Options, Server};

fn full_change(server: &Server, uri: &str, version: i64, text: &str) {
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }] }),
    );
}

/// The versions of every `publishDiagnostics` for `uri` received so far (and up to a final
/// round trip, so everything the server sent before it is in).
fn published_versions(server: &mut Server, uri: &str) -> Vec<i64> {
    let _ = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let mut versions = Vec::new();
    server.notifications.retain(|m| {
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
            versions.push(m["params"]["version"].as_i64().unwrap_or(-1));
            false
        } else {
            true
        }
    });
    versions
}

#[test]
fn thousands_of_edits_then_a_request_answer_for_the_last_version() {
    let mut server = Server::start(Options::default());
    let uri = open_and_wait(&mut server, "flood.nix", "let a = 1; in a\n");
    let last = 3000;
    for version in 2..=last {
        // Incremental: append one binding name at the end of line 0 each time.
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": { "start": { "line": 0, "character": 4 },
                                                     "end": { "line": 0, "character": 5 } },
                                          "text": format!("v{version}") }] }),
        );
    }
    // The name is now `v3000` (each edit replaced the first character of the previous name).
    let symbols = server
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    let text = symbols.to_string();
    assert!(
        text.contains(&format!("v{last}")),
        "symbols not of the last version: {text}"
    );
    let final_diagnostics = server.diagnostics(&uri, Some(last));
    assert!(final_diagnostics["diagnostics"].is_array());
    let versions = published_versions(&mut server, &uri);
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "diagnostics published out of order (a stale version after a newer one): {versions:?}"
    );
    assert!(versions.iter().all(|v| *v <= last), "{versions:?}");
}

#[test]
fn no_stale_diagnostics_after_a_burst_of_full_changes() {
    let mut server = Server::start(Options::default());
    let uri = open_and_wait(&mut server, "burst.nix", "1");
    let big = |v: i64| {
        format!(
            "{{\n{}  last = v{v};\n}}\n",
            (0..2000)
                .map(|i| format!("  a{i} = {i};\n"))
                .collect::<String>()
        )
    };
    for version in 2..=200 {
        full_change(&server, &uri, version, &big(version));
    }
    let published = server.diagnostics(&uri, Some(200));
    let text = published.to_string();
    assert!(
        text.contains("v200"),
        "the last diagnostics name the last text's variable: {text}"
    );
    let versions = published_versions(&mut server, &uri);
    assert!(
        versions.iter().all(|v| *v >= 200),
        "stale diagnostics after the newest: {versions:?}"
    );
}

#[test]
fn cancellation_storm() {
    let mut server = Server::start(Options::default());
    let text = format!(
        "{{\n{}}}\n",
        (0..5000)
            .map(|i| format!("  a{i} = b{i};\n"))
            .collect::<String>()
    );
    let uri = open_and_wait(&mut server, "storm.nix", &text);
    let mut ids = Vec::new();
    for i in 0..500 {
        let method = [
            "textDocument/semanticTokens/full",
            "textDocument/documentSymbol",
            "textDocument/hover",
        ][i % 3];
        let params = if method == "textDocument/hover" {
            json!({ "textDocument": { "uri": uri }, "position": { "line": i % 5000, "character": 3 } })
        } else {
            json!({ "textDocument": { "uri": uri } })
        };
        let id = server.send_request(method, params);
        server.notify("$/cancelRequest", json!({ "id": id }));
        // Cancelling twice, and cancelling unknown ids, is harmless.
        server.notify("$/cancelRequest", json!({ "id": id }));
        server.notify("$/cancelRequest", json!({ "id": 1_000_000 + i }));
        ids.push(id);
    }
    for id in ids {
        // Every request gets exactly one answer: its result or RequestCancelled.
        match server.response(id) {
            Ok(_) => {}
            Err(error) => assert_eq!(error["code"], -32800, "request {id}: {error}"),
        }
    }
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 3 } }),
    );
    assert!(matches!(hover, Ok(Value::Object(_))), "{hover:?}");
}

#[test]
fn requests_interleaved_with_edits_see_the_edits_before_them() {
    let mut server = Server::start(Options::default());
    let uri = open_and_wait(&mut server, "mixed.nix", "{ n0 = 0; }");
    let mut pending = Vec::new();
    for version in 2..=300 {
        full_change(
            &server,
            &uri,
            version,
            &format!("{{ n{version} = {version}; }}"),
        );
        let id = server.send_request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        );
        let hover = server.send_request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 3 } }),
        );
        pending.push((version, id, hover));
    }
    for (version, id, hover) in pending {
        // The answer for the text it was sent after, or ContentModified when a later edit
        // arrived while it was computed (the client then asks again).
        let symbols = match server.response(id) {
            Ok(symbols) => symbols.to_string(),
            Err(error) => {
                assert_eq!(error["code"], -32801, "{error}");
                continue;
            }
        };
        assert!(
            symbols.contains(&format!("\"n{version}\"")),
            "documentSymbol sent after version {version} answered for another text: {symbols}"
        );
        match server.response(hover) {
            Ok(Value::Null) => {}
            Ok(value) => assert!(
                value.to_string().contains(&format!("n{version}"))
                    || value.to_string().contains("int"),
                "hover after version {version}: {value}"
            ),
            Err(error) => assert_eq!(error["code"], -32801, "{error}"),
        }
    }
}
