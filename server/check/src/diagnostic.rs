//! Diagnostics as plain data: a range, a severity, a stable kebab-case code, a message.

use nixty_parse::TextRange;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: TextRange,
    pub severity: Severity,
    /// Stable kebab-case code: `syntax-…` for syntax errors, `type-…` for type errors.
    pub code: String,
    pub message: String,
}

impl Diagnostic {
    pub fn new(range: TextRange, severity: Severity, code: &str, message: String) -> Diagnostic {
        Diagnostic {
            range,
            severity,
            code: code.to_string(),
            message,
        }
    }
}
