use super::*;

#[test]
fn smoke() {
    let spans = highlight("let x = 1; in x").unwrap();
    assert!(!spans.is_empty());
}
