//! Semantic tokens: every token of the file with what it is, names classified by the analysis
//! (parameter, `let` variable, function, attribute, builtin, `with`-provided, undefined) and
//! modifiers (definition, builtin, with-provided, unresolved, deprecated). Tokens may span
//! lines (comments, indented strings): the LSP layer splits them if the client needs it.

use std::collections::HashMap;

use nixty_check::ir::{Expr, NameId, NameKind};
use nixty_check::resolve::Resolution;
use nixty_check::workspace::AnalyzedFile;
use nixty_parse::SyntaxKind::{self, *};
use nixty_parse::{TextRange, TextSize};

use crate::semantics::{builtin_name, trace, value_of_name, Fuel};
use crate::syntax_util::is_keyword;
use crate::{Db, FileId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SemanticTokenKind {
    Variable,
    Parameter,
    Function,
    /// An attribute name (in a binding or a selection).
    Property,
    Keyword,
    Comment,
    String,
    Number,
    Operator,
    Path,
}

impl SemanticTokenKind {
    pub const ALL: &'static [SemanticTokenKind] = &[
        SemanticTokenKind::Variable,
        SemanticTokenKind::Parameter,
        SemanticTokenKind::Function,
        SemanticTokenKind::Property,
        SemanticTokenKind::Keyword,
        SemanticTokenKind::Comment,
        SemanticTokenKind::String,
        SemanticTokenKind::Number,
        SemanticTokenKind::Operator,
        SemanticTokenKind::Path,
    ];

    /// The LSP token type name (standard where one exists).
    pub fn name(self) -> &'static str {
        match self {
            SemanticTokenKind::Variable => "variable",
            SemanticTokenKind::Parameter => "parameter",
            SemanticTokenKind::Function => "function",
            SemanticTokenKind::Property => "property",
            SemanticTokenKind::Keyword => "keyword",
            SemanticTokenKind::Comment => "comment",
            SemanticTokenKind::String => "string",
            SemanticTokenKind::Number => "number",
            SemanticTokenKind::Operator => "operator",
            SemanticTokenKind::Path => "path",
        }
    }

    /// The index of this kind in [`SemanticTokenKind::ALL`] (the legend order).
    pub fn index(self) -> u32 {
        SemanticTokenKind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or(0) as u32
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SemanticModifier {
    /// Where the name is bound.
    Definition,
    /// A builtin of Nix.
    Builtin,
    /// A variable that only a `with` may provide.
    WithProvided,
    /// A variable defined nowhere.
    Unresolved,
    /// Deprecated syntax (URL literals, `let { }`).
    Deprecated,
}

impl SemanticModifier {
    pub const ALL: &'static [SemanticModifier] = &[
        SemanticModifier::Definition,
        SemanticModifier::Builtin,
        SemanticModifier::WithProvided,
        SemanticModifier::Unresolved,
        SemanticModifier::Deprecated,
    ];

    /// The LSP modifier name (standard where one exists).
    pub fn name(self) -> &'static str {
        match self {
            SemanticModifier::Definition => "declaration",
            SemanticModifier::Builtin => "defaultLibrary",
            SemanticModifier::WithProvided => "withProvided",
            SemanticModifier::Unresolved => "unresolved",
            SemanticModifier::Deprecated => "deprecated",
        }
    }

    /// The bit of this modifier in [`SemanticToken::modifiers`] (legend order).
    pub fn bit(self) -> u32 {
        1 << SemanticModifier::ALL
            .iter()
            .position(|m| *m == self)
            .unwrap_or(0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub range: TextRange,
    pub kind: SemanticTokenKind,
    /// A bit set of [`SemanticModifier::bit`].
    pub modifiers: u32,
}

pub(crate) fn semantic_tokens(
    db: &Db,
    file: FileId,
    range: Option<TextRange>,
) -> Vec<SemanticToken> {
    let Some(analysis) = db.file(file) else {
        return Vec::new();
    };
    let root = analysis.core.syntax();
    let len = root.text_range().end();
    let range = range
        .map(|r| crate::syntax_util::clamp_range(r, len))
        .unwrap_or(root.text_range());
    let names = classify_names(db, file, &analysis, range);
    let mut out = Vec::new();
    let start_node = match root.covering_element(range) {
        rowan::NodeOrToken::Node(node) => node,
        rowan::NodeOrToken::Token(token) => token.parent().unwrap_or_else(|| root.clone()),
    };
    // Walk only the subtrees that intersect the range (a range request on a huge set must
    // not visit the whole set).
    let mut tokens = Vec::new();
    let mut walk = start_node.preorder_with_tokens();
    while let Some(event) = walk.next() {
        match event {
            rowan::WalkEvent::Enter(rowan::NodeOrToken::Node(node)) => {
                let r = node.text_range();
                if r.end() < range.start() || r.start() > range.end() {
                    walk.skip_subtree();
                }
            }
            rowan::WalkEvent::Enter(rowan::NodeOrToken::Token(token)) => tokens.push(token),
            rowan::WalkEvent::Leave(_) => {}
        }
    }
    for token in tokens {
        let token_range = token.text_range();
        if token_range.end() <= range.start() && !token_range.is_empty()
            || token_range.start() >= range.end() && range.start() != range.end()
        {
            continue;
        }
        let kind = token.kind();
        let (kind, modifiers) = match kind {
            TOKEN_IDENT | TOKEN_OR if token.parent().is_some_and(|p| p.kind() == NODE_IDENT) => {
                match names.get(&token_range.start()) {
                    Some(found) => *found,
                    None => {
                        let in_attrpath = token
                            .parent()
                            .and_then(|p| p.parent())
                            .is_some_and(|p| matches!(p.kind(), NODE_ATTRPATH | NODE_INHERIT));
                        if in_attrpath {
                            (SemanticTokenKind::Property, 0)
                        } else {
                            (SemanticTokenKind::Variable, 0)
                        }
                    }
                }
            }
            TOKEN_URI => (
                SemanticTokenKind::String,
                SemanticModifier::Deprecated.bit(),
            ),
            TOKEN_LET if token.parent().is_some_and(|p| p.kind() == NODE_LEGACY_LET) => (
                SemanticTokenKind::Keyword,
                SemanticModifier::Deprecated.bit(),
            ),
            k if is_keyword(k) => (SemanticTokenKind::Keyword, 0),
            TOKEN_COMMENT => (SemanticTokenKind::Comment, 0),
            TOKEN_STRING_START | TOKEN_STRING_CONTENT | TOKEN_STRING_END => {
                (SemanticTokenKind::String, 0)
            }
            TOKEN_INTEGER | TOKEN_FLOAT => (SemanticTokenKind::Number, 0),
            TOKEN_PATH_ABS | TOKEN_PATH_REL | TOKEN_PATH_HOME | TOKEN_PATH_SEARCH => {
                (SemanticTokenKind::Path, 0)
            }
            k if is_operator(k) => (SemanticTokenKind::Operator, 0),
            _ => continue,
        };
        out.push(SemanticToken {
            range: token_range,
            kind,
            modifiers,
        });
    }
    out
}

fn is_operator(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        TOKEN_ADD
            | TOKEN_SUB
            | TOKEN_MUL
            | TOKEN_DIV
            | TOKEN_CONCAT
            | TOKEN_UPDATE
            | TOKEN_AND_AND
            | TOKEN_OR_OR
            | TOKEN_IMPLICATION
            | TOKEN_EQUAL
            | TOKEN_NOT_EQUAL
            | TOKEN_LESS
            | TOKEN_LESS_OR_EQ
            | TOKEN_MORE
            | TOKEN_MORE_OR_EQ
            | TOKEN_INVERT
            | TOKEN_PIPE_LEFT
            | TOKEN_PIPE_RIGHT
            | TOKEN_QUESTION
    )
}

/// The kind and modifiers of every name the analysis knows, by the start of its range.
fn classify_names(
    db: &Db,
    file: FileId,
    analysis: &AnalyzedFile,
    range: TextRange,
) -> HashMap<TextSize, (SemanticTokenKind, u32)> {
    let wanted = |r: TextRange| r.intersect(range).is_some();
    let module = analysis.core.module();
    let source_map = analysis.core.source_map();
    let mut kinds: HashMap<NameId, SemanticTokenKind> = HashMap::new();
    let mut kind_of = |name: NameId| -> SemanticTokenKind {
        *kinds
            .entry(name)
            .or_insert_with(|| match module[name].kind {
                NameKind::Param | NameKind::PatField | NameKind::PatAlias => {
                    SemanticTokenKind::Parameter
                }
                kind => {
                    let mut fuel = Fuel(16);
                    let is_function = value_of_name(db, file, name, &mut fuel)
                        .and_then(|v| trace(db, v, &mut fuel))
                        .and_then(|v| {
                            db.file(v.file)
                                .map(|a| matches!(a.core.module()[v.expr], Expr::Lambda { .. }))
                        })
                        .unwrap_or(false);
                    if is_function {
                        SemanticTokenKind::Function
                    } else if kind == NameKind::LetIn {
                        SemanticTokenKind::Variable
                    } else {
                        SemanticTokenKind::Property
                    }
                }
            })
    };
    let mut out = HashMap::new();
    for (name, _) in module.names() {
        let sites = source_map.name_syntax(name);
        if !sites.iter().any(|p| wanted(p.text_range())) {
            continue;
        }
        let kind = kind_of(name);
        for ptr in sites {
            out.insert(
                ptr.text_range().start(),
                (kind, SemanticModifier::Definition.bit()),
            );
        }
    }
    for (expr, resolution) in analysis.core.names().iter() {
        let expr_range = analysis.core.expr_range(expr);
        if !wanted(expr_range) {
            continue;
        }
        let start = expr_range.start();
        let found = match resolution {
            Resolution::Definition(name) => match kind_of(*name) {
                SemanticTokenKind::Property => (SemanticTokenKind::Variable, 0),
                kind => (kind, 0),
            },
            Resolution::Builtin(global) => {
                let arity = builtin_name(global)
                    .and_then(nixty_check::builtins::lookup)
                    .map(|b| b.arity)
                    .unwrap_or(0);
                let kind = if arity > 0 {
                    SemanticTokenKind::Function
                } else {
                    SemanticTokenKind::Variable
                };
                (kind, SemanticModifier::Builtin.bit())
            }
            Resolution::WithCandidates(_) => (
                SemanticTokenKind::Variable,
                SemanticModifier::WithProvided.bit(),
            ),
            Resolution::Unresolved => (
                SemanticTokenKind::Variable,
                SemanticModifier::Unresolved.bit(),
            ),
        };
        // `inherit x;`: the name is both; show the attribute it defines as a definition.
        out.entry(start)
            .and_modify(|(_, modifiers)| *modifiers |= found.1)
            .or_insert(found);
    }
    // `builtins.x`: the member is a builtin.
    for (_, expr) in module.exprs() {
        if let Expr::Select { set, attrpath, .. } = expr {
            if !attrpath
                .first()
                .is_some_and(|a| wanted(analysis.core.expr_range(*a)))
            {
                continue;
            }
            if let (Some(Resolution::Builtin("builtins")), Some(first)) =
                (analysis.core.names().resolution(*set), attrpath.first())
            {
                if let Expr::Literal(nixty_check::ir::Literal::String(text)) = &module[*first] {
                    if let Some(builtin) = nixty_check::builtins::lookup(text) {
                        let kind = if builtin.arity > 0 {
                            SemanticTokenKind::Function
                        } else {
                            SemanticTokenKind::Variable
                        };
                        out.insert(
                            analysis.core.expr_range(*first).start(),
                            (kind, SemanticModifier::Builtin.bit()),
                        );
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::{SemanticModifier, SemanticToken};
    use crate::fixture::Fixture;
    use crate::TextRange;

    fn render(fixture: &Fixture, tokens: &[SemanticToken]) -> String {
        let text = fixture.text(fixture.file());
        tokens
            .iter()
            .map(|t| {
                let modifiers: Vec<&str> = SemanticModifier::ALL
                    .iter()
                    .filter(|m| t.modifiers & m.bit() != 0)
                    .map(|m| m.name())
                    .collect();
                format!(
                    "{:?} {} {}{}\n",
                    &text[std::ops::Range::<usize>::from(t.range)],
                    t.kind.name(),
                    modifiers.join(","),
                    ""
                )
            })
            .collect()
    }

    #[test]
    fn classifies_names() {
        let fixture = Fixture::new(
            "{ pkgs, ... }@args:\nlet f = x: x; n = 1; in with pkgs; {\n  a = f n ++ map toString [ hello ];\n  b = builtins.length args.c + nope;\n  inherit n;\n  u = http://x.y;\n}",
        );
        let tokens = fixture.analysis.semantic_tokens(fixture.file(), None);
        expect![[r#"
            "pkgs" parameter declaration
            "args" parameter declaration
            "let" keyword 
            "f" function declaration
            "x" parameter declaration
            "x" parameter 
            "n" variable declaration
            "1" number 
            "in" keyword 
            "with" keyword 
            "pkgs" parameter 
            "a" property declaration
            "f" function 
            "n" variable 
            "++" operator 
            "map" function defaultLibrary
            "toString" function defaultLibrary
            "hello" variable withProvided
            "b" property declaration
            "builtins" variable defaultLibrary
            "length" function defaultLibrary
            "args" parameter 
            "c" property 
            "+" operator 
            "nope" variable withProvided
            "inherit" keyword 
            "n" property declaration
            "u" property declaration
            "http://x.y" string deprecated
        "#]]
        .assert_eq(&render(&fixture, &tokens));
    }

    #[test]
    fn range_requests_give_the_tokens_in_range() {
        let fixture = Fixture::new("let a = 1; b = \"s\"; in a + b");
        let tokens = fixture
            .analysis
            .semantic_tokens(fixture.file(), Some(TextRange::new(11.into(), 19.into())));
        expect![[r#"
            "b" variable declaration
            "\"" string 
            "s" string 
            "\"" string 
        "#]]
        .assert_eq(&render(&fixture, &tokens));
    }
}
