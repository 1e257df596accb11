//! Turns rnix's parse errors into messages a Nix user understands: what was expected, where.

use rnix::ParseError;
use rnix::SyntaxKind::{self, *};
use rowan::{TextRange, TextSize};

use crate::SyntaxNode;

/// A syntax error with a precise range and a message in the user's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
    /// The input is nested deeper than nixty parses (not a mistake in the code, a limit).
    pub too_deep: bool,
}

/// How a token kind is called in an error message.
pub fn describe_kind(kind: SyntaxKind) -> &'static str {
    match kind {
        TOKEN_ADD => "`+`",
        TOKEN_AND_AND => "`&&`",
        TOKEN_ASSIGN => "`=`",
        TOKEN_ASSERT => "`assert`",
        TOKEN_AT => "`@`",
        TOKEN_COLON => "`:`",
        TOKEN_COMMA => "`,`",
        TOKEN_COMMENT => "a comment",
        TOKEN_CONCAT => "`++`",
        TOKEN_CUR_POS => "`__curPos`",
        TOKEN_DIV => "`/`",
        TOKEN_DOT => "`.`",
        TOKEN_ELLIPSIS => "`...`",
        TOKEN_ELSE => "`else`",
        TOKEN_EQUAL => "`==`",
        TOKEN_ERROR => "an invalid token",
        TOKEN_FLOAT => "a float",
        TOKEN_IDENT => "an identifier",
        TOKEN_IF => "`if`",
        TOKEN_IMPLICATION => "`->`",
        TOKEN_IN => "`in`",
        TOKEN_INHERIT => "`inherit`",
        TOKEN_INTEGER => "an integer",
        TOKEN_INTERPOL_END => "`}` closing the interpolation",
        TOKEN_INTERPOL_START => "`${`",
        TOKEN_INVERT => "`!`",
        TOKEN_L_BRACE => "`{`",
        TOKEN_L_BRACK => "`[`",
        TOKEN_L_PAREN => "`(`",
        TOKEN_LESS => "`<`",
        TOKEN_LESS_OR_EQ => "`<=`",
        TOKEN_LET => "`let`",
        TOKEN_MORE => "`>`",
        TOKEN_MORE_OR_EQ => "`>=`",
        TOKEN_MUL => "`*`",
        TOKEN_NOT_EQUAL => "`!=`",
        TOKEN_OR => "`or`",
        TOKEN_OR_OR => "`||`",
        TOKEN_PATH_ABS | TOKEN_PATH_HOME | TOKEN_PATH_REL | TOKEN_PATH_SEARCH => "a path",
        TOKEN_PIPE_LEFT => "`<|`",
        TOKEN_PIPE_RIGHT => "`|>`",
        TOKEN_QUESTION => "`?`",
        TOKEN_R_BRACE => "`}`",
        TOKEN_R_BRACK => "`]`",
        TOKEN_R_PAREN => "`)`",
        TOKEN_REC => "`rec`",
        TOKEN_SEMICOLON => "`;`",
        TOKEN_STRING_CONTENT => "string content",
        TOKEN_STRING_END => "the end of the string",
        TOKEN_STRING_START => "a string",
        TOKEN_SUB => "`-`",
        TOKEN_THEN => "`then`",
        TOKEN_UPDATE => "`//`",
        TOKEN_URI => "a URL",
        TOKEN_WHITESPACE => "whitespace",
        TOKEN_WITH => "`with`",
        _ => "an expression",
    }
}

/// What rnix wants where an expression must start.
const EXPRESSION_START: &[SyntaxKind] = &[
    TOKEN_L_PAREN,
    TOKEN_REC,
    TOKEN_L_BRACE,
    TOKEN_L_BRACK,
    TOKEN_STRING_START,
    TOKEN_IDENT,
];

fn describe_wanted(kinds: &[SyntaxKind]) -> String {
    if kinds == EXPRESSION_START {
        return "an expression".to_string();
    }
    if kinds == [TOKEN_IDENT, TOKEN_OR, TOKEN_CUR_POS] {
        return "an attribute name".to_string();
    }
    let mut names: Vec<&str> = kinds.iter().map(|k| describe_kind(*k)).collect();
    names.dedup();
    match names.as_slice() {
        [] => "more input".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

fn end_of_text(text: &str) -> TextRange {
    let end = TextSize::of(text);
    TextRange::empty(end)
}

fn token_text(root: &SyntaxNode, range: TextRange) -> Option<String> {
    let text = root.text();
    if range.end() > text.len() || range.is_empty() {
        return None;
    }
    let slice = text.slice(range).to_string();
    let shown: String = slice.chars().take(24).collect();
    Some(if shown.len() < slice.len() {
        format!("{shown}…")
    } else {
        shown
    })
}

pub(crate) fn describe(error: &ParseError, text: &str, root: &SyntaxNode) -> SyntaxError {
    let (range, message) = match error {
        ParseError::Unexpected(range) => {
            let what = token_text(root, *range)
                .map(|t| format!("`{t}`"))
                .unwrap_or_else(|| "input".into());
            (*range, format!("unexpected {what}: this is not valid Nix syntax here"))
        }
        ParseError::UnexpectedExtra(range) => (
            *range,
            "unexpected input after the end of the expression: a Nix file holds exactly one expression".to_string(),
        ),
        ParseError::UnexpectedWanted(got, range, wanted) => {
            let found = match (*got, token_text(root, *range)) {
                (TOKEN_ERROR, Some(t)) if t.contains('/') || t.starts_with('~') => {
                    return SyntaxError {
                        range: *range,
                        message: format!(
                            "invalid path `{t}`: a path needs a `/` between non-empty parts, and must not end with `/`"
                        ),
                        too_deep: false,
                    };
                }
                (TOKEN_ERROR, Some(t)) => format!("`{t}`"),
                _ => describe_kind(*got).to_string(),
            };
            (
                *range,
                format!("expected {}, found {found}", describe_wanted(wanted)),
            )
        }
        ParseError::UnexpectedDoubleBind(range) => (
            *range,
            "a pattern can be bound with `@` only once".to_string(),
        ),
        ParseError::UnexpectedEOF => (
            end_of_text(text),
            "unexpected end of file: the expression is incomplete".to_string(),
        ),
        ParseError::UnexpectedEOFWanted(wanted) => (
            end_of_text(text),
            format!(
                "unexpected end of file: expected {}",
                describe_wanted(wanted)
            ),
        ),
        ParseError::DuplicatedArgs(range, name) => (
            *range,
            format!("duplicate function argument `{name}`"),
        ),
        ParseError::RecursionLimitExceeded => (
            end_of_text(text),
            "expression nested too deeply: nixty parses up to about 500 levels of nesting".to_string(),
        ),
        other => (end_of_text(text), format!("syntax error: {other}")),
    };
    let too_deep = matches!(error, ParseError::RecursionLimitExceeded);
    SyntaxError {
        range,
        message,
        too_deep,
    }
}
