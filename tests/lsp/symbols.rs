use expect_test::expect;
use serde_json::{json, Value};

use crate::support::{answer, default_capabilities, open_and_wait, Options, Server};

const TEXT: &str = "{\n  name = \"demo\";\n  build = { src, ... }: src;\n  meta = {\n    license = \"MIT\";\n  };\n}\n";

#[test]
fn document_symbols_nested() {
    let mut server = Server::start(Options::default());
    let uri = open_and_wait(&mut server, "sym.nix", TEXT);
    expect![[r#"
    "#]]
    .assert_eq(&answer(
        &mut server,
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    ));
}

#[test]
fn document_symbols_flat_for_clients_without_hierarchy() {
    let mut capabilities = default_capabilities();
    capabilities["textDocument"]["documentSymbol"] = Value::Null;
    let mut server = Server::start(Options {
        capabilities,
        ..Options::default()
    });
    let uri = open_and_wait(&mut server, "sym.nix", TEXT);
    expect![[r#"
    "#]]
    .assert_eq(&answer(
        &mut server,
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    ));
}

#[test]
fn workspace_symbols_find_names_in_files_on_disk() {
    let mut server = Server::start(Options {
        files: vec![
            ("pkgs/hello.nix", "{ helloWorld = 1; other = 2; }\n".into()),
            ("pkgs/ignored.txt", "helloWorld\n".into()),
        ],
        ..Options::default()
    });
    // Indexing runs in the background and ends its progress when done.
    server.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    expect![[r#"
    "#]]
    .assert_eq(&answer(&mut server, "workspace/symbol", json!({ "query": "hellowor" })));
}
