use serde_json::json;

use crate::support::{Options, Server};

fn symbol_names(server: &mut Server, query: &str) -> Vec<String> {
    let result = server
        .request("workspace/symbol", json!({ "query": query }))
        .unwrap();
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

fn wait_indexed(server: &mut Server) {
    server.wait_for("the end of indexing", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
}

#[test]
fn indexing_reports_progress_and_registers_a_file_watcher() {
    let mut server = Server::start(Options {
        files: vec![
            ("a.nix", "{ x = 1; }\n".into()),
            ("sub/b.nix", "{ y = 2; }\n".into()),
        ],
        ..Options::default()
    });
    let create = server.wait_for("the progress token", |m| {
        m["method"] == "window/workDoneProgress/create"
    });
    assert_eq!(create["params"]["token"], "nixty/indexing");
    let begin = server.wait_for("progress begin", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    });
    assert_eq!(begin["params"]["value"]["title"], "Indexing Nix files");
    let end = server.wait_for("progress end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    assert_eq!(end["params"]["value"]["message"], "2 Nix files indexed");
    let register = server.wait_for("the watcher registration", |m| {
        m["method"] == "client/registerCapability"
    });
    assert_eq!(
        register["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
}

#[test]
fn watched_file_events_update_the_workspace() {
    let mut server = Server::start(Options {
        files: vec![("a.nix", "{ before = 1; }\n".into())],
        ..Options::default()
    });
    wait_indexed(&mut server);
    std::fs::write(server.path("a.nix"), "{ after = 1; }\n").unwrap();
    std::fs::write(server.path("new.nix"), "{ created = 1; }\n").unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [
            { "uri": server.uri("a.nix"), "type": 2 },
            { "uri": server.uri("new.nix"), "type": 1 },
        ] }),
    );
    let names = symbol_names(&mut server, "");
    assert!(names.contains(&"after".to_string()), "{names:?}");
    assert!(names.contains(&"created".to_string()), "{names:?}");
    assert!(!names.contains(&"before".to_string()), "{names:?}");
    std::fs::remove_file(server.path("new.nix")).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": server.uri("new.nix"), "type": 3 }] }),
    );
    let names = symbol_names(&mut server, "");
    assert!(!names.contains(&"created".to_string()), "{names:?}");
}

#[test]
fn workspace_folders_can_be_added_and_removed() {
    let mut server = Server::start(Options::default());
    wait_indexed(&mut server);
    let extra = tempfile::tempdir().unwrap();
    std::fs::write(extra.path().join("e.nix"), "{ extraName = 1; }\n").unwrap();
    let folder = json!({ "uri": format!("file://{}", extra.path().display()), "name": "extra" });
    server.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [folder], "removed": [] } }),
    );
    wait_indexed(&mut server);
    assert!(symbol_names(&mut server, "extra").contains(&"extraName".to_string()));
    server.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [], "removed": [folder] } }),
    );
    assert!(!symbol_names(&mut server, "extra").contains(&"extraName".to_string()));
}
