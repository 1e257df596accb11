//! nixty-types
