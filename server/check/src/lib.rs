//! The brain of nixty: lowering to an IR, name resolution, type inference, diagnostics.
//!
//! Knows nothing about LSP: it speaks byte ranges and plain data.
//!
//! Pipeline for one file ([`FileAnalysis::new`]): `nixty_parse::parse`, then [`lower::lower`]
//! (IR [`ir::Module`] and [`lower::SourceMap`]), then [`resolve::resolve_module`]
//! ([`resolve::Scopes`] and [`resolve::NameResolution`]), then lints, giving sorted
//! [`Diagnostic`]s. Every stage works on broken code and never panics; recursion is bounded
//! by [`lower::MAX_DEPTH`] and `nixty_parse::MAX_TREE_DEPTH`.

pub mod analysis;
pub mod builtins;
pub mod codes;
mod config;
mod diagnostic;
pub mod dump;
pub mod infer;
pub mod ir;
mod lints;
pub mod lower;
pub mod resolve;
pub mod workspace;

pub use analysis::FileAnalysis;
pub use codes::{Code, CodeInfo, DiagnosticTag, ALL_CODES};
pub use config::{Config, ConfigError};
pub use diagnostic::{Diagnostic, Severity};

/// Analyzes one file's text and returns its diagnostics, sorted by position, after applying
/// the configuration (disabled codes removed, severities overridden).
pub fn check_text(text: &str, config: &Config) -> Vec<Diagnostic> {
    let analysis = FileAnalysis::new(text);
    config.apply(analysis.diagnostics().to_vec())
}

#[cfg(test)]
mod tests;
