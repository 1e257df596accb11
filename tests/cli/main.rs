//! End-to-end tests: cli (see tests/README.md).
