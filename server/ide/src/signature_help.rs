//! Signature help for calls of functions whose parameter is a pattern (`{ a, b ? 1 }: …`):
//! the parameter list, and which field the cursor is in.

use crate::{Db, FilePosition};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    /// The signature: `f { a, b ? 1, ... }` (with the type when known).
    pub label: String,
    /// The byte ranges of each parameter (pattern field) inside `label`.
    pub parameters: Vec<(u32, u32)>,
    /// The parameter the cursor is on.
    pub active_parameter: Option<usize>,
    pub documentation: Option<String>,
}

pub(crate) fn signature_help(_db: &Db, _position: FilePosition) -> Option<SignatureHelp> {
    None
}
