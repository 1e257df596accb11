//! Diagnostics of a file: syntax errors, name-resolution diagnostics from `check`, and type
//! diagnostics when inference is available; the configuration (disabled codes, severities)
//! applied.

use nixty_check::{Diagnostic, Severity};

use crate::{Db, FileId};

pub(crate) fn diagnostics(db: &Db, file: FileId) -> Vec<Diagnostic> {
    let Some(analysis) = db.file(file) else {
        return Vec::new();
    };
    let diagnostics: Vec<Diagnostic> = analysis
        .parse
        .errors
        .iter()
        .map(|e| Diagnostic::new(e.range, Severity::Error, "syntax-error", e.message.clone()))
        .collect();
    db.config.diagnostics.apply(diagnostics)
}
