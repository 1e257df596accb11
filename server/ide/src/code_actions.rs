//! Code actions: quick fixes for diagnostics and small rewrites, each a set of text edits.

use crate::{Db, FileRange, SourceChange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeActionKind {
    QuickFix,
    Refactor,
    RefactorRewrite,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub kind: CodeActionKind,
    pub edit: SourceChange,
    /// The code of the diagnostic this action fixes.
    pub fixes_code: Option<String>,
    pub is_preferred: bool,
}

pub(crate) fn code_actions(_db: &Db, _range: FileRange) -> Vec<CodeAction> {
    Vec::new()
}
