#![allow(dead_code)]

use nixty_types::{parse_type, Answer, Ty};

pub fn ty(text: &str) -> Ty {
    parse_type(text).unwrap_or_else(|e| panic!("`{text}` does not parse: {e}"))
}

/// Checks `a ≡ b` and reports both texts and the printed forms on failure.
pub fn assert_equiv(a: &str, b: &str) {
    let (ta, tb) = (ty(a), ty(b));
    assert_eq!(
        ta.is_equivalent(&tb),
        Answer::Yes,
        "`{a}` (shown `{ta}`) ≢ `{b}` (shown `{tb}`)"
    );
}
