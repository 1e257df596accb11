//! nixty-highlight: tree-sitter highlighting of Nix with nixty's own queries.
//!
//! The queries live in `syntax/tree-sitter/queries/*.scm` and are embedded in the binary
//! ([`queries`]). [`highlight`] runs tree-sitter-highlight over a source text and returns plain
//! data: properly nested [`HighlightSpan`]s (byte ranges + standard capture names such as
//! `keyword` or `variable.builtin`). [`render`] turns them into ANSI or HTML; [`assertions`]
//! checks the `# ^ capture` golden comments used by the sample files.

pub mod assertions;
mod driver;
pub mod queries;
pub mod render;

pub use driver::{highlight, innermost_capture_at, HighlightError, HighlightSpan};

#[cfg(test)]
mod tests;
