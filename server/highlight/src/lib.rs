//! nixty-highlight
