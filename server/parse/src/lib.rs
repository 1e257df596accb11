//! The syntax front end: rnix parsing that never fails, friendly syntax-error messages,
//! and a line index for converting byte offsets to line/column (UTF-8 and UTF-16).
//!
//! Every later stage of nixty works on the tree this crate returns, broken or not.

mod depth;
mod errors;
mod line_index;

pub use depth::{
    depth_bound, lookahead_cost, tree_depth, with_stack_for_depth, INLINE_WALK_DEPTH,
    MAX_TREE_DEPTH,
};
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

/// Parses Nix source text. Never fails: errors are returned beside the tree. The tree is at
/// most [`MAX_TREE_DEPTH`] nodes deep: deeper code is kept as an error node (with an error
/// whose `too_deep` is set), so consumers may walk the tree recursively.
pub fn parse(text: &str) -> Parse {
    let normalized = normalize_line_ends(text);
    let text: &str = &normalized;
    let (lookahead, costly_at) = depth::lookahead_cost(text);
    if lookahead > depth::MAX_LOOKAHEAD_COST {
        return refused(
            text,
            false,
            costly_at,
            "this file has a very long run of names, dots and digits without spaces (like `a.a.a.…`), which nixty's parser cannot handle efficiently; it is not analyzed".to_string(),
        );
    }
    let (bound, exceeded_at) = depth::depth_scan(text);
    if let Some(at) = exceeded_at {
        return refused(
            text,
            true,
            at,
            format!(
                "expression nested too deeply (over {} levels): this file is not analyzed",
                depth::HARD_DEPTH_BOUND
            ),
        );
    }
    let (green, raw_errors, flattened_at) = depth::parse_bounded(text, bound);
    let syntax = SyntaxNode::new_root(green.clone());
    let mut errors: Vec<SyntaxError> = Vec::new();
    if let Some(range) = flattened_at {
        errors.push(SyntaxError {
            range: TextRange::empty(range.start()),
            message: format!(
                "expression nested too deeply: nixty analyzes up to {MAX_TREE_DEPTH} levels of nesting; the code inside is not checked"
            ),
            too_deep: true,
        });
    }
    for error in &raw_errors {
        let error = errors::describe(error, text, &syntax);
        // rnix reports some errors twice at the same place (end of file, typically).
        if !errors.contains(&error) {
            errors.push(error);
        }
    }
    drop_cascading_errors(&mut errors, TextSize::of(text));
    Parse { green, errors }
}

/// rnix reports the consequences of one mistake as more errors at the end of the file
/// (`{ a = 1 }` gives "expected `;`" at `}`, then twice "unexpected end of file"). Keep the
/// first error at the end of the file only when nothing earlier went wrong.
fn drop_cascading_errors(errors: &mut Vec<SyntaxError>, end: TextSize) {
    let at_end = |e: &SyntaxError| e.range.is_empty() && e.range.start() == end && !e.too_deep;
    let has_earlier = errors.iter().any(|e| !at_end(e));
    let mut kept_end = false;
    errors.retain(|e| {
        if !at_end(e) {
            return true;
        }
        let keep = !has_earlier && !kept_end;
        kept_end = true;
        keep
    });
}

/// A parse of input nixty will not parse: one error node, one `too_deep` error at `at`.
fn refused(text: &str, tokenize: bool, at: usize, message: String) -> Parse {
    let at = TextSize::from(at as u32);
    Parse {
        green: depth::flat_tree(text, tokenize),
        errors: vec![SyntaxError {
            range: TextRange::empty(at),
            message,
            too_deep: true,
        }],
    }
}

/// Nix's lexer ends lines at `\r`, `\r\n` and `\n` (so a `#` comment ends at a lone `\r`, and
/// strings turn it into `\n`); rnix only knows `\n`. A lone `\r` is therefore parsed as `\n`:
/// same length, so every offset stays true; only that byte of the tree's text differs.
fn normalize_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    // Most files have no `\r` at all: one vectorized search instead of a closure per byte.
    if !bytes.contains(&b'\r') {
        return std::borrow::Cow::Borrowed(text);
    }
    let lone_cr = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone_cr) {
        return std::borrow::Cow::Borrowed(text);
    }
    let fixed: String = text
        .char_indices()
        .map(|(i, c)| if c == '\r' && lone_cr(i) { '\n' } else { c })
        .collect();
    std::borrow::Cow::Owned(fixed)
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
