//! Highlight the definition and uses of the name at the cursor in its file.

use nixty_parse::TextRange;

use crate::{Db, FilePosition};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HighlightKind {
    /// The binding.
    Write,
    Read,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HighlightedRange {
    pub range: TextRange,
    pub kind: HighlightKind,
}

pub(crate) fn document_highlight(_db: &Db, _position: FilePosition) -> Vec<HighlightedRange> {
    Vec::new()
}
