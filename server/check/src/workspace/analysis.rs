//! What nixty knows about one file on its own: the syntax tree, its errors, the line index and
//! the files it imports. Computed once per file text and shared between snapshots.

use std::path::Path;
use std::sync::Arc;

use nixty_parse::{parse, LineIndex, Parse};

use super::imports::{file_imports, Import};

pub struct FileAnalysis {
    pub parse: Parse,
    pub line_index: Arc<LineIndex>,
    pub imports: Vec<Import>,
}

impl FileAnalysis {
    pub fn compute(path: &Path, text: &str, is_file: &dyn Fn(&Path) -> bool) -> FileAnalysis {
        let parse = parse(text);
        let imports = file_imports(&parse.syntax(), path, is_file);
        FileAnalysis {
            line_index: Arc::new(LineIndex::new(text)),
            parse,
            imports,
        }
    }
}
