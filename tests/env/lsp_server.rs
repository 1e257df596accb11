//! The real `nixty lsp` with real Nix: an untrusted project is asked about, "Allow" evaluates
//! it in the background, `nixty/environmentChanged` arrives, and the request answers `ready`.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::fixture::{nixty_bin, shell_derivation, Fixture};

struct Client {
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    backlog: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i);
        }
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("no {what}; received: {:#?}", self.backlog));
            if wanted(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        if !params.is_null() {
            message["params"] = params;
        }
        self.send(message);
        let reply = self.wait_for(method, |m| m["id"] == id && m.get("method").is_none());
        assert!(reply.get("error").is_none(), "{method}: {reply}");
        reply["result"].clone()
    }
}

fn read_messages(stdout: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            if send.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    receive
}

#[test]
fn the_language_server_loads_an_allowed_environment_in_the_background() {
    let Some(f) = Fixture::with_nix() else {
        return;
    };
    f.write(
        "shell.nix",
        &shell_derivation(r#"GREETING = "from the server";"#),
    );
    f.write("src/a.nix", "1\n");
    let mut child = f
        .command(&nixty_bin())
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut client = Client {
        stdin: child.stdin.take().unwrap(),
        messages: read_messages(child.stdout.take().unwrap()),
        backlog: Vec::new(),
        next_id: 0,
    };
    let root_uri = format!("file://{}", f.root_str());
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": root_uri, "capabilities": { "window": { "workDoneProgress": true } } }),
    );
    client.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));

    let uri = format!("{root_uri}/src/a.nix");
    let env = client.request("nixty/environment", json!({ "uri": uri }));
    assert_eq!(env["status"], "untrusted", "{env}");
    assert!(
        f.nix_calls().is_empty(),
        "Nix ran before the user allowed the project"
    );

    let prompt = client.wait_for("the trust prompt", |m| {
        m["method"] == "window/showMessageRequest"
    });
    client.send(json!({ "jsonrpc": "2.0", "id": prompt["id"], "result": { "title": "Allow" } }));
    // Progress is announced (the client said it supports it); answer its creation.
    let create = client.wait_for("progress creation", |m| {
        m["method"] == "window/workDoneProgress/create"
    });
    client.send(json!({ "jsonrpc": "2.0", "id": create["id"], "result": null }));
    let changed = client.wait_for("nixty/environmentChanged", |m| {
        m["method"] == "nixty/environmentChanged"
    });
    assert_eq!(changed["params"]["root"], f.root_str());

    let env = client.request("nixty/environment", json!({ "uri": uri }));
    assert_eq!(env["status"], "ready", "{env}");
    assert_eq!(env["set"]["GREETING"], "from the server");
    assert_eq!(f.print_dev_env_calls(), 1);

    client.request("shutdown", Value::Null);
    client.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    let _ = child.wait();
}
