//! Diagnostics as plain data: a range, a severity, a stable kebab-case code, a message.

use nixty_parse::TextRange;

use crate::codes::{Code, DiagnosticTag};

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
/// How bad a diagnostic is; ordered from most to least severe.
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// One finding: where, how bad, which rule (stable code), what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The precise range: for a name-related finding the name itself, not the whole binding.
    pub range: TextRange,
    pub severity: Severity,
    /// Stable kebab-case code: `syntax-…` for syntax errors, `type-…` for type errors; the
    /// analysis core's codes are listed in [`crate::codes::ALL_CODES`].
    pub code: String,
    pub message: String,
    /// Other places that explain this one (e.g. the first definition of a duplicate).
    pub related: Vec<(TextRange, String)>,
    /// Unnecessary / deprecated, for editors that grey out or strike through.
    pub tags: Vec<DiagnosticTag>,
}

impl Diagnostic {
    pub fn new(range: TextRange, severity: Severity, code: &str, message: String) -> Diagnostic {
        Diagnostic {
            range,
            severity,
            code: code.to_string(),
            message,
            related: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// A diagnostic of a known code, with its default severity and tag.
    pub fn from_code(code: Code, range: TextRange, message: String) -> Diagnostic {
        let info = code.info();
        Diagnostic {
            range,
            severity: info.default_severity,
            code: info.name.to_string(),
            message,
            related: Vec::new(),
            tags: info.tag.into_iter().collect(),
        }
    }
}
