//! End-to-end tests of `nixty lsp`: the real binary over stdio, one module per capability.

mod support;

mod code_actions;
mod completion;
mod configuration;
mod diagnostics;
mod document_highlight;
mod document_links;
mod environment;
mod folding_ranges;
mod formatting;
mod goto;
mod hover;
mod inlay_hints;
mod lifecycle;
mod references;
mod rename;
mod robustness;
mod selection_ranges;
mod semantic_tokens;
mod signature_help;
mod symbols;
mod sync;
mod workspace;
