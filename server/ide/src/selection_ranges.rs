//! Extend selection: from the token at the cursor outwards through every enclosing node.

use nixty_parse::{TextRange, TextSize};

use crate::syntax_util::token_at;
use crate::{Db, FileId};

pub(crate) fn selection_ranges(db: &Db, file: FileId, offsets: &[TextSize]) -> Vec<Vec<TextRange>> {
    let Some(analysis) = db.file(file) else {
        return offsets.iter().map(|_| Vec::new()).collect();
    };
    let root = analysis.core.syntax();
    offsets
        .iter()
        .map(|&offset| {
            let Some(token) = token_at(&root, offset) else {
                return Vec::new();
            };
            let mut ranges = vec![token.text_range()];
            // Walking parents is iterative, so deep nesting is fine; the chain is as long as
            // the nesting (bounded by the parser's depth limit).
            for node in token.parent_ancestors() {
                let range = node.text_range();
                if ranges.last() != Some(&range) {
                    ranges.push(range);
                }
            }
            ranges
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    #[test]
    fn grows_from_name_to_file() {
        let fixture = Fixture::new("let a = { b = f x$0; }; in a");
        let text = fixture.text(fixture.file());
        let ranges = fixture
            .analysis
            .selection_ranges(fixture.file(), &[fixture.position().offset, 999.into()]);
        let shown: Vec<&str> = ranges[0]
            .iter()
            .map(|r| &text[std::ops::Range::<usize>::from(*r)])
            .collect();
        expect![[r#"
            [
                "x",
                "f x",
                "b = f x;",
                "{ b = f x; }",
                "a = { b = f x; };",
                "let a = { b = f x; }; in a",
            ]
        "#]]
        .assert_debug_eq(&shown);
        assert!(ranges[1].is_empty());
    }
}
