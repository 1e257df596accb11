use expect_test::expect;
use serde_json::json;

use crate::support::{request_at, Options, Server};

#[test]
fn references_with_and_without_the_declaration() {
    let text = "let\n  x$0 = 1;\n  y = x + x;\nin x * y\n";
    let mut server = Server::start(Options::default());
    let with = request_at(
        &mut server,
        "refs.nix",
        text,
        "textDocument/references",
        json!({ "context": { "includeDeclaration": true } }),
    );
    expect![[r#"
    "#]]
    .assert_eq(&with);
    let mut server = Server::start(Options::default());
    let without = request_at(
        &mut server,
        "refs.nix",
        text,
        "textDocument/references",
        json!({ "context": { "includeDeclaration": false } }),
    );
    expect![[r#"
    "#]]
    .assert_eq(&without);
}
