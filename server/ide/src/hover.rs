//! Hover: what the name at the cursor is, where it is defined, its docs and its type.

use nixty_parse::TextRange;

use crate::{Db, FilePosition, FileRange};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverConfig {
    /// Types longer than this are folded with `…`.
    pub max_type_len: usize,
}

impl Default for HoverConfig {
    fn default() -> Self {
        HoverConfig { max_type_len: 200 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    /// The range the hover is about (the name under the cursor).
    pub range: TextRange,
    /// The hover text as Markdown: a code block with the kind, name and type, then the docs.
    pub markdown: String,
    /// The parts, for clients that render their own.
    pub name: Option<String>,
    /// `let binding`, `parameter`, `pattern field`, `attribute`, `builtin`, `with`, …
    pub kind: Option<String>,
    pub type_text: Option<String>,
    pub doc: Option<String>,
    pub definition: Option<FileRange>,
}

pub(crate) fn hover(_db: &Db, _position: FilePosition) -> Option<HoverResult> {
    None
}
