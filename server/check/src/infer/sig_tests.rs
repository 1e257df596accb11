use super::*;

#[test]
fn placeholder_compiles() {
    assert!(parse_type("Int").is_ok());
}
