use expect_test::expect;
use serde_json::json;

use crate::support::{answer, fixture, open_and_wait, Options, Server};

#[test]
fn selection_grows_from_the_name_to_the_file() {
    let mut server = Server::start(Options::default());
    let (text, positions) = fixture("{ a = { b = f$0oo 1; }; }\n");
    let uri = open_and_wait(&mut server, "sel.nix", &text);
    expect![[r#"
    "#]]
    .assert_eq(&answer(
        &mut server,
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": uri }, "positions": positions }),
    ));
}
