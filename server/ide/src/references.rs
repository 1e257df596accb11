//! Find references: every place a definition is used, in its file and, for attributes,
//! through `import` in the files that select them (`(import ./lib.nix).foo`,
//! `let l = import ./lib.nix; in l.foo`, `inherit (import ./lib.nix) foo`, `with`).

use nixty_check::ir::{Expr, ExprId, NameId, NameKind};
use nixty_check::resolve::Resolution;
use nixty_parse::SyntaxKind::*;
use nixty_parse::TextRange;

use crate::goto_definition::inherited_source;
use crate::semantics::{
    attr_of, builtin_name, classify, name_def_ranges, select_def, static_attr, trace, Def, Fuel,
    Value,
};
use crate::{Db, FileId, FilePosition};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReferenceKind {
    /// Where the name is bound.
    Definition,
    Read,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub file: FileId,
    pub range: TextRange,
    pub kind: ReferenceKind,
}

/// How a definition is used at one place (rename needs to know).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Usage {
    /// The name where it is bound.
    Definition,
    /// A variable reference.
    Variable,
    /// The name of a plain `inherit x;`, which reads the variable `x` and defines attribute
    /// `attr` (when lowering gave it a name).
    InheritPlain { attr: Option<NameId> },
    /// `e.x` or `e ? x`.
    Attribute,
    /// `inherit (e) x;` defining `name` from this attribute.
    InheritFrom { name: NameId },
    /// A variable provided by a `with` whose set has this attribute.
    WithProvided,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub file: FileId,
    pub range: TextRange,
    pub usage: Usage,
}

pub(crate) fn references(
    db: &Db,
    position: FilePosition,
    include_declaration: bool,
) -> Vec<Reference> {
    let Some(def) = classify(db, position).and_then(|c| c.def) else {
        return Vec::new();
    };
    let mut out: Vec<Reference> = usages(db, &def, position.file)
        .into_iter()
        .filter(|f| include_declaration || f.usage != Usage::Definition)
        .map(|f| Reference {
            file: f.file,
            range: f.range,
            kind: if f.usage == Usage::Definition {
                ReferenceKind::Definition
            } else {
                ReferenceKind::Read
            },
        })
        .collect();
    out.sort_by_key(|r| (r.file, r.range.start(), r.range.end()));
    out.dedup();
    out
}

/// Every use of a definition. `origin` is the file the query came from (builtins, `with`
/// and undefined names are looked up in that file only).
pub(crate) fn usages(db: &Db, def: &Def, origin: FileId) -> Vec<Found> {
    let mut out = Vec::new();
    match def {
        Def::Name { file, name } => name_usages(db, *file, *name, &mut out),
        Def::Builtin(builtin) => {
            let Some(analysis) = db.file(origin) else {
                return out;
            };
            let module = analysis.core.module();
            for (expr, resolution) in analysis.core.names().iter() {
                if let Resolution::Builtin(global) = resolution {
                    if builtin_name(global) == Some(*builtin) {
                        out.push(found(
                            origin,
                            analysis.core.expr_range(expr),
                            Usage::Variable,
                        ));
                    }
                }
            }
            for (_, expr) in module.exprs() {
                if let Expr::Select { set, attrpath, .. } = expr {
                    if let Some(first) = attrpath.first() {
                        if crate::semantics::is_builtins(
                            db,
                            Value {
                                file: origin,
                                expr: *set,
                            },
                        ) && static_attr(db, origin, *first).as_deref() == Some(*builtin)
                        {
                            out.push(found(
                                origin,
                                analysis.core.expr_range(*first),
                                Usage::Attribute,
                            ));
                        }
                    }
                }
            }
        }
        Def::With { file, withs, text } => {
            let Some(analysis) = db.file(*file) else {
                return out;
            };
            for (expr, resolution) in analysis.core.names().iter() {
                if matches!(resolution, Resolution::WithCandidates(w) if w == withs)
                    && matches!(&analysis.core.module()[expr], Expr::Reference(t) if t == text)
                {
                    out.push(found(
                        *file,
                        analysis.core.expr_range(expr),
                        Usage::Variable,
                    ));
                }
            }
        }
        Def::Unresolved { text } => {
            let Some(analysis) = db.file(origin) else {
                return out;
            };
            for (expr, resolution) in analysis.core.names().iter() {
                if *resolution == Resolution::Unresolved
                    && matches!(&analysis.core.module()[expr], Expr::Reference(t) if t == text)
                {
                    out.push(found(
                        origin,
                        analysis.core.expr_range(expr),
                        Usage::Variable,
                    ));
                }
            }
        }
        Def::File(path) => {
            for file in db.workspace.files() {
                if let Some(analysis) = db.file(file) {
                    for import in analysis.imports.iter().filter(|i| &i.target == path) {
                        out.push(found(file, import.range, Usage::Attribute));
                    }
                }
            }
        }
    }
    out.sort_by_key(|f| (f.file, f.range.start(), f.range.end()));
    out.dedup_by_key(|f| (f.file, f.range));
    out
}

/// A file and every file that imports it, directly or not.
fn file_and_importers(db: &Db, file: FileId) -> Vec<FileId> {
    let mut files = vec![file];
    if let Some(path) = db.workspace.path(file) {
        files.extend(
            db.import_graph()
                .transitive_importers(path)
                .iter()
                .filter_map(|p| db.workspace.lookup(p))
                .filter(|f| *f != file),
        );
    }
    files
}

/// The attributes named `text` in the argument sets of calls of `lambda` (`f { text = …; }`,
/// `callPackage ./f.nix { text = …; }`): they are the pattern field's values.
fn argument_usages(db: &Db, file: FileId, lambda: ExprId, text: &str, out: &mut Vec<Found>) {
    let target = Value { file, expr: lambda };
    for g in file_and_importers(db, file) {
        let Some(other) = db.file(g) else {
            continue;
        };
        let module = other.core.module();
        for (_, expr) in module.exprs() {
            let Expr::Apply { fun, arg } = expr else {
                continue;
            };
            let Expr::AttrSet { bindings, .. } = &module[*arg] else {
                continue;
            };
            let Some(binding) = bindings
                .statics
                .iter()
                .find(|b| module[b.name].text == text)
            else {
                continue;
            };
            if trace(
                db,
                Value {
                    file: g,
                    expr: *fun,
                },
                &mut Fuel::default(),
            ) == Some(target)
            {
                for range in name_def_ranges(&other, binding.name) {
                    out.push(found(g, range, Usage::Attribute));
                }
            }
        }
    }
}

fn found(file: FileId, range: TextRange, usage: Usage) -> Found {
    Found { file, range, usage }
}

fn name_usages(db: &Db, file: FileId, name: NameId, out: &mut Vec<Found>) {
    let Some(analysis) = db.file(file) else {
        return;
    };
    for range in name_def_ranges(&analysis, name) {
        out.push(found(file, range, Usage::Definition));
    }
    let root = analysis.core.syntax();
    for &reference in analysis.core.names().references(name) {
        let range = analysis.core.expr_range(reference);
        let in_plain_inherit = crate::syntax_util::node_covering(&root, range)
            .filter(|n| n.parent().is_some_and(|p| p.kind() == NODE_INHERIT));
        let usage = match in_plain_inherit {
            Some(node) => Usage::InheritPlain {
                attr: analysis.core.source_map().name_for_node(&node),
            },
            None => Usage::Variable,
        };
        out.push(found(file, range, usage));
    }
    let kind = analysis.core.module()[name].kind;
    let text = analysis.core.module()[name].text.clone();
    if kind == NameKind::PatField {
        if let Some(&lambda) = analysis.lambda_of.get(&name) {
            argument_usages(db, file, lambda, &text, out);
        }
        return;
    }
    if !matches!(kind, NameKind::PlainAttr | NameKind::RecAttr) {
        return;
    }
    // Attributes can be selected: here and in every file importing this one.
    let files = file_and_importers(db, file);
    let target = Def::Name { file, name };
    for g in files {
        let Some(other) = db.file(g) else {
            continue;
        };
        let module = other.core.module();
        for (_, expr) in module.exprs() {
            let (Expr::Select { set, attrpath, .. } | Expr::HasAttr { set, attrpath }) = expr
            else {
                continue;
            };
            for (i, attr) in attrpath.iter().enumerate() {
                if static_attr(db, g, *attr).as_deref() == Some(text.as_str())
                    && select_def(db, g, *set, attrpath, i).as_ref() == Some(&target)
                {
                    out.push(found(g, other.core.expr_range(*attr), Usage::Attribute));
                }
            }
        }
        for (&bound, _) in other.bindings.iter() {
            if module[bound].text == text && inherited_source(db, g, bound) == Some((file, name)) {
                for range in name_def_ranges(&other, bound) {
                    out.push(found(g, range, Usage::InheritFrom { name: bound }));
                }
            }
        }
        for (expr, resolution) in other.core.names().iter() {
            let Resolution::WithCandidates(withs) = resolution else {
                continue;
            };
            if !matches!(&module[expr], Expr::Reference(t) if *t == text) {
                continue;
            }
            let provider = withs.iter().find_map(|w| match &module[*w] {
                Expr::With { env, .. } => attr_of(
                    db,
                    Value {
                        file: g,
                        expr: *env,
                    },
                    &text,
                    &mut Fuel::default(),
                ),
                _ => None,
            });
            if provider == Some((file, name)) {
                out.push(found(g, other.core.expr_range(expr), Usage::WithProvided));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;
    use crate::FileRange;

    pub(crate) fn check(text: &str, expect: expect_test::Expect) {
        let fixture = Fixture::new(text);
        let out: String = fixture
            .analysis
            .references(fixture.position(), true)
            .iter()
            .map(|r| {
                format!(
                    "{} {:?}\n",
                    fixture.describe(FileRange {
                        file: r.file,
                        range: r.range
                    }),
                    r.kind
                )
            })
            .collect();
        expect.assert_eq(&out);
    }

    #[test]
    fn local_references() {
        check(
            "let a$0 = 1; b = a + a; in { inherit a; c = b; }",
            expect![[r#"
                /main.nix 4..5 "a" Definition
                /main.nix 15..16 "a" Read
                /main.nix 19..20 "a" Read
                /main.nix 35..36 "a" Read
            "#]],
        );
        check(
            "x: y: x$0 + y + x",
            expect![[r#"
            /main.nix 0..1 "x" Definition
            /main.nix 6..7 "x" Read
            /main.nix 14..15 "x" Read
        "#]],
        );
        check(
            "map$0 (x: builtins.map x) [ ]",
            expect![[r#"
            /main.nix 0..3 "map" Read
            /main.nix 17..20 "map" Read
        "#]],
        );
        check(
            "{ pkgs }: with pkgs; [ hello$0 hello ]",
            expect![[r#"
            /main.nix 23..28 "hello" Read
            /main.nix 29..34 "hello" Read
        "#]],
        );
    }

    #[test]
    fn attribute_references_in_the_file() {
        check(
            "let s = { a$0.b = 1; a.c = 2; }; in [ s.a.b s.a (s ? a) ]",
            expect![[r#"
                /main.nix 10..11 "a" Definition
                /main.nix 19..20 "a" Definition
                /main.nix 38..39 "a" Read
                /main.nix 44..45 "a" Read
                /main.nix 51..52 "a" Read
            "#]],
        );
    }

    #[test]
    fn pattern_fields_and_call_arguments() {
        check(
            "//- /p/pkg.nix\n{ name$0, version ? \"1\" }: name\n//- /p/all.nix\n{ a = callPackage ./pkg.nix { name = \"a\"; }; b = (import ./pkg.nix) { name = \"b\"; version = \"2\"; }; }\n",
            expect![[r#"
                /p/pkg.nix 2..6 "name" Definition
                /p/pkg.nix 25..29 "name" Read
                /p/all.nix 30..34 "name" Read
                /p/all.nix 70..74 "name" Read
            "#]],
        );
    }

    #[test]
    fn references_across_imports() {
        check(
            "//- /p/lib.nix\n{ foo$0 = 1; bar = 2; }\n//- /p/main.nix\nlet l = import ./lib.nix; in [ (import ./lib.nix).foo l.foo l.bar (with l; foo) ]\n//- /p/other.nix\n{ inherit (import ./lib.nix) foo; }\n//- /p/unrelated.nix\n{ foo = 1; }.foo\n",
            expect![[r#"
                /p/lib.nix 2..5 "foo" Definition
                /p/main.nix 50..53 "foo" Read
                /p/main.nix 56..59 "foo" Read
                /p/main.nix 75..78 "foo" Read
                /p/other.nix 29..32 "foo" Read
            "#]],
        );
        check(
            "//- /p/lib.nix\n{ }\n//- /p/main.nix\n[ (import ./lib.nix$0) (import ./lib.nix) ]\n",
            expect![[r#"
                /p/main.nix 10..19 "./lib.nix" Read
                /p/main.nix 29..38 "./lib.nix" Read
            "#]],
        );
    }
}
