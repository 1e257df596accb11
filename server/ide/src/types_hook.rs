//! Where type inference plugs into the features. Until `check`'s inference lands, every
//! function here answers `None`, and the features show everything else they know.

use nixty_parse::TextRange;

use crate::{Db, FileId};

/// The type of the expression or name at `range`, in the type syntax of `types.md`, folded
/// to at most `max_len` characters.
pub(crate) fn type_of_range(
    _db: &Db,
    _file: FileId,
    _range: TextRange,
    _max_len: usize,
) -> Option<String> {
    None
}

/// The field names (with their type text) of the value of the expression at `range`, when its
/// type is a record.
pub(crate) fn fields_of_range(
    _db: &Db,
    _file: FileId,
    _range: TextRange,
) -> Option<Vec<(String, Option<String>)>> {
    None
}

/// Type diagnostics of a file (`type-…` codes).
pub(crate) fn type_diagnostics(_db: &Db, _file: FileId) -> Vec<nixty_check::Diagnostic> {
    Vec::new()
}
