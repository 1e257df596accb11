//! nixty-ide
