//! The client dies: the server must notice and exit promptly.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::support::{Options, Server};

#[test]
fn stdin_closed_in_the_middle_of_a_message_ends_the_server() {
    let mut server = Server::start(Options::default());
    let uri = server.open("busy.nix", &"{ a = 1; }\n".repeat(10));
    let _ = server.diagnostics(&uri, Some(1));
    // Requests in flight, then the client disappears without shutdown.
    server.send_request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": uri } }),
    );
    server.close_stdin();
    let code = server.wait_exit();
    assert_ne!(
        code,
        Some(0),
        "exit without shutdown is an error exit (the spec says 1)"
    );
}

#[test]
fn the_server_exits_when_the_client_process_is_killed() {
    // A stand-in editor process; the server is told it is its parent (processId).
    let mut editor = Command::new("sleep")
        .arg("600")
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server::start(Options {
        process_id: Some(editor.id()),
        ..Options::default()
    });
    let uri = server.open("x.nix", "let a = 1; in a");
    let _ = server.diagnostics(&uri, Some(1));
    editor.kill().unwrap();
    editor.wait().unwrap();
    // Give the parent watcher its polling interval, then the usual exit deadline.
    std::thread::sleep(Duration::from_millis(100));
    server.wait_exit();
}
