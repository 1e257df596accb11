//! Highlight the definition and uses of the name at the cursor, in its file.

use nixty_parse::TextRange;

use crate::references::{usages, Usage};
use crate::semantics::classify;
use crate::{Db, FilePosition};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// Where the name is bound.
    Write,
    Read,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HighlightedRange {
    pub range: TextRange,
    pub kind: HighlightKind,
}

pub(crate) fn document_highlight(db: &Db, position: FilePosition) -> Vec<HighlightedRange> {
    let Some(def) = classify(db, position).and_then(|c| c.def) else {
        return Vec::new();
    };
    usages(db, &def, position.file)
        .into_iter()
        .filter(|f| f.file == position.file)
        .map(|f| HighlightedRange {
            range: f.range,
            kind: match f.usage {
                Usage::Definition | Usage::InheritFrom { .. } => HighlightKind::Write,
                _ => HighlightKind::Read,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    #[test]
    fn highlights_in_the_file() {
        let fixture = Fixture::new(
            "//- /lib.nix\n{ foo = 1; }\n//- /main.nix\nlet l = import ./lib.nix; inherit (l) foo; in [ l.foo$0 foo ]\n",
        );
        let text = fixture.text(fixture.file());
        let out: String = fixture
            .analysis
            .document_highlight(fixture.position())
            .iter()
            .map(|h| {
                format!(
                    "{:?} {:?} {:?}\n",
                    h.range,
                    h.kind,
                    &text[std::ops::Range::<usize>::from(h.range)]
                )
            })
            .collect();
        expect![[r#"
            38..41 Write "foo"
            50..53 Read "foo"
        "#]]
        .assert_eq(&out);
    }
}
