//! nixty-lsp
