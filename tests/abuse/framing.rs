//! Malformed JSON-RPC on the wire. A raw client writes bytes exactly as given (the support
//! client always frames correctly), then checks the server still answers a well-formed request.

use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{read_message, spawn_lsp, Options, Server, TIMEOUT};

struct Raw {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    _root: tempfile::TempDir,
}

impl Raw {
    fn start() -> Raw {
        let root = tempfile::tempdir().unwrap();
        let mut child = spawn_lsp(root.path());
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let mut raw = Raw {
            child,
            stdin,
            incoming: rx,
            _root: root,
        };
        raw.message(&json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize",
                             "params": { "processId": null, "rootUri": null, "capabilities": {} } }));
        raw.response(0);
        raw.message(&json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
        raw
    }

    fn bytes(&mut self, bytes: &[u8]) {
        if let Some(stdin) = self.stdin.as_mut() {
            let _ = stdin.write_all(bytes);
            let _ = stdin.flush();
        }
    }

    fn message(&mut self, message: &Value) {
        let body = message.to_string();
        self.bytes(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn next(&mut self, what: &str) -> Value {
        self.incoming
            .recv_timeout(TIMEOUT)
            .unwrap_or_else(|_| panic!("no message from the server while waiting for {what}"))
    }

    fn response(&mut self, id: i64) -> Value {
        loop {
            let m = self.next(&format!("the response to {id}"));
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
        }
    }

    /// A well-formed request still gets its answer.
    fn still_serving(&mut self, id: i64) {
        self.message(&json!({ "jsonrpc": "2.0", "id": id, "method": "shutdown" }));
        let answer = self.response(id);
        assert_eq!(answer["result"], Value::Null, "{answer}");
    }

    fn exits_within(&mut self, limit: Duration) -> Option<i32> {
        let deadline = std::time::Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not exit within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_non_numeric_content_length_is_skipped() {
    let mut raw = Raw::start();
    raw.bytes(b"Content-Length: lots\r\n\r\n{}");
    raw.still_serving(7);
}

#[test]
fn unknown_headers_and_a_content_type_are_accepted() {
    let mut raw = Raw::start();
    let body = json!({ "jsonrpc": "2.0", "id": 3, "method": "shutdown" }).to_string();
    raw.bytes(
        format!(
            "X-Whatever: 1\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    assert_eq!(raw.response(3)["result"], Value::Null);
}

#[test]
fn a_content_length_too_short_gives_a_parse_error_and_recovers() {
    let mut raw = Raw::start();
    // Declares 5 bytes of a longer body: the server reads `{"jso`, a parse error; the rest is
    // garbage before the next header, which it must skip.
    raw.bytes(b"Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}");
    raw.still_serving(8);
}

#[test]
fn a_huge_declared_length_is_refused_without_allocating_it() {
    let mut raw = Raw::start();
    raw.bytes(b"Content-Length: 99999999999999\r\n\r\n{}");
    raw.still_serving(9);
}

#[test]
fn bad_json_and_wrong_shapes_get_errors() {
    let mut server = Server::start(Options::default());
    server.send_raw("{ \"jsonrpc\": \"2.0\", \"id\": 1, ");
    server.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    server.send_raw("[1, 2, 3]");
    server.send_raw("\"just a string\"");
    server.send_raw("null");
    server.send_raw("{\"jsonrpc\":\"2.0\",\"id\":{\"an\":\"object\"},\"method\":\"shutdown\"}");
    server.send_raw("\u{0}\u{1}binary\u{ff}");
    // Wrong parameter types and missing parameters for requests: InvalidParams.
    for (method, params) in [
        (
            "textDocument/hover",
            json!({ "textDocument": { "uri": 5 }, "position": "here" }),
        ),
        ("textDocument/hover", json!({})),
        ("textDocument/completion", json!([1, 2])),
        (
            "textDocument/semanticTokens/full",
            json!({ "textDocument": {} }),
        ),
        (
            "textDocument/rename",
            json!({ "textDocument": { "uri": "file:///x.nix" } }),
        ),
        (
            "textDocument/hover",
            json!({ "textDocument": { "uri": "not a uri" }, "position": { "line": 0, "character": 0 } }),
        ),
        (
            "textDocument/hover",
            json!({ "textDocument": { "uri": "file:///x.nix" }, "position": { "line": -1, "character": 0 } }),
        ),
    ] {
        let error = server.request(method, params.clone());
        match error {
            Err(error) => assert_eq!(error["code"], -32602, "{method} {params}: {error}"),
            // A URI the server cannot map is an unknown document: null is also right.
            Ok(result) => assert_eq!(result, Value::Null, "{method} {params}"),
        }
    }
    // Requests without params at all.
    let error = server
        .request("textDocument/documentSymbol", Value::Null)
        .unwrap_err();
    assert_eq!(error["code"], -32602);
    // Notifications with bad params are ignored (no answer to a notification).
    server.notify("textDocument/didOpen", json!({ "textDocument": 1 }));
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///nope.nix", "version": "x" } }),
    );
    server.notify("textDocument/didClose", Value::Null);
    let uri = server.open("ok.nix", "{ a = ; }");
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert!(!diagnostics["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn a_header_without_body_then_end_of_input_ends_the_server() {
    let mut raw = Raw::start();
    raw.bytes(b"Content-Length: 100\r\n\r\n{\"jsonrpc\":");
    raw.stdin.take();
    raw.exits_within(Duration::from_secs(10));
}
