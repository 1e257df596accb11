//! Semantic tokens: what each name is (parameter, builtin, `with`-provided, unresolved, …).

use nixty_parse::TextRange;

use crate::{Db, FileId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SemanticTokenKind {
    Variable,
}

impl SemanticTokenKind {
    pub const ALL: &'static [SemanticTokenKind] = &[SemanticTokenKind::Variable];

    pub fn name(self) -> &'static str {
        "variable"
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SemanticModifier {
    Definition,
}

impl SemanticModifier {
    pub const ALL: &'static [SemanticModifier] = &[SemanticModifier::Definition];

    pub fn name(self) -> &'static str {
        "definition"
    }

    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub range: TextRange,
    pub kind: SemanticTokenKind,
    /// A bit set of `SemanticModifier::bit`.
    pub modifiers: u32,
}

pub(crate) fn semantic_tokens(
    _db: &Db,
    _file: FileId,
    _range: Option<TextRange>,
) -> Vec<SemanticToken> {
    Vec::new()
}
