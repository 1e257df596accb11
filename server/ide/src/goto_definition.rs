//! Go to definition: names, `inherit`ed attributes, `with`-provided names (to the attribute
//! when the `with`'s set is known, else to the `with`), selections of known sets (also in
//! imported files), path literals and `import ./x.nix` (to the file; a directory to its
//! `default.nix`).

use crate::syntax_util::one_line_excerpt;
use nixty_check::ir::{BindingValue, Expr, NameId};
use nixty_parse::SyntaxKind::*;
use nixty_parse::{SyntaxNode, TextRange};

use crate::document_symbols::SymbolKind;
use crate::semantics::{
    attr_of, classify, name_def_node, name_def_ranges, trace, value_of_name, Def, Fuel, Site, Value,
};
use crate::{Db, FileId, FilePosition};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavigationTarget {
    pub file: FileId,
    /// The whole definition (the binding; the start of a file for a file target).
    pub full_range: TextRange,
    /// The name to select (empty at the start for a file).
    pub focus_range: TextRange,
    pub name: String,
    pub kind: Option<SymbolKind>,
}

pub(crate) fn goto_definition(db: &Db, position: FilePosition) -> Vec<NavigationTarget> {
    let Some(classified) = classify(db, position) else {
        return Vec::new();
    };
    let Some(def) = classified.def else {
        return Vec::new();
    };
    match def {
        Def::Name { file, name } => {
            // `inherit (e) x;`: the definition is `x` in `e`, when known.
            if classified.site == Site::Definition {
                if let Some(source) = inherited_source(db, file, name) {
                    return name_targets(db, source.0, source.1);
                }
            }
            name_targets(db, file, name)
        }
        Def::File(path) => db
            .workspace
            .lookup(&path)
            .map(|file| {
                vec![NavigationTarget {
                    file,
                    full_range: TextRange::default(),
                    focus_range: TextRange::default(),
                    name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    kind: None,
                }]
            })
            .unwrap_or_default(),
        Def::With { file, withs, text } => {
            let mut out = Vec::new();
            let Some(analysis) = db.file(file) else {
                return out;
            };
            for with in withs {
                let Expr::With { env, .. } = &analysis.core.module()[with] else {
                    continue;
                };
                let mut fuel = Fuel::default();
                match attr_of(db, Value { file, expr: *env }, &text, &mut fuel) {
                    Some((f, n)) => {
                        out.extend(name_targets(db, f, n));
                        break;
                    }
                    None => {
                        let range = analysis.core.expr_range(*env);
                        out.push(NavigationTarget {
                            file,
                            full_range: analysis.core.expr_range(with),
                            focus_range: range,
                            name: format!(
                                "with {}",
                                one_line_excerpt(&analysis.core.text()[range], 40)
                            ),
                            kind: None,
                        });
                    }
                }
            }
            out
        }
        Def::Builtin(_) | Def::Unresolved { .. } => Vec::new(),
    }
}

/// For a name bound by `inherit (e) x;`, the `x` of `e` when statically known.
pub(crate) fn inherited_source(db: &Db, file: FileId, name: NameId) -> Option<(FileId, NameId)> {
    let analysis = db.file(file)?;
    let (owner, BindingValue::InheritFrom(index)) = *analysis.bindings.get(&name)? else {
        return None;
    };
    let from = match &analysis.core.module()[owner] {
        Expr::LetIn { bindings, .. } | Expr::AttrSet { bindings, .. } => {
            *bindings.inherit_froms.get(index)?
        }
        _ => return None,
    };
    let text = analysis.core.module()[name].text.clone();
    attr_of(db, Value { file, expr: from }, &text, &mut Fuel::default())
}

/// The binding construct around a name's node: `a = …;`, `{ a ? d }`, `a:`, `inherit a;`.
pub(crate) fn definition_node(name_node: &SyntaxNode) -> SyntaxNode {
    name_node
        .ancestors()
        .skip(1)
        .take(3)
        .find(|n| {
            matches!(
                n.kind(),
                NODE_ATTRPATH_VALUE
                    | NODE_PAT_ENTRY
                    | NODE_IDENT_PARAM
                    | NODE_PAT_BIND
                    | NODE_INHERIT
            )
        })
        .unwrap_or_else(|| name_node.clone())
}

pub(crate) fn name_targets(db: &Db, file: FileId, name: NameId) -> Vec<NavigationTarget> {
    let Some(analysis) = db.file(file) else {
        return Vec::new();
    };
    let text = analysis.core.module()[name].text.clone();
    let root = analysis.core.syntax();
    let kind = symbol_kind(db, file, name);
    name_def_ranges(&analysis, name)
        .into_iter()
        .map(|focus| {
            let full = crate::syntax_util::node_covering(&root, focus)
                .or_else(|| name_def_node(&analysis, name))
                .map(|n| definition_node(&n).text_range())
                .unwrap_or(focus);
            NavigationTarget {
                file,
                full_range: full,
                focus_range: focus,
                name: text.clone(),
                kind,
            }
        })
        .collect()
}

fn symbol_kind(db: &Db, file: FileId, name: NameId) -> Option<SymbolKind> {
    let analysis = db.file(file)?;
    if analysis.lambda_of.contains_key(&name) {
        return Some(SymbolKind::Variable);
    }
    let value = value_of_name(db, file, name, &mut Fuel::default())?;
    let value_file = db.file(value.file)?;
    Some(match &value_file.core.module()[value.expr] {
        Expr::Lambda { .. } => SymbolKind::Function,
        Expr::AttrSet { .. } => SymbolKind::Object,
        _ => SymbolKind::Variable,
    })
}

pub(crate) fn goto_type_definition(db: &Db, position: FilePosition) -> Vec<NavigationTarget> {
    // The "type" of a Nix value that has a definition site is the set or function expression
    // that makes it: follow the value statically.
    let Some(classified) = classify(db, position) else {
        return Vec::new();
    };
    let Some(Def::Name { file, name }) = classified.def else {
        return Vec::new();
    };
    let mut fuel = Fuel::default();
    let Some(value) =
        value_of_name(db, file, name, &mut fuel).and_then(|v| trace(db, v, &mut fuel))
    else {
        return Vec::new();
    };
    let Some(analysis) = db.file(value.file) else {
        return Vec::new();
    };
    let kind = match &analysis.core.module()[value.expr] {
        Expr::Lambda { .. } => SymbolKind::Function,
        Expr::AttrSet { .. } => SymbolKind::Object,
        _ => return Vec::new(),
    };
    let range = analysis.core.expr_range(value.expr);
    vec![NavigationTarget {
        file: value.file,
        full_range: range,
        focus_range: TextRange::at(range.start(), 0.into()),
        name: classified.text,
        kind: Some(kind),
    }]
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;
    use crate::FileRange;

    fn check(text: &str, expect: expect_test::Expect) {
        let fixture = Fixture::new(text);
        let out: String = fixture
            .analysis
            .goto_definition(fixture.position())
            .iter()
            .map(|t| {
                format!(
                    "{} (full {:?})\n",
                    fixture.describe(FileRange {
                        file: t.file,
                        range: t.focus_range
                    }),
                    t.full_range
                )
            })
            .collect();
        expect.assert_eq(&out);
    }

    #[test]
    fn local_names() {
        check(
            "let\n  a = 1;\n  f = { x ? a, ... }@args: x + a$0;\nin f",
            expect![[r#"
                /main.nix 6..7 "a" (full 6..12)
            "#]],
        );
        check(
            "{ x ? 1 }: x$0",
            expect![[r#"
                /main.nix 2..3 "x" (full 2..7)
            "#]],
        );
        check(
            "y: rec { a = y$0; }",
            expect![[r#"
                /main.nix 0..1 "y" (full 0..1)
            "#]],
        );
    }

    #[test]
    fn inherit_and_selections() {
        check(
            "let a = 1; s = { b.c = 2; }; in { inherit a$0; }",
            expect![[r#"
                /main.nix 4..5 "a" (full 4..10)
            "#]],
        );
        check(
            "let s = { b.c = 2; }; in s.b.c$0",
            expect![[r#"
                /main.nix 12..13 "c" (full 10..18)
            "#]],
        );
        check(
            "let s = { x = 1; }; in { inherit (s) x$0; }",
            expect![[r#"
                /main.nix 10..11 "x" (full 10..16)
            "#]],
        );
        check(
            "let s = { x = 1; }; in with s; x$0",
            expect![[r#"
                /main.nix 10..11 "x" (full 10..16)
            "#]],
        );
        check(
            "{ pkgs }: with pkgs; hello$0",
            expect![[r#"
                /main.nix 15..19 "pkgs" (full 10..26)
            "#]],
        );
        check("builtins.map$0", expect![""]);
    }

    #[test]
    fn call_arguments_go_to_the_pattern_field() {
        check(
            "//- /p/pkg.nix\n{ name, version ? \"1\" }: name\n//- /p/all.nix\n{ a = callPackage ./pkg.nix { na$0me = \"a\"; }; }\n",
            expect![[r#"
                /p/pkg.nix 2..6 "name" (full 2..6)
            "#]],
        );
    }

    #[test]
    fn across_files() {
        check(
            "//- /p/lib/default.nix\n{ foo = 1; }\n//- /p/main.nix\nlet l = import ./lib; in [ (import ./lib/default.nix).foo l.foo$0 ]\n",
            expect![[r#"
                /p/lib/default.nix 2..5 "foo" (full 2..10)
            "#]],
        );
        check(
            "//- /p/lib.nix\n{ foo = 1; }\n//- /p/main.nix\nimport ./li$0b.nix\n",
            expect![[r#"
                /p/lib.nix 0..0 "" (full 0..0)
            "#]],
        );
        check(
            "//- /p/lib.nix\n{ pkgs }: { foo = 1; }\n//- /p/main.nix\n{ inherit (pkgs.callPackage ./lib.nix { }) foo$0; }\n",
            expect![[r#"
                /p/lib.nix 12..15 "foo" (full 12..20)
            "#]],
        );
    }
}
