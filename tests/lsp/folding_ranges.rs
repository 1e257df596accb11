use expect_test::expect;
use serde_json::json;

use crate::support::{answer, open_and_wait, Options, Server};

#[test]
fn folds_multi_line_sets_lists_and_comments() {
    let mut server = Server::start(Options::default());
    let uri = open_and_wait(
        &mut server,
        "f.nix",
        "# one\n# two\n{\n  a = [\n    1\n    2\n  ];\n  b = 1;\n}\n",
    );
    expect![[r#"
        [
          {
            "endLine": 1,
            "kind": "comment",
            "startLine": 0
          },
          {
            "endLine": 8,
            "kind": "region",
            "startLine": 2
          },
          {
            "endLine": 6,
            "kind": "region",
            "startLine": 3
          }
        ]"#]]
    .assert_eq(&answer(
        &mut server,
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    ));
}
