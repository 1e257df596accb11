//! A small LSP client for the end-to-end tests: spawns the real `nixty lsp`, speaks
//! JSON-RPC with Content-Length framing over its stdio, answers the server's own requests,
//! and times out every wait so a hung server fails the test instead of hanging it.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Server {
    child: Child,
    stdin: Arc<Mutex<Option<ChildStdin>>>,
    incoming: Receiver<Value>,
    /// Notifications and server requests seen while waiting for something else.
    pub notifications: VecDeque<Value>,
    next_id: i64,
    pub root: tempfile::TempDir,
}

pub struct Options {
    pub initialization_options: Value,
    pub configuration: Value,
    pub process_id: Option<u32>,
    pub files: Vec<(&'static str, String)>,
    pub capabilities: Value,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            initialization_options: Value::Null,
            configuration: Value::Null,
            process_id: None,
            files: Vec::new(),
            capabilities: default_capabilities(),
        }
    }
}

pub fn default_capabilities() -> Value {
    json!({
        "workspace": { "configuration": true, "workspaceFolders": true,
                       "didChangeWatchedFiles": { "dynamicRegistration": true } },
        "window": { "workDoneProgress": true },
        "textDocument": {
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "documentSymbol": { "hierarchicalDocumentSymbolSupport": true },
            "publishDiagnostics": { "versionSupport": true }
        }
    })
}

impl Server {
    /// Starts `nixty lsp` and performs the `initialize` handshake in a fresh workspace folder
    /// holding `options.files`.
    pub fn start(options: Options) -> Server {
        let mut server = Server::spawn(options.configuration.clone());
        for (name, text) in &options.files {
            let path = server.root.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let root_uri = server.uri("");
        let result = server.request(
            "initialize",
            json!({
                "processId": options.process_id,
                "rootUri": root_uri,
                "workspaceFolders": [{ "uri": root_uri, "name": "root" }],
                "capabilities": options.capabilities,
                "initializationOptions": options.initialization_options,
            }),
        );
        assert!(result.is_ok(), "initialize failed: {result:?}");
        server.notify("initialized", json!({}));
        // Let workspace indexing finish first, so tests never race with it (its end also
        // re-publishes diagnostics). The message stays in the backlog for tests about it.
        if options.capabilities["window"]["workDoneProgress"] == true {
            let end = server.wait_for("the end of indexing", |m| {
                m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
            });
            server.notifications.push_front(end);
        }
        server
    }

    /// Starts the process only (no handshake).
    pub fn spawn(configuration: Value) -> Server {
        let root = tempfile::tempdir().unwrap();
        let mut child = spawn_lsp(root.path());
        let stdin = Arc::new(Mutex::new(child.stdin.take()));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        let replies = stdin.clone();
        let configuration = Arc::new(Mutex::new(configuration));
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                // Answer the server's requests at once, as an editor would.
                if let (Some(id), Some(method)) = (message.get("id"), message["method"].as_str()) {
                    let result = match method {
                        "workspace/configuration" => {
                            let n = message["params"]["items"].as_array().map_or(1, Vec::len);
                            Value::Array(vec![configuration.lock().unwrap().clone(); n])
                        }
                        _ => Value::Null,
                    };
                    write_message(
                        &replies,
                        &json!({ "jsonrpc": "2.0", "id": id, "result": result }),
                    );
                }
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin,
            incoming: rx,
            notifications: VecDeque::new(),
            next_id: 1,
            root,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    pub fn uri(&self, name: &str) -> String {
        let path = self.root.path().join(name);
        format!("file://{}", path.display())
    }

    pub fn send_raw(&self, body: &str) {
        write_raw(&self.stdin, body.as_bytes());
    }

    pub fn send(&self, message: &Value) {
        write_message(&self.stdin, message);
    }

    /// Sends a notification; `Value::Null` params are left out (as clients do for `exit`).
    pub fn notify(&self, method: &str, params: Value) {
        let mut message = json!({ "jsonrpc": "2.0", "method": method });
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(&message);
        id
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Waits for the response to request `id`, keeping other messages for later.
    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let message = self.wait_for(&format!("the response to request {id}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        });
        match message.get("error") {
            Some(error) => Err(error.clone()),
            None => Ok(message["result"].clone()),
        }
    }

    /// The next message (from the backlog first) matching `pred`; panics after `TIMEOUT`.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.notifications.iter().position(&pred) {
            return self.notifications.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if pred(&message) => return message,
                Ok(message) => self.notifications.push_back(message),
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}"),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server died while we waited for {what}")
                }
            }
        }
    }

    /// The next `publishDiagnostics` for `uri` (with `version`, when given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        self.wait_for(&format!("diagnostics of {uri} version {version:?}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        })["params"]
            .clone()
    }

    pub fn open(&mut self, name: &str, text: &str) -> String {
        let uri = self.uri(name);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "nix", "version": 1, "text": text } }),
        );
        uri
    }

    /// Shuts down cleanly and returns the exit status.
    pub fn shutdown(mut self) -> Option<i32> {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Ok(Value::Null));
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn close_stdin(&self) {
        self.stdin.lock().unwrap().take();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn write_message(stdin: &Mutex<Option<ChildStdin>>, message: &Value) {
    write_raw(stdin, message.to_string().as_bytes());
}

fn write_raw(stdin: &Mutex<Option<ChildStdin>>, body: &[u8]) {
    let mut guard = stdin.lock().unwrap();
    if let Some(stdin) = guard.as_mut() {
        let _ = write!(stdin, "Content-Length: {}\r\n\r\n", body.len());
        let _ = stdin.write_all(body);
        let _ = stdin.flush();
    }
}

/// Starts `nixty lsp` in `root` with piped stdin/stdout. The environments extension keeps
/// trust and caches under `root`, not in the user's folders.
pub fn spawn_lsp(root: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_nixty"))
        .arg("lsp")
        .current_dir(root)
        .env("XDG_DATA_HOME", root.join(".xdg/data"))
        .env("XDG_CACHE_HOME", root.join(".xdg/cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot start nixty lsp")
}

/// Reads one Content-Length framed message; `None` at end of output or on a malformed frame.
pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A fixture with `$0` markers: the text without them, and each marker's LSP position
/// (UTF-16 columns).
pub fn fixture(text: &str) -> (String, Vec<Value>) {
    let mut clean = String::new();
    let mut positions = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("$0") {
        clean.push_str(&rest[..i]);
        positions.push(position_of(&clean, clean.len()));
        rest = &rest[i + 2..];
    }
    clean.push_str(rest);
    (clean, positions)
}

/// The LSP position of byte `offset` in `text`.
pub fn position_of(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

/// Replaces the temporary root in results so snapshots are stable.
pub fn redact(server: &Server, value: &Value) -> String {
    let text = serde_json::to_string_pretty(value).unwrap();
    text.replace(
        &format!("file://{}", server.root.path().display()),
        "file://$ROOT",
    )
}

pub fn text_document_position(uri: &str, position: &Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

#[allow(dead_code)]
pub fn read_fixture_file(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Opens `text` (with `$0` markers) as `name`, waits for its first diagnostics, and sends
/// `method` with the position of the first marker; returns the redacted JSON answer
/// (`error: …` for an error response).
pub fn request_at(
    server: &mut Server,
    name: &str,
    text: &str,
    method: &str,
    extra: Value,
) -> String {
    let (clean, positions) = fixture(text);
    let uri = server.open(name, &clean);
    server.diagnostics(&uri, Some(1));
    let mut params = text_document_position(&uri, &positions[0]);
    if let (Some(params), Some(extra)) = (params.as_object_mut(), extra.as_object()) {
        params.extend(extra.clone());
    }
    answer(server, method, params)
}

/// Sends a request and renders its answer for a snapshot.
pub fn answer(server: &mut Server, method: &str, params: Value) -> String {
    match server.request(method, params) {
        Ok(result) => redact(server, &result),
        Err(error) => format!("error: {}", redact(server, &error)),
    }
}

/// Opens `text` and waits for its first diagnostics; returns its URI.
pub fn open_and_wait(server: &mut Server, name: &str, text: &str) -> String {
    let uri = server.open(name, text);
    server.diagnostics(&uri, Some(1));
    uri
}
