//! The brain of nixty: lowering to an IR, name resolution, type inference, diagnostics.
//!
//! Knows nothing about LSP: it speaks byte ranges and plain data.

mod config;
mod diagnostic;
pub mod workspace;

pub use config::{Config, ConfigError};
pub use diagnostic::{Diagnostic, Severity};

use nixty_parse::parse;

/// Analyzes one file's text and returns its diagnostics, sorted by position, after applying
/// the configuration (disabled codes removed, severities overridden).
pub fn check_text(text: &str, config: &Config) -> Vec<Diagnostic> {
    let parsed = parse(text);
    let diagnostics = parsed
        .errors
        .iter()
        .map(|e| Diagnostic::new(e.range, Severity::Error, "syntax-error", e.message.clone()))
        .collect();
    config.apply(diagnostics)
}
