//! Inlay hints: the types of `let` bindings and lambda parameters (from inference).

use nixty_parse::{TextRange, TextSize};

use crate::{Db, FileId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHintsConfig {
    pub binding_types: bool,
    pub parameter_types: bool,
    /// Hints longer than this are folded with `…`.
    pub max_length: usize,
}

impl Default for InlayHintsConfig {
    fn default() -> Self {
        InlayHintsConfig {
            binding_types: true,
            parameter_types: true,
            max_length: 40,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlayHintKind {
    Type,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown (after the name).
    pub offset: TextSize,
    /// `: Int`
    pub label: String,
    pub kind: InlayHintKind,
}

pub(crate) fn inlay_hints(_db: &Db, _file: FileId, _range: Option<TextRange>) -> Vec<InlayHint> {
    Vec::new()
}
