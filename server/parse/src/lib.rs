//! The syntax front end: rnix parsing that never fails, friendly syntax-error messages,
//! and a line index for converting byte offsets to line/column (UTF-8 and UTF-16).
//!
//! Every later stage of nixty works on the tree this crate returns, broken or not.

mod errors;
mod line_index;

pub use errors::SyntaxError;
pub use line_index::{LineCol, LineIndex, WideLineCol};
pub use rnix::{ast, NixLanguage, SyntaxKind};
pub use rowan::{TextRange, TextSize};

pub type SyntaxNode = rnix::SyntaxNode;
pub type SyntaxToken = rnix::SyntaxToken;
pub type SyntaxElement = rnix::SyntaxElement;

/// Files larger than this are refused by the CLI and the server with a message, not parsed.
pub const MAX_FILE_SIZE: usize = 16 * 1024 * 1024;

/// The result of parsing one file: always a tree, plus the syntax errors found in it.
#[derive(Clone, Debug)]
pub struct Parse {
    green: rowan::GreenNode,
    pub errors: Vec<SyntaxError>,
}

impl Parse {
    pub fn syntax(&self) -> SyntaxNode {
        SyntaxNode::new_root(self.green.clone())
    }

    pub fn root(&self) -> ast::Root {
        use rowan::ast::AstNode;
        ast::Root::cast(self.syntax()).expect("rnix always produces a Root node")
    }
}

/// Parses Nix source text. Never fails: errors are returned beside the tree.
pub fn parse(text: &str) -> Parse {
    let parsed = rnix::Root::parse(text);
    let syntax = parsed.syntax();
    let mut errors: Vec<SyntaxError> = Vec::new();
    for error in parsed.errors() {
        let error = errors::describe(error, text, &syntax);
        // rnix reports some errors twice at the same place (end of file, typically).
        if !errors.contains(&error) {
            errors.push(error);
        }
    }
    Parse {
        green: syntax.green().to_owned(),
        errors,
    }
}

/// Why a file's bytes cannot be analyzed at all (before parsing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefusedInput {
    TooLarge { size: usize, limit: usize },
    NotUtf8 { offset: usize },
    Binary { offset: usize },
}

impl std::fmt::Display for RefusedInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefusedInput::TooLarge { size, limit } => write!(
                f,
                "file is too large to analyze ({} MB; nixty analyzes files up to {} MB)",
                size / (1024 * 1024),
                limit / (1024 * 1024)
            ),
            RefusedInput::NotUtf8 { offset } => write!(
                f,
                "file is not valid UTF-8 (invalid byte at offset {offset}); Nix source must be UTF-8"
            ),
            RefusedInput::Binary { offset } => write!(
                f,
                "file looks binary (NUL byte at offset {offset}); it is not Nix source"
            ),
        }
    }
}

/// Decodes file contents as Nix source, refusing huge, non-UTF-8 and binary input with a reason.
pub fn decode_source(bytes: &[u8]) -> Result<&str, RefusedInput> {
    if bytes.len() > MAX_FILE_SIZE {
        return Err(RefusedInput::TooLarge {
            size: bytes.len(),
            limit: MAX_FILE_SIZE,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(RefusedInput::Binary { offset });
    }
    std::str::from_utf8(bytes).map_err(|e| RefusedInput::NotUtf8 {
        offset: e.valid_up_to(),
    })
}

#[cfg(test)]
mod tests;
