//! nixty-env
