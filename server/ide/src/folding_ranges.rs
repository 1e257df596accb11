//! Folding: multi-line sets, lists, `let` blocks, strings, parenthesized expressions, and runs
//! of comments.

use nixty_parse::SyntaxKind::*;
use nixty_parse::{TextRange, TextSize};

use crate::{Db, FileId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Comment,
    Region,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoldingRange {
    pub range: TextRange,
    pub kind: FoldKind,
}

pub(crate) fn folding_ranges(db: &Db, file: FileId) -> Vec<FoldingRange> {
    let Some(analysis) = db.file(file) else {
        return Vec::new();
    };
    let root = analysis.core.syntax();
    let lines = &analysis.line_index;
    let multiline =
        |range: TextRange| lines.line_col(range.start()).line != lines.line_col(range.end()).line;
    let mut out = Vec::new();
    for node in root.descendants() {
        let foldable = matches!(
            node.kind(),
            NODE_ATTR_SET
                | NODE_LIST
                | NODE_LET_IN
                | NODE_STRING
                | NODE_PAREN
                | NODE_PATTERN
                | NODE_LEGACY_LET
        );
        let range = node.text_range();
        if foldable && multiline(range) {
            out.push(FoldingRange {
                range,
                kind: FoldKind::Region,
            });
        }
    }
    // Consecutive `#` comment lines fold together; a multi-line block comment folds alone.
    let mut run: Option<(TextSize, TextSize, usize)> = None;
    let flush = |run: &mut Option<(TextSize, TextSize, usize)>, out: &mut Vec<FoldingRange>| {
        if let Some((start, end, count)) = run.take() {
            if count > 1 {
                out.push(FoldingRange {
                    range: TextRange::new(start, end),
                    kind: FoldKind::Comment,
                });
            }
        }
    };
    for token in root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        match token.kind() {
            TOKEN_COMMENT if token.text().starts_with('#') => {
                let range = token.text_range();
                run = Some(match run {
                    Some((start, _, count)) => (start, range.end(), count + 1),
                    None => (range.start(), range.end(), 1),
                });
            }
            TOKEN_COMMENT => {
                flush(&mut run, &mut out);
                if multiline(token.text_range()) {
                    out.push(FoldingRange {
                        range: token.text_range(),
                        kind: FoldKind::Comment,
                    });
                }
            }
            TOKEN_WHITESPACE if token.text().matches('\n').count() <= 1 => {}
            _ => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out.sort_by_key(|f| (f.range.start(), std::cmp::Reverse(f.range.end())));
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    fn check(text: &str, expect: expect_test::Expect) {
        let fixture = Fixture::new(text);
        let text = fixture.text(fixture.file());
        let folds: String = fixture
            .analysis
            .folding_ranges(fixture.file())
            .iter()
            .map(|f| {
                let s = &text[std::ops::Range::<usize>::from(f.range)];
                format!(
                    "{:?} {:?}: {}\n",
                    f.kind,
                    f.range,
                    s.lines().next().unwrap_or("")
                )
            })
            .collect();
        expect.assert_eq(&folds);
    }

    #[test]
    fn folds_sets_lists_lets_and_comments() {
        check(
            "# a\n# b\nlet\n  x = [\n    1\n  ];\nin {\n  /* one\n     two */\n  y = ''\n    s\n  '';\n  z = { };\n}\n",
            expect![[r#"
                Comment 0..7: # a
                Region 8..90: let
                Region 18..29: [
                Region 34..90: {
                Comment 38..56: /* one
                Region 63..76: ''
            "#]],
        );
    }
}
