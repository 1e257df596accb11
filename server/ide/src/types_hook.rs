//! Where type inference plugs into the features. Until it is wired, every function here
//! answers `None`/empty and the features show everything else they know.

use nixty_parse::{TextRange, TextSize};

use crate::{Db, FileId};

/// The type of the innermost expression at `offset`: its range and type text.
pub(crate) fn type_at(
    _db: &Db,
    _file: FileId,
    _offset: TextSize,
    _max_len: usize,
) -> Option<(TextRange, String)> {
    None
}

/// The type of the name (definition or reference) at `range`.
pub(crate) fn type_of_name_range(
    _db: &Db,
    _file: FileId,
    _range: TextRange,
    _max_len: usize,
) -> Option<String> {
    None
}

/// The type of a builtin.
pub(crate) fn builtin_type(_name: &str, _max_len: usize) -> Option<String> {
    None
}

/// The field names (with their type text) of the value of the expression at `range`, when
/// its type is a record.
#[allow(dead_code)]
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
