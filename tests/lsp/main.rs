//! End-to-end tests: lsp (see tests/README.md).
