//! Rename a name everywhere it is used: its definitions, variable references, selections
//! `e.x` (also in files that import it), `inherit`s and `with`-provided uses. Refuses invalid
//! names, and renames that would change what some name refers to (a duplicate in the same
//! scope, a reference captured by another definition, a use of the new name shadowed).

use std::collections::BTreeSet;

use nixty_check::ir::{Expr, NameId, NameKind};
use nixty_check::resolve::{ScopeId, ScopeKind};
use nixty_check::workspace::AnalyzedFile;
use nixty_parse::SyntaxKind::*;
use nixty_parse::{SyntaxNode, TextRange, TextSize};

use crate::code_actions::remove_with_leading_space;
use crate::references::{usages, Found, Usage};
use crate::semantics::{classify, Def, Site};
use crate::syntax_util::is_valid_ident;
use crate::{Db, FileId, FilePosition, SourceChange, TextEdit};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn error<T>(message: impl Into<String>) -> Result<T, RenameError> {
    Err(RenameError(message.into()))
}

/// The name to rename at the cursor and its definition.
fn target(db: &Db, position: FilePosition) -> Result<(TextRange, FileId, NameId), RenameError> {
    let Some(classified) = classify(db, position) else {
        return error("there is no name to rename here");
    };
    match classified.def {
        Some(Def::Name { file, name }) => Ok((classified.range, file, name)),
        Some(Def::Builtin(b)) => error(format!("`{b}` is a builtin of Nix: it cannot be renamed")),
        Some(Def::With { text, .. }) => error(format!(
            "`{text}` comes from a `with` whose set nixty does not know: rename it where that set is defined"
        )),
        Some(Def::Unresolved { text }) => {
            error(format!("`{text}` is not defined anywhere: there is nothing to rename"))
        }
        Some(Def::File(_)) => error("renaming files is not supported: rename the path by hand"),
        None if classified.site == Site::Select => error(format!(
            "nixty does not know which set `{}` belongs to, so it cannot rename it safely",
            classified.text
        )),
        None => error("there is no name to rename here"),
    }
}

pub(crate) fn prepare_rename(db: &Db, position: FilePosition) -> Result<TextRange, RenameError> {
    target(db, position).map(|(range, _, _)| range)
}

pub(crate) fn rename(
    db: &Db,
    position: FilePosition,
    new_name: &str,
) -> Result<SourceChange, RenameError> {
    let (_, file, name) = target(db, position)?;
    if !is_valid_ident(new_name) {
        return error(format!(
            "`{new_name}` is not a valid Nix name: use letters, digits, `_`, `'` and `-`, starting with a letter or `_`, and not a keyword"
        ));
    }
    // Renaming an attribute re-exported by `inherit (e) x;` renames that `x` too, so that the
    // chain stays consistent.
    let mut names: BTreeSet<(FileId, NameId)> = BTreeSet::new();
    let mut queue = vec![(file, name)];
    let mut all: Vec<Found> = Vec::new();
    while let Some((f, n)) = queue.pop() {
        if !names.insert((f, n)) {
            continue;
        }
        for found in usages(db, &Def::Name { file: f, name: n }, f) {
            if let Usage::InheritFrom { name: inherited } = found.usage {
                queue.push((found.file, inherited));
            }
            all.push(found);
        }
    }
    for &(f, n) in &names {
        check_conflicts(db, f, n, new_name)?;
    }
    let mut edits: Vec<(FileId, TextEdit)> = Vec::new();
    let mut seen: BTreeSet<(FileId, TextSize, TextSize)> = BTreeSet::new();
    for found in all {
        if !seen.insert((found.file, found.range.start(), found.range.end())) {
            continue;
        }
        let Some(analysis) = db.file(found.file) else {
            continue;
        };
        let old = analysis
            .core
            .text()
            .get(std::ops::Range::<usize>::from(found.range))
            .unwrap_or("")
            .to_string();
        let node = crate::syntax_util::node_covering(&analysis.core.syntax(), found.range);
        let plain_inherit = node
            .as_ref()
            .filter(|n| n.parent().is_some_and(|p| p.kind() == NODE_INHERIT))
            .filter(|n| {
                n.parent()
                    .is_some_and(|p| !p.children().any(|c| c.kind() == NODE_INHERIT_FROM))
            });
        let inherit_site = plain_inherit
            .filter(|_| matches!(found.usage, Usage::InheritPlain { .. } | Usage::Definition));
        match inherit_site {
            // `inherit x;` reads variable `x` and defines attribute `x`: when only one of
            // them is renamed, spell it out.
            Some(ident) => {
                let attr_renamed = analysis
                    .core
                    .source_map()
                    .name_for_node(ident)
                    .is_some_and(|a| names.contains(&(found.file, a)));
                let var_renamed = variable_of_inherit_renamed(&analysis, ident, found.file, &names);
                let binding = match (attr_renamed, var_renamed) {
                    (true, false) => Some(format!("{new_name} = {old};")),
                    (false, true) => Some(format!("{old} = {new_name};")),
                    _ => None,
                };
                match binding {
                    None => edits.push((found.file, edit(found.range, new_name))),
                    Some(binding) => edits.extend(
                        spell_out_inherit(ident, &binding)
                            .into_iter()
                            .map(|e| (found.file, e)),
                    ),
                }
            }
            None => edits.push((found.file, edit(found.range, new_name))),
        }
    }
    Ok(SourceChange::from_edits(edits))
}

fn variable_of_inherit_renamed(
    analysis: &AnalyzedFile,
    ident: &SyntaxNode,
    file: FileId,
    names: &BTreeSet<(FileId, NameId)>,
) -> bool {
    let Some(reference) = analysis.core.source_map().expr_for_node(ident) else {
        return false;
    };
    matches!(
        analysis.core.names().resolution(reference),
        Some(nixty_check::resolve::Resolution::Definition(n)) if names.contains(&(file, *n))
    )
}

fn edit(range: TextRange, text: &str) -> TextEdit {
    TextEdit {
        range,
        new_text: text.to_string(),
    }
}

/// Takes `ident` out of its `inherit …;` and writes `binding` instead.
fn spell_out_inherit(ident: &SyntaxNode, binding: &str) -> Vec<TextEdit> {
    let Some(inherit) = ident.parent() else {
        return Vec::new();
    };
    let attrs = inherit
        .children()
        .filter(|c| matches!(c.kind(), NODE_IDENT | NODE_STRING | NODE_DYNAMIC))
        .count();
    if attrs <= 1 {
        return vec![edit(inherit.text_range(), binding)];
    }
    vec![
        remove_with_leading_space(ident),
        edit(
            TextRange::empty(inherit.text_range().end()),
            &format!(" {binding}"),
        ),
    ]
}

/// The scope a lexical name is bound in.
fn scope_of_name(analysis: &AnalyzedFile, name: NameId) -> Option<ScopeId> {
    let owner = analysis
        .bindings
        .get(&name)
        .map(|(owner, _)| *owner)
        .or_else(|| analysis.lambda_of.get(&name).copied())?;
    analysis.core.scopes().inner_scope(owner)
}

fn defines(analysis: &AnalyzedFile, scope: ScopeId, text: &str) -> Option<NameId> {
    match &analysis.core.scopes().scope(scope).kind {
        ScopeKind::Definitions { by_text, .. } => by_text.get(text).copied(),
        _ => None,
    }
}

fn check_conflicts(db: &Db, file: FileId, name: NameId, new_name: &str) -> Result<(), RenameError> {
    let Some(analysis) = db.file(file) else {
        return Ok(());
    };
    let module = analysis.core.module();
    let line = |range: TextRange| analysis.line_index.line_col(range.start()).line + 1;
    if module[name].text == new_name {
        return Ok(());
    }
    // The same binding list / pattern already has the new name.
    if let Some((owner, _)) = analysis.bindings.get(&name) {
        if let Expr::LetIn { bindings, .. } | Expr::AttrSet { bindings, .. } = &module[*owner] {
            if let Some(other) = bindings
                .statics
                .iter()
                .find(|b| module[b.name].text == new_name)
            {
                let range = analysis.core.source_map().name_range(other.name);
                return error(format!(
                    "`{new_name}` is already defined here (line {}); pick another name",
                    line(range)
                ));
            }
        }
    }
    if !module[name].kind.is_lexical() {
        return Ok(());
    }
    let Some(scope) = scope_of_name(&analysis, name) else {
        return Ok(());
    };
    if let Some(other) = defines(&analysis, scope, new_name) {
        let range = analysis.core.source_map().name_range(other);
        return error(format!(
            "`{new_name}` is already defined here (line {}); pick another name",
            line(range)
        ));
    }
    let scopes = analysis.core.scopes();
    // A use of the renamed name must not be captured by an inner `new_name`.
    for &reference in analysis.core.names().references(name) {
        let Some(at) = scopes.scope_for_expr(reference) else {
            continue;
        };
        for s in scopes.ancestors(at) {
            if s == scope {
                break;
            }
            if let Some(other) = defines(&analysis, s, new_name) {
                let range = analysis.core.source_map().name_range(other);
                return error(format!(
                    "after renaming, the use at line {} would refer to the `{new_name}` defined at line {} instead",
                    line(analysis.core.expr_range(reference)),
                    line(range)
                ));
            }
        }
    }
    // An existing use of `new_name` inside the scope must not start referring to the renamed
    // definition.
    for (reference, _) in analysis.core.names().iter() {
        if !matches!(&module[reference], Expr::Reference(t) if t == new_name) {
            continue;
        }
        let Some(at) = scopes.scope_for_expr(reference) else {
            continue;
        };
        for s in scopes.ancestors(at) {
            if defines(&analysis, s, new_name).is_some() {
                break;
            }
            if s == scope {
                return error(format!(
                    "after renaming, `{new_name}` used at line {} would refer to the renamed definition instead of its current one",
                    line(analysis.core.expr_range(reference))
                ));
            }
        }
    }
    let _ = NameKind::LetIn;
    Ok(())
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    fn check(text: &str, new_name: &str, expect: expect_test::Expect) {
        let fixture = Fixture::new(text);
        let out = match fixture.analysis.rename(fixture.position(), new_name) {
            Ok(change) => {
                let mut out = String::new();
                for file in &change.files {
                    let mut text = fixture.text(file.file);
                    for edit in file.edits.iter().rev() {
                        text.replace_range(
                            std::ops::Range::<usize>::from(edit.range),
                            &edit.new_text,
                        );
                    }
                    out.push_str(&format!(
                        "{}: {}\n",
                        fixture.path_of(file.file),
                        text.trim_end()
                    ));
                }
                out
            }
            Err(e) => format!("error: {e}\n"),
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn renames_local_names() {
        check(
            "let a$0 = 1; b = a + a; in b",
            "x",
            expect![[r#"
            /main.nix: let x = 1; b = x + x; in b
        "#]],
        );
        check(
            "{ x ? 1, y }: x$0 + y",
            "z",
            expect![[r#"
            /main.nix: { z ? 1, y }: z + y
        "#]],
        );
        check(
            "let a = 1; in { inherit a$0; b = a; }",
            "c",
            expect![[r#"
            /main.nix: let c = 1; in { a = c; b = c; }
        "#]],
        );
        check(
            "let a = 1; in { inherit a$0 b; }",
            "c",
            expect![[r#"
            /main.nix: let c = 1; in { inherit b; a = c; }
        "#]],
        );
    }

    #[test]
    fn renames_attributes_through_imports() {
        check(
            "//- /p/lib.nix\n{ foo$0 = 1; }\n//- /p/main.nix\nlet l = import ./lib.nix; in { inherit (l) foo; x = l.foo; }\n//- /p/user.nix\n(import ./main.nix).foo\n",
            "bar",
            expect![[r#"
                /p/lib.nix: { bar = 1; }
                /p/main.nix: let l = import ./lib.nix; in { inherit (l) bar; x = l.bar; }
                /p/user.nix: (import ./main.nix).bar
            "#]],
        );
    }

    #[test]
    fn renaming_a_pattern_field_renames_call_arguments() {
        check(
            "let f = { name }: name; in [ (f { name$0 = 1; }) (f { other = 2; }) ]",
            "pname",
            expect![[r#"
                /main.nix: let f = { pname }: pname; in [ (f { pname = 1; }) (f { other = 2; }) ]
            "#]],
        );
    }

    #[test]
    fn refuses_bad_renames() {
        check(
            "let a$0 = 1; in a",
            "1x",
            expect![[r#"
            error: `1x` is not a valid Nix name: use letters, digits, `_`, `'` and `-`, starting with a letter or `_`, and not a keyword
        "#]],
        );
        check(
            "let a$0 = 1; b = 2; in a + b",
            "b",
            expect![[r#"
            error: `b` is already defined here (line 1); pick another name
        "#]],
        );
        check(
            "let a$0 = 1; in x: a + x",
            "x",
            expect![[r#"
            error: after renaming, the use at line 1 would refer to the `x` defined at line 1 instead
        "#]],
        );
        check(
            "let a$0 = 1; in map a",
            "map",
            expect![[r#"
            error: after renaming, `map` used at line 1 would refer to the renamed definition instead of its current one
        "#]],
        );
        check(
            "x: let a$0 = 1; in a + x",
            "x",
            expect![[r#"
            error: after renaming, `x` used at line 1 would refer to the renamed definition instead of its current one
        "#]],
        );
        check(
            "map$0",
            "f",
            expect![[r#"
            error: `map` is a builtin of Nix: it cannot be renamed
        "#]],
        );
        check(
            "{ pkgs }: with pkgs; hello$0",
            "f",
            expect![[r#"
            error: `hello` comes from a `with` whose set nixty does not know: rename it where that set is defined
        "#]],
        );
    }
}
