use expect_test::expect;
use serde_json::{json, Value};

use crate::support::{open_and_wait, Options, Server};

const TEXT: &str =
    "{ pkgs, ... }:\nlet s = \"é😀\"; f = x: x; in with pkgs; f (builtins.length [ s hello ])\n";

/// Decodes the relative encoding into `line:col len type mods` lines against the legend.
fn decode(legend: &Value, data: &Value) -> String {
    let types = legend["tokenTypes"].as_array().unwrap();
    let data = data.as_array().unwrap();
    let (mut line, mut col) = (0, 0);
    let mut out = Vec::new();
    for t in data.chunks(5) {
        let (dl, dc) = (t[0].as_u64().unwrap(), t[1].as_u64().unwrap());
        if dl > 0 {
            line += dl;
            col = dc;
        } else {
            col += dc;
        }
        let kind = types[t[3].as_u64().unwrap() as usize].as_str().unwrap();
        out.push(format!("{line}:{col} len {} {kind} mods {}", t[2], t[4]));
    }
    out.join("\n")
}

fn legend(server: &mut Server) -> Value {
    // Re-initializing is not allowed; the legend comes from a fresh server's initialize.
    let _ = server;
    let mut fresh = Server::spawn(Value::Null);
    let result = fresh
        .request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        )
        .unwrap();
    result["capabilities"]["semanticTokensProvider"]["legend"].clone()
}

/// Opens `TEXT` in a fresh server and asks `method` for its tokens (with `range` when given),
/// decoded against the legend.
fn tokens_of_text(method: &str, range: Option<Value>) -> String {
    let mut server = Server::start(Options::default());
    let uri = open_and_wait(&mut server, "t.nix", TEXT);
    let mut params = json!({ "textDocument": { "uri": uri } });
    if let Some(range) = range {
        params["range"] = range;
    }
    let result = server.request(method, params).unwrap();
    decode(&legend(&mut server), &result["data"])
}

#[test]
fn semantic_tokens_full() {
    expect![[r#"
        0:2 len 4 parameter mods 1
        1:0 len 3 keyword mods 0
        1:4 len 1 variable mods 1
        1:8 len 1 string mods 0
        1:9 len 3 string mods 0
        1:12 len 1 string mods 0
        1:15 len 1 function mods 1
        1:19 len 1 parameter mods 1
        1:22 len 1 parameter mods 0
        1:25 len 2 keyword mods 0
        1:28 len 4 keyword mods 0
        1:33 len 4 parameter mods 0
        1:39 len 1 function mods 0
        1:42 len 8 variable mods 2
        1:51 len 6 function mods 2
        1:60 len 1 variable mods 0
        1:62 len 5 variable mods 4"#]]
    .assert_eq(&tokens_of_text("textDocument/semanticTokens/full", None));
}

#[test]
fn semantic_tokens_range_is_the_slice_of_full() {
    let range =
        json!({ "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 30 } });
    let full = tokens_of_text("textDocument/semanticTokens/full", None);
    // The tokens of `semantic_tokens_full` that start inside 1:0..1:30 (the last one, `with`
    // at 1:28, runs past the end and still belongs to the range).
    let slice: Vec<&str> = full
        .lines()
        .filter(|token| {
            let (line, col) = token.split_once(' ').unwrap().0.split_once(':').unwrap();
            line == "1" && col.parse::<u32>().unwrap() < 30
        })
        .collect();
    assert_eq!(slice.len(), 10, "{full}");
    assert_eq!(
        tokens_of_text("textDocument/semanticTokens/range", Some(range)),
        slice.join("\n")
    );
}
