//! Formatting the whole file.

use crate::{Db, FileId, TextEdit};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormatterConfig {
    /// An external formatter (argv; reads stdin, writes stdout), e.g. `["nixfmt"]`. `None`:
    /// the built-in formatter.
    pub command: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError(pub String);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) fn format(_db: &Db, _file: FileId) -> Result<Vec<TextEdit>, FormatError> {
    Err(FormatError("formatting is not available yet".into()))
}
