//! Completion: names in scope, builtins and `builtins.` members, keywords, pattern fields,
//! `inherit` names, files in path literals, attributes of statically known sets after `.`.

use crate::{Db, FilePosition, TextEdit};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CompletionKind {
    Variable,
    Parameter,
    Function,
    Builtin,
    Field,
    Keyword,
    File,
    Folder,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// One line shown beside the label (a type, `let`, `builtin`, …).
    pub detail: Option<String>,
    /// Markdown docs.
    pub documentation: Option<String>,
    /// What accepting the item does: replace the range (the word typed so far) by the text.
    pub edit: TextEdit,
    /// Order among items (lower first); ties sort by label.
    pub sort_priority: u8,
    pub deprecated: bool,
}

pub(crate) fn completions(_db: &Db, _position: FilePosition) -> Vec<CompletionItem> {
    Vec::new()
}
