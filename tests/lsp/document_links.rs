use expect_test::expect;
use serde_json::json;

use crate::support::{answer, open_and_wait, Options, Server};

#[test]
fn links_to_files_and_urls() {
    let mut server = Server::start(Options {
        files: vec![("dep.nix", "1\n".into()), ("dir/default.nix", "2\n".into())],
        ..Options::default()
    });
    let uri = open_and_wait(
        &mut server,
        "l.nix",
        "[ (import ./dep.nix) ./dir \"https://nixos.org/manual\" ]\n",
    );
    expect![[r#"
        [
          {
            "range": {
              "end": {
                "character": 19,
                "line": 0
              },
              "start": {
                "character": 10,
                "line": 0
              }
            },
            "target": "file://$ROOT/dep.nix"
          },
          {
            "range": {
              "end": {
                "character": 26,
                "line": 0
              },
              "start": {
                "character": 21,
                "line": 0
              }
            },
            "target": "file://$ROOT/dir/default.nix"
          },
          {
            "range": {
              "end": {
                "character": 52,
                "line": 0
              },
              "start": {
                "character": 28,
                "line": 0
              }
            },
            "target": "https://nixos.org/manual"
          }
        ]"#]]
    .assert_eq(&answer(
        &mut server,
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": uri } }),
    ));
}
