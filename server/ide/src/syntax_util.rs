//! Small helpers over the rnix syntax tree shared by the features.

use nixty_parse::SyntaxKind::{self, *};
use nixty_parse::{SyntaxNode, SyntaxToken, TextRange, TextSize};
use rowan::TokenAtOffset;

/// The token at `offset`, preferring a name (or other meaningful token) over whitespace and
/// punctuation when the offset sits between two tokens. `None` past the end of the text.
pub(crate) fn token_at(root: &SyntaxNode, offset: TextSize) -> Option<SyntaxToken> {
    if offset > root.text_range().end() {
        return None;
    }
    match root.token_at_offset(offset) {
        TokenAtOffset::None => None,
        TokenAtOffset::Single(token) => Some(token),
        TokenAtOffset::Between(left, right) => Some(if rank(&left) >= rank(&right) {
            left
        } else {
            right
        }),
    }
}

fn rank(token: &SyntaxToken) -> u8 {
    match token.kind() {
        TOKEN_IDENT => 4,
        TOKEN_OR | TOKEN_STRING_CONTENT | TOKEN_PATH_ABS | TOKEN_PATH_REL | TOKEN_PATH_HOME
        | TOKEN_PATH_SEARCH | TOKEN_URI => 3,
        k if is_keyword(k) => 2,
        TOKEN_WHITESPACE | TOKEN_COMMENT => 0,
        _ => 1,
    }
}

pub(crate) fn is_keyword(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        TOKEN_ASSERT
            | TOKEN_ELSE
            | TOKEN_IF
            | TOKEN_IN
            | TOKEN_INHERIT
            | TOKEN_LET
            | TOKEN_OR
            | TOKEN_REC
            | TOKEN_THEN
            | TOKEN_WITH
    )
}

/// Nix keywords: never valid as a variable name.
pub(crate) const KEYWORDS: &[&str] = &[
    "assert", "else", "if", "in", "inherit", "let", "rec", "then", "with",
];

/// Whether `name` can be written as a Nix identifier (`[A-Za-z_][A-Za-z0-9_'-]*`, no keyword).
pub(crate) fn is_valid_ident(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-'))
        && !KEYWORDS.contains(&name)
}

/// The name an attribute node (`NODE_IDENT`, a plain `NODE_STRING`) stands for; `None` for
/// interpolated strings and `${…}`.
pub(crate) fn attr_name(attr: &SyntaxNode) -> Option<String> {
    match attr.kind() {
        NODE_IDENT => Some(attr.text().to_string()),
        NODE_STRING => static_string(attr),
        _ => None,
    }
}

/// Whether a string node has the shape rnix's string helpers (`parts`, `normalized_parts`)
/// assert; broken strings such as `"$é"` (an error node inside) do not.
pub(crate) fn well_formed_string(string: &SyntaxNode) -> bool {
    string.children_with_tokens().all(|child| match child {
        rowan::NodeOrToken::Token(t) => matches!(
            t.kind(),
            rnix::SyntaxKind::TOKEN_STRING_START
                | rnix::SyntaxKind::TOKEN_STRING_END
                | rnix::SyntaxKind::TOKEN_STRING_CONTENT
        ),
        rowan::NodeOrToken::Node(n) => n.kind() == rnix::SyntaxKind::NODE_INTERPOL,
    })
}

/// The value of a string literal without interpolation.
pub(crate) fn static_string(string: &SyntaxNode) -> Option<String> {
    if string.children().next().is_some() || !well_formed_string(string) {
        return None;
    }
    use rowan::ast::AstNode;
    let string = rnix::ast::Str::cast(string.clone())?;
    let mut value = String::new();
    for part in string.normalized_parts() {
        match part {
            rnix::ast::InterpolPart::Literal(text) => value.push_str(&text),
            rnix::ast::InterpolPart::Interpolation(_) => return None,
        }
    }
    Some(value)
}

/// How an attribute name must be written: bare when it is an identifier, quoted otherwise.
pub(crate) fn render_attr_name(name: &str) -> String {
    if is_valid_ident(name) || name == "or" {
        name.to_string()
    } else {
        quote_string(name)
    }
}

/// A double-quoted Nix string literal with `value` as content.
pub(crate) fn quote_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The doc comment written right above `node` (blank lines end it): a `/** … */` block
/// (RFC 145) or a run of `#` line comments; `/* … */` blocks count too. Leading `*`s and the
/// common indentation are removed.
pub(crate) fn doc_comment(node: &SyntaxNode) -> Option<String> {
    let mut comments: Vec<String> = Vec::new();
    let mut element = node.first_token()?.prev_token();
    while let Some(token) = element {
        match token.kind() {
            TOKEN_WHITESPACE => {
                if token.text().matches('\n').count() > 1 {
                    break;
                }
            }
            TOKEN_COMMENT => {
                let text = token.text();
                if text.starts_with("/*") {
                    if comments.is_empty() {
                        comments.push(clean_block_comment(text));
                    }
                    break;
                }
                comments.push(text.trim_start_matches('#').to_string());
            }
            _ => break,
        }
        element = token.prev_token();
    }
    if comments.is_empty() {
        return None;
    }
    comments.reverse();
    let text = dedent(&comments.join("\n"));
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn clean_block_comment(text: &str) -> String {
    let inner = text
        .trim_start_matches("/*")
        .trim_start_matches('*')
        .trim_end_matches("*/");
    inner
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            match trimmed.strip_prefix('*') {
                Some(rest) if !rest.starts_with('*') => rest.to_string(),
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Clamps a range to the text, so that a caller-given range never indexes out of bounds.
pub(crate) fn clamp_range(range: TextRange, len: TextSize) -> TextRange {
    let start = range.start().min(len);
    let end = range.end().min(len).max(start);
    TextRange::new(start, end)
}

/// The innermost node covering `range` (for a token's range, the token's parent).
pub(crate) fn node_covering(root: &SyntaxNode, range: TextRange) -> Option<SyntaxNode> {
    if range.end() > root.text_range().end() {
        return None;
    }
    match root.covering_element(range) {
        rowan::NodeOrToken::Node(node) => Some(node),
        rowan::NodeOrToken::Token(token) => token.parent(),
    }
}

/// Strips any parentheses around an expression.
pub(crate) fn strip_parens(node: SyntaxNode) -> SyntaxNode {
    let mut node = node;
    while node.kind() == NODE_PAREN {
        match node.children().next() {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// `text` on one line (runs of whitespace become one space), cut to `max_chars` with `…`:
/// how hovers, symbols and completion details quote source.
pub(crate) fn one_line_excerpt(text: &str, max_chars: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > max_chars {
        format!("{}…", one_line.chars().take(max_chars).collect::<String>())
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_comments_of_each_style() {
        let text = "{\n  /** Adds one.\n   * Really. */\n  a = 1;\n  # line one\n  #  line two\n  b = 2;\n\n  # detached\n\n  c = 3;\n}";
        let parse = nixty_parse::parse(text);
        let docs: Vec<Option<String>> = parse
            .syntax()
            .descendants()
            .filter(|n| n.kind() == NODE_ATTRPATH_VALUE)
            .map(|n| doc_comment(&n))
            .collect();
        assert_eq!(
            docs,
            vec![
                Some("Adds one.\nReally.".to_string()),
                Some("line one\n line two".to_string()),
                None
            ]
        );
    }

    #[test]
    fn identifiers_and_quoting() {
        assert!(is_valid_ident("foo-bar'"));
        assert!(!is_valid_ident("1x"));
        assert!(!is_valid_ident("let"));
        assert!(!is_valid_ident(""));
        assert_eq!(render_attr_name("a b"), "\"a b\"");
        assert_eq!(quote_string("${x}\"\\"), r#""\${x}\"\\""#);
    }
}
