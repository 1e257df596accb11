//! Go to definition: names, `inherit`ed attributes, `with` sources, path literals and
//! `import ./x.nix` (to the file; a directory to its `default.nix`), selected attributes of
//! imported files.

use nixty_parse::TextRange;

use crate::document_symbols::SymbolKind;
use crate::{Db, FileId, FilePosition};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavigationTarget {
    pub file: FileId,
    /// The whole definition (the binding, the file for a file target).
    pub full_range: TextRange,
    /// The name to select (equal to `full_range`'s start for a file).
    pub focus_range: TextRange,
    pub name: String,
    pub kind: Option<SymbolKind>,
}

pub(crate) fn goto_definition(_db: &Db, _position: FilePosition) -> Vec<NavigationTarget> {
    Vec::new()
}

pub(crate) fn goto_type_definition(_db: &Db, _position: FilePosition) -> Vec<NavigationTarget> {
    Vec::new()
}
