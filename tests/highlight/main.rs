//! End-to-end tests: highlight (see tests/README.md).
