use expect_test::expect;
use serde_json::Value;

use crate::support::{request_at, Options, Server};

#[test]
fn highlights_the_binding_and_its_reads() {
    let mut server = Server::start(Options::default());
    expect![[r#"
    "#]]
    .assert_eq(&request_at(
        &mut server,
        "h.nix",
        "let n$0 = 1; in n + n\n",
        "textDocument/documentHighlight",
        Value::Null,
    ));
}
