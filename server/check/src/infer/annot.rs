//! Annotation comments (`/*: T */`) and doc comments (RFC 145 `# Type`) attached to syntax.
//!
//! rnix keeps comments as tokens inside the node they appear in, so an annotation is found
//! among the direct children of: a lambda (after its parameter, before `:`), a pattern (after
//! a field, before `,`/`}`), a binding (after the attribute path, before `=`), a parenthesis
//! (after the expression, before `)`).

use nixty_parse::{SyntaxKind, SyntaxNode, SyntaxToken, TextRange, TextSize};

use super::sig::{self, SigError, TyExpr};

/// An annotation comment's parsed type, or the error at its place.
#[derive(Clone, Debug)]
pub struct Annotation {
    /// Range of the whole comment.
    pub range: TextRange,
    /// The type text (between `/*:` and `*/`), trimmed.
    pub text: String,
    pub parsed: Result<TyExpr, SigError>,
    /// The annotation read by the type algebra's parser (types.md's grammar, with `~T`,
    /// `rec X. …`, intersections kept exactly): what verdicts on the annotation are decided
    /// against. `None` for schematic annotations (type variables) and for text the algebra
    /// cannot read; those keep inference's own check.
    pub written: Option<nixty_types::Ty>,
    /// Where the type text starts in the file (to place errors precisely).
    pub text_start: TextSize,
}

impl Annotation {
    /// Whether only the algebra reads this annotation (`rec X. …`): inference has no type
    /// for it, and its own parse error is not reported.
    pub fn algebra_only(&self) -> bool {
        self.parsed.is_err() && self.written.is_some()
    }

    /// The file range of a parse error.
    pub fn error_range(&self, e: &SigError) -> TextRange {
        let start = self.text_start + TextSize::from(e.start as u32);
        let end = self.text_start
            + TextSize::from(e.end.max(e.start + 1).min(self.text.len().max(1)) as u32);
        TextRange::new(start, end.max(start))
            .intersect(self.range)
            .unwrap_or(self.range)
    }
}

/// Reads an annotation comment token (`/*: T */`), if it is one.
pub fn read(token: &SyntaxToken) -> Option<Annotation> {
    if token.kind() != SyntaxKind::TOKEN_COMMENT {
        return None;
    }
    let text = token.text();
    let inner = text.strip_prefix("/*:")?.strip_suffix("*/")?;
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim();
    let text_start = token.text_range().start() + TextSize::from((3 + lead) as u32);
    let parsed = sig::parse_type(trimmed);
    Some(Annotation {
        range: token.text_range(),
        text: trimmed.to_string(),
        written: written(trimmed, &parsed),
        parsed,
        text_start,
    })
}

/// The algebra's reading of a monomorphic annotation. Type variables are inference's
/// business (instantiated per use), so a schematic annotation has none.
fn written(text: &str, parsed: &Result<TyExpr, SigError>) -> Option<nixty_types::Ty> {
    if matches!(parsed, Ok(t) if t.has_vars()) {
        return None;
    }
    nixty_types::parse_type(text).ok()
}

/// The first annotation among the direct child tokens of `node` that lie between
/// `after` (exclusive) and the first token of kind `stop`.
pub fn between(node: &SyntaxNode, after: TextSize, stop: &[SyntaxKind]) -> Option<Annotation> {
    for el in node.children_with_tokens() {
        if el.text_range().start() < after {
            continue;
        }
        match el {
            rowan::NodeOrToken::Token(t) => {
                if stop.contains(&t.kind()) {
                    return None;
                }
                if let Some(a) = read(&t) {
                    return Some(a);
                }
            }
            rowan::NodeOrToken::Node(_) => {
                if stop.is_empty() {
                    return None;
                }
            }
        }
    }
    None
}

/// The annotation right after a pattern entry (`{ name /*: String */, … }`): the comment
/// tokens that follow the entry node before the next `,` or `}`.
pub fn after_node(node: &SyntaxNode) -> Option<Annotation> {
    let mut next = node.next_sibling_or_token();
    while let Some(el) = next {
        match &el {
            rowan::NodeOrToken::Token(t) => {
                if let Some(a) = read(t) {
                    return Some(a);
                }
                if t.kind() != SyntaxKind::TOKEN_WHITESPACE {
                    return None;
                }
            }
            rowan::NodeOrToken::Node(_) => return None,
        }
        next = el.next_sibling_or_token();
    }
    None
}

/// The doc comment right before a binding (`/** … */` or `#` lines), as text.
pub fn doc_comment_before(node: &SyntaxNode) -> Option<String> {
    let mut prev = node.prev_sibling_or_token();
    let mut lines: Vec<String> = Vec::new();
    while let Some(el) = prev {
        match &el {
            rowan::NodeOrToken::Token(t) if t.kind() == SyntaxKind::TOKEN_WHITESPACE => {}
            rowan::NodeOrToken::Token(t) if t.kind() == SyntaxKind::TOKEN_COMMENT => {
                let text = t.text();
                if let Some(body) = text.strip_prefix("/*") {
                    if !lines.is_empty() {
                        break;
                    }
                    let body = body.trim_start_matches('*').trim_end_matches("*/");
                    return Some(body.to_string());
                }
                lines.push(text.trim_start_matches('#').to_string());
            }
            _ => break,
        }
        prev = el.prev_sibling_or_token();
    }
    if lines.is_empty() {
        None
    } else {
        lines.reverse();
        Some(lines.join("\n"))
    }
}
