//! The outline of a file: bindings of sets and `let`s, nested by the sets they hold, with a
//! kind from the bound value (function, set, string, …). Bounded: at most `MAX_SYMBOLS`
//! symbols and `MAX_DEPTH` levels, so huge files stay fast and deep nesting cannot overflow.
//! Past the limit the outer levels are kept whole and the inner ones cut (an outline of
//! `all-packages.nix` lists every package rather than the first packages with their details).

use crate::syntax_util::one_line_excerpt;
use nixty_parse::SyntaxKind::*;
use nixty_parse::{SyntaxNode, TextRange};

use crate::syntax_util::{attr_name, strip_parens};
use crate::{Db, FileId};

/// Symbols in an outline.
pub const MAX_DOCUMENT_SYMBOLS: usize = 20_000;
const MAX_SYMBOLS: usize = MAX_DOCUMENT_SYMBOLS;
/// Symbols collected before choosing which to keep (bounds the work on huge files).
const MAX_COLLECTED: usize = 4 * MAX_SYMBOLS;
const MAX_DEPTH: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Function,
    /// A set (record) value.
    Object,
    Variable,
    Field,
    String,
    Number,
    Boolean,
    Array,
    Null,
    /// A value from `inherit`.
    Inherited,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    /// A short description: `let`, `inherit (x)`, a lambda's pattern, …
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole binding.
    pub full_range: TextRange,
    /// The name.
    pub focus_range: TextRange,
    pub children: Vec<DocumentSymbol>,
}

/// The outline, and how many symbols the file has (at least; counting stops at
/// `MAX_COLLECTED`) when that is more than the outline holds.
pub(crate) fn document_symbols(db: &Db, file: FileId) -> (Vec<DocumentSymbol>, Option<usize>) {
    let Some(analysis) = db.file(file) else {
        return (Vec::new(), None);
    };
    let root = analysis.core.syntax();
    let mut budget = MAX_COLLECTED;
    let mut symbols = match root.children().next() {
        Some(expr) => symbols_of_expr(expr, 0, &mut budget),
        None => Vec::new(),
    };
    let found = MAX_COLLECTED - budget;
    if found <= MAX_SYMBOLS {
        return (symbols, None);
    }
    keep_outer_levels(&mut symbols, MAX_SYMBOLS);
    (symbols, Some(found))
}

/// Keeps `max` symbols, level by level from the top (in document order within a level), so
/// the outline stays complete at the outer levels.
fn keep_outer_levels(symbols: &mut Vec<DocumentSymbol>, max: usize) {
    // How many to keep at each depth: whole levels while they fit, then part of one.
    let mut per_level: Vec<usize> = Vec::new();
    let mut level: Vec<&DocumentSymbol> = symbols.iter().collect();
    let mut left = max;
    while !level.is_empty() && left > 0 {
        let kept = level.len().min(left);
        per_level.push(kept);
        left -= kept;
        level = level.iter().flat_map(|s| s.children.iter()).collect();
    }
    // Walk level by level again, cutting each level's list in document order.
    let mut quota = per_level.into_iter();
    let mut lists: Vec<&mut Vec<DocumentSymbol>> = vec![symbols];
    loop {
        let Some(mut left) = quota.next() else {
            for list in lists {
                list.clear();
            }
            return;
        };
        let mut next = Vec::new();
        for list in lists {
            list.truncate(left);
            left -= list.len();
            next.extend(IntoIterator::into_iter(list).map(|s| &mut s.children));
        }
        lists = next;
    }
}

/// The symbols an expression defines: the bindings of the sets and `let`s it is made of.
fn symbols_of_expr(expr: SyntaxNode, depth: usize, budget: &mut usize) -> Vec<DocumentSymbol> {
    if depth > MAX_DEPTH || *budget == 0 {
        return Vec::new();
    }
    let expr = strip_parens(expr);
    match expr.kind() {
        NODE_ATTR_SET | NODE_LEGACY_LET => bindings(&expr, false, depth, budget),
        NODE_LET_IN => {
            let mut out = bindings(&expr, true, depth, budget);
            if let Some(body) = expr.children().filter(is_expr).last() {
                out.extend(symbols_of_expr(body, depth + 1, budget));
            }
            out
        }
        NODE_LAMBDA | NODE_WITH | NODE_ASSERT => match expr.children().last() {
            Some(body) => symbols_of_expr(body, depth + 1, budget),
            None => Vec::new(),
        },
        // `f { … }`, `a // { … }`: the sets on either side.
        NODE_APPLY | NODE_BIN_OP => expr
            .children()
            .flat_map(|c| symbols_of_expr(c, depth + 1, budget))
            .collect(),
        _ => Vec::new(),
    }
}

fn is_expr(node: &SyntaxNode) -> bool {
    !matches!(
        node.kind(),
        NODE_ATTRPATH_VALUE | NODE_INHERIT | NODE_ATTRPATH | NODE_INHERIT_FROM
    )
}

fn bindings(
    container: &SyntaxNode,
    is_let: bool,
    depth: usize,
    budget: &mut usize,
) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    for entry in container.children() {
        if *budget == 0 {
            break;
        }
        match entry.kind() {
            NODE_ATTRPATH_VALUE => {
                let Some(attrpath) = entry.children().find(|c| c.kind() == NODE_ATTRPATH) else {
                    continue;
                };
                let value = entry.children().nth(1);
                let name = attrpath.text().to_string();
                *budget -= 1;
                out.push(DocumentSymbol {
                    name,
                    detail: is_let
                        .then(|| "let".to_string())
                        .or_else(|| value.as_ref().and_then(lambda_detail)),
                    kind: value
                        .as_ref()
                        .map(|v| kind_of_value(v, is_let))
                        .unwrap_or(SymbolKind::Variable),
                    full_range: entry.text_range(),
                    focus_range: attrpath.text_range(),
                    children: value
                        .map(|v| symbols_of_expr(v, depth + 1, budget))
                        .unwrap_or_default(),
                });
            }
            NODE_INHERIT => {
                let from = entry
                    .children()
                    .find(|c| c.kind() == NODE_INHERIT_FROM)
                    .map(|f| one_line_excerpt(&f.text().to_string(), 40));
                for attr in entry
                    .children()
                    .filter(|c| matches!(c.kind(), NODE_IDENT | NODE_STRING))
                {
                    if *budget == 0 {
                        break;
                    }
                    *budget -= 1;
                    out.push(DocumentSymbol {
                        name: attr_name(&attr).unwrap_or_else(|| attr.text().to_string()),
                        detail: Some(match &from {
                            Some(from) => format!("inherit {from}"),
                            None => "inherit".to_string(),
                        }),
                        kind: SymbolKind::Inherited,
                        full_range: entry.text_range(),
                        focus_range: attr.text_range(),
                        children: Vec::new(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// `{ a, b ? 1, ... }:` or `x:` for a function value.
fn lambda_detail(value: &SyntaxNode) -> Option<String> {
    let value = strip_parens(value.clone());
    if value.kind() != NODE_LAMBDA {
        return None;
    }
    let param = value.children().next()?;
    Some(format!(
        "{}:",
        one_line_excerpt(&param.text().to_string(), 40)
    ))
}

fn kind_of_value(value: &SyntaxNode, is_let: bool) -> SymbolKind {
    let value = strip_parens(value.clone());
    match value.kind() {
        NODE_LAMBDA => SymbolKind::Function,
        NODE_ATTR_SET => SymbolKind::Object,
        NODE_STRING => SymbolKind::String,
        NODE_LIST => SymbolKind::Array,
        NODE_LITERAL => SymbolKind::Number,
        NODE_IDENT if matches!(value.text().to_string().as_str(), "true" | "false") => {
            SymbolKind::Boolean
        }
        NODE_IDENT if value.text() == "null" => SymbolKind::Null,
        _ if is_let => SymbolKind::Variable,
        _ => SymbolKind::Field,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::DocumentSymbol;
    use crate::fixture::Fixture;

    fn render(symbols: &[DocumentSymbol], indent: usize, out: &mut String) {
        for s in symbols {
            out.push_str(&format!(
                "{}{} {:?} {:?}{}\n",
                "  ".repeat(indent),
                s.name,
                s.kind,
                s.focus_range,
                s.detail
                    .as_ref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default()
            ));
            render(&s.children, indent + 1, out);
        }
    }

    #[test]
    fn nested_outline() {
        let fixture = Fixture::new(
            "{ pkgs, ... }:\nlet\n  helper = x: x;\nin {\n  inherit (pkgs) hello;\n  meta.description = \"d\";\n  sub = { n = 1; f = { a ? 1 }: a; ok = true; };\n  drv = pkgs.mkDerivation { name = \"x\"; };\n}\n",
        );
        let mut out = String::new();
        render(
            &fixture.analysis.document_symbols(fixture.file()),
            0,
            &mut out,
        );
        expect![[r#"
            helper Function 21..27 (let)
            hello Inherited 58..63 (inherit (pkgs))
            meta.description String 67..83
            sub Object 93..96
              n Number 101..102
              f Function 108..109 ({ a ? 1 }:)
              ok Boolean 126..128
            drv Field 142..145
              name String 168..172
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = format!("{}1{}", "{ a = ".repeat(400), " ; }".repeat(400));
        let fixture = Fixture::new(&text);
        let symbols = fixture.analysis.document_symbols(fixture.file());
        fn depth(s: &[DocumentSymbol]) -> usize {
            s.iter().map(|s| 1 + depth(&s.children)).max().unwrap_or(0)
        }
        assert!(depth(&symbols) <= super::MAX_DEPTH + 1);
    }

    /// Past the limit the outer level stays whole: every top-level binding is listed, the
    /// details inside are cut (first those at the end of the file).
    #[test]
    fn past_the_limit_outer_levels_are_kept_first() {
        let count = |s: &[DocumentSymbol]| -> usize {
            fn all(s: &[DocumentSymbol]) -> usize {
                s.iter().map(|s| 1 + all(&s.children)).sum()
            }
            all(s)
        };
        let top = super::MAX_DOCUMENT_SYMBOLS - 10;
        let bindings: String = (0..top)
            .map(|i| format!("a{i} = {{ x = 1; y = 2; }};\n"))
            .collect();
        let fixture = Fixture::new(&format!("{{\n{bindings}}}\n"));
        let (symbols, found) = fixture.analysis.document_symbols_counted(fixture.file());
        assert_eq!(found, Some(3 * top));
        assert_eq!(count(&symbols), super::MAX_DOCUMENT_SYMBOLS);
        assert_eq!(symbols.len(), top);
        assert_eq!(symbols[top - 1].name, format!("a{}", top - 1));
        // The 10 places left go to the first children, in document order.
        let with_children: Vec<usize> = symbols.iter().map(|s| s.children.len()).take(6).collect();
        assert_eq!(with_children, [2, 2, 2, 2, 2, 0]);
        // Under the limit nothing is counted or cut.
        let fixture = Fixture::new("{ a = { b = 1; }; }");
        let (symbols, found) = fixture.analysis.document_symbols_counted(fixture.file());
        assert_eq!((count(&symbols), found), (2, None));
    }
}
