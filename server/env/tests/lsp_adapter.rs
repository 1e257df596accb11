//! Drives the LSP adapter (`server/lsp/src/environment.rs`, owned with this crate) through a
//! real tower-lsp server over in-memory pipes, wired exactly as the lsp crate must wire it:
//! the trust prompt, `$/progress`, `nixty/environmentChanged`, the `nixty/environment`
//! request, the `nixty.env.allow` command and Nix errors as diagnostics.

#[path = "../../lsp/src/environment.rs"]
#[allow(dead_code)]
mod environment;

use std::path::{Path, PathBuf};
use std::time::Duration;

use environment::{EnvironmentService, COMMANDS, REQUEST};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{LanguageServer, LspService, Server};

const NIX_CONFIG: &str =
    "substituters =\nsandbox = false\nbuild-users-group =\nexperimental-features = nix-command";

struct Backend {
    env: EnvironmentService,
}

impl Backend {
    async fn environment(&self, params: Value) -> Result<Value> {
        self.env.handle_request(params).await
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let progress = params
            .capabilities
            .window
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        self.env.set_work_done_progress(progress);
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: COMMANDS.iter().map(|c| c.to_string()).collect(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            server_info: None,
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        self.env.execute_command(params).await
    }

    async fn shutdown(&self) -> Result<()> {
        self.env.shutdown().await;
        Ok(())
    }
}

/// The editor's side of the pipes.
struct Editor {
    write: tokio::io::WriteHalf<tokio::io::DuplexStream>,
    read: BufReader<tokio::io::ReadHalf<tokio::io::DuplexStream>>,
    next_id: i64,
    /// Messages read while waiting for something else.
    backlog: Vec<Value>,
}

impl Editor {
    async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.write.write_all(frame.as_bytes()).await.unwrap();
    }

    async fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.read.read_line(&mut line).await.unwrap();
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.read.read_exact(&mut body).await.unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// The next message (from the backlog first) that `wanted` accepts.
    async fn expect(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i);
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
        loop {
            let message = tokio::time::timeout_at(deadline, self.receive())
                .await
                .unwrap_or_else(|_| panic!("no {what}; other messages: {:#?}", self.backlog));
            if wanted(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(message).await;
        let reply = self
            .expect(&format!("reply to {method}"), |m| {
                m["id"] == id && m.get("method").is_none()
            })
            .await;
        assert!(reply.get("error").is_none(), "{method} failed: {reply}");
        reply["result"].clone()
    }

    async fn server_request(&mut self, method: &str) -> Value {
        self.expect(method, |m| m["method"] == method && m.get("id").is_some())
            .await
    }

    async fn notification(&mut self, method: &str) -> Value {
        self.expect(method, |m| m["method"] == method && m.get("id").is_none())
            .await
    }

    async fn reply(&mut self, request: &Value, result: Value) {
        self.send(json!({ "jsonrpc": "2.0", "id": request["id"], "result": result }))
            .await;
    }
}

fn write(root: &Path, name: &str, text: &str) {
    std::fs::write(root.join(name), text).unwrap();
}

fn shell(greeting: &str) -> String {
    format!(
        r#"derivation {{ name = "shell"; system = builtins.currentSystem; builder = "/bin/bash"; outputs = [ "out" ]; GREETING = import ./greeting.nix; }}
# {greeting}"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trust_prompt_progress_change_notification_and_diagnostics() {
    if !["nix", "nix-instantiate", "nix-store"].iter().all(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok()
    }) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "Nix is missing; install it: apt-get install nix-bin"
        );
        eprintln!("note: Nix is not installed; this test did nothing");
        return;
    }
    std::env::set_var("NIX_CONFIG", NIX_CONFIG);
    std::env::set_var("NIX_BUILD_SHELL", "/bin/bash");
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().canonicalize().unwrap();
    let root: PathBuf = base.join("project");
    std::fs::create_dir_all(&root).unwrap();
    write(&root, "shell.nix", &shell("v1"));
    write(&root, "greeting.nix", "\"hello\"");
    let options = nixty_env::Options {
        dirs: nixty_env::Dirs::under(&base.join("xdg")),
        timeout: Duration::from_secs(120),
        force: false,
    };

    let (service, socket) = LspService::build(|client| Backend {
        env: EnvironmentService::with_options(client, Ok(options)),
    })
    .custom_method(REQUEST, Backend::environment)
    .finish();
    let (client_side, server_side) = tokio::io::duplex(1 << 20);
    let (server_read, server_write) = tokio::io::split(server_side);
    tokio::spawn(Server::new(server_read, server_write, socket).serve(service));
    let (read, write_half) = tokio::io::split(client_side);
    let mut editor = Editor {
        write: write_half,
        read: BufReader::new(read),
        next_id: 0,
        backlog: Vec::new(),
    };

    let init = editor
        .request("initialize", json!({ "capabilities": { "window": { "workDoneProgress": true } }, "processId": null, "rootUri": null }))
        .await;
    assert_eq!(
        init["capabilities"]["executeCommandProvider"]["commands"],
        json!(["nixty.env.allow", "nixty.env.deny", "nixty.env.reload"])
    );
    editor
        .send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }))
        .await;

    let uri = Url::from_file_path(root.join("greeting.nix")).unwrap();
    let env = editor
        .request("nixty/environment", json!({ "uri": uri }))
        .await;
    assert_eq!(env["status"], "untrusted");
    assert_eq!(env["root"], root.to_string_lossy().as_ref());

    // One prompt; answering Allow starts the evaluation, with progress, then the notification.
    let prompt = editor.server_request("window/showMessageRequest").await;
    assert!(
        prompt["params"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Load the Nix environment from shell.nix?"),
        "{prompt}"
    );
    assert_eq!(
        prompt["params"]["actions"],
        json!([{ "title": "Allow" }, { "title": "Deny" }])
    );
    editor.reply(&prompt, json!({ "title": "Allow" })).await;
    let create = editor
        .server_request("window/workDoneProgress/create")
        .await;
    editor.reply(&create, Value::Null).await;
    let begin = editor.notification("$/progress").await;
    assert_eq!(begin["params"]["value"]["kind"], "begin");
    let changed = editor.notification("nixty/environmentChanged").await;
    assert_eq!(changed["params"], json!({ "root": root.to_string_lossy() }));
    let end = editor.notification("$/progress").await;
    assert_eq!(end["params"]["value"]["kind"], "end");

    let env = editor
        .request("nixty/environment", json!({ "uri": uri }))
        .await;
    assert_eq!(env["status"], "ready", "{env}");
    assert_eq!(env["set"]["GREETING"], "hello");
    // Asking again does not prompt again (the project is allowed; and prompts are per session).
    assert!(!editor
        .backlog
        .iter()
        .any(|m| m["method"] == "window/showMessageRequest"));

    // A broken import: allowed through the command, the error lands on that file.
    write(&root, "greeting.nix", "\"hello\" + 1");
    let allowed = editor
        .request(
            "workspace/executeCommand",
            json!({ "command": "nixty.env.allow", "arguments": [{ "uri": uri }] }),
        )
        .await;
    assert_eq!(allowed["root"], root.to_string_lossy().as_ref());
    let diagnostics = editor.notification("textDocument/publishDiagnostics").await;
    assert_eq!(diagnostics["params"]["uri"], json!(uri));
    let diagnostic = &diagnostics["params"]["diagnostics"][0];
    assert_eq!(
        diagnostic["range"]["start"],
        json!({ "line": 0, "character": 10 })
    );
    assert!(
        diagnostic["message"]
            .as_str()
            .unwrap()
            .contains("cannot coerce"),
        "{diagnostic}"
    );
    editor.notification("nixty/environmentChanged").await;
    let env = editor
        .request("nixty/environment", json!({ "uri": uri }))
        .await;
    assert_eq!(env["status"], "failed");
    assert_eq!(
        env["set"]["GREETING"], "hello",
        "the last good environment is kept"
    );

    // Fixed: the diagnostic is cleared.
    write(&root, "greeting.nix", "\"fixed\"");
    editor
        .request(
            "workspace/executeCommand",
            json!({ "command": "nixty.env.allow", "arguments": [root.to_string_lossy()] }),
        )
        .await;
    let cleared = editor.notification("textDocument/publishDiagnostics").await;
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    editor.notification("nixty/environmentChanged").await;
    let env = editor
        .request("nixty/environment", json!({ "uri": uri }))
        .await;
    assert_eq!(
        (env["status"].as_str(), env["set"]["GREETING"].as_str()),
        (Some("ready"), Some("fixed"))
    );

    // Files outside any project: null.
    let outside = Url::from_file_path("/").unwrap();
    assert_eq!(
        editor
            .request("nixty/environment", json!({ "uri": outside }))
            .await,
        Value::Null
    );
    editor.request("shutdown", Value::Null).await;
}
