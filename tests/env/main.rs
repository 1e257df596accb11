//! End-to-end tests: env (see tests/README.md).
