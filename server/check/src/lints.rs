//! Diagnostics computed from the IR and its name resolution: undefined variables, unused
//! bindings/fields/parameters, unused `with`, unnecessary `rec`.

use nixty_parse::{TextRange, TextSize};

use crate::codes::Code;
use crate::ir::{Expr, Module, NameKind};
use crate::lower::SourceMap;
use crate::resolve::{NameResolution, Resolution, ScopeKind, Scopes};
use crate::{Diagnostic, Severity};

/// Runs every IR-level check.
pub fn run(
    module: &Module,
    source_map: &SourceMap,
    scopes: &Scopes,
    resolution: &NameResolution,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    undefined_variables(module, source_map, resolution, &mut out);
    unused_names(module, source_map, scopes, resolution, &mut out);
    unused_withs_and_recs(module, source_map, scopes, resolution, &mut out);
    out
}

fn undefined_variables(
    module: &Module,
    source_map: &SourceMap,
    resolution: &NameResolution,
    out: &mut Vec<Diagnostic>,
) {
    for (expr, r) in resolution.iter() {
        if *r != Resolution::Unresolved {
            continue;
        }
        let Expr::Reference(name) = &module[expr] else {
            continue;
        };
        out.push(Diagnostic::from_code(
            Code::UndefinedVariable,
            source_map.expr_range(expr),
            format!("undefined variable `{name}`: no let, function parameter, rec attribute or builtin of that name is in scope"),
        ));
    }
}

fn unused_names(
    module: &Module,
    source_map: &SourceMap,
    scopes: &Scopes,
    resolution: &NameResolution,
    out: &mut Vec<Diagnostic>,
) {
    for scope in (0..)
        .map(crate::resolve::ScopeId)
        .take_while(|s| scopes.try_scope(*s).is_some())
    {
        let ScopeKind::Definitions {
            owner,
            names,
            by_text,
        } = &scopes.scope(scope).kind
        else {
            continue;
        };
        let has_alias = match &module[*owner] {
            Expr::Lambda {
                param: Some(p),
                pattern: Some(_),
                ..
            } => Some(module[*p].text.as_str()),
            _ => None,
        };
        for (text, id) in names {
            if by_text.get(text) != Some(id) || text.starts_with('_') {
                continue; // a duplicate (already an error) or deliberately unused
            }
            if !resolution.references(*id).is_empty() {
                continue;
            }
            let range = source_map.name_range(*id);
            let diagnostic = match module[*id].kind {
                NameKind::LetIn => Diagnostic::from_code(
                    Code::UnusedLetBinding,
                    range,
                    format!("`{text}` is bound but never used; remove it or rename it `_{text}`"),
                ),
                NameKind::PatField => {
                    let mut d = Diagnostic::from_code(
                        Code::UnusedPatternField,
                        range,
                        format!(
                            "function argument `{text}` is never used; remove it from the pattern"
                        ),
                    );
                    if let Some(alias) = has_alias {
                        d.severity = Severity::Hint;
                        d.message = format!(
                            "function argument `{text}` is never used by name (it is still reachable as `{alias}.{text}`)"
                        );
                    }
                    d
                }
                NameKind::Param | NameKind::PatAlias => Diagnostic::from_code(
                    Code::UnusedLambdaParameter,
                    range,
                    format!(
                        "parameter `{text}` is never used; rename it `_{text}` or `_` to say so"
                    ),
                ),
                NameKind::RecAttr | NameKind::PlainAttr => continue,
            };
            out.push(diagnostic);
        }
    }
}

fn unused_withs_and_recs(
    module: &Module,
    source_map: &SourceMap,
    scopes: &Scopes,
    resolution: &NameResolution,
    out: &mut Vec<Diagnostic>,
) {
    for (id, expr) in module.exprs() {
        if scopes.scope_for_expr(id).is_none() {
            continue;
        }
        match expr {
            Expr::With { env, .. } if resolution.with_uses(id).is_empty() => {
                let start = source_map.expr_range(id).start();
                let end = source_map.expr_range(*env).end().max(start);
                out.push(Diagnostic::from_code(
                    Code::UnusedWith,
                    TextRange::new(start, end),
                    "unused `with`: every variable in its body is bound elsewhere; remove it"
                        .into(),
                ));
            }
            Expr::AttrSet {
                rec: true,
                bindings,
            } => {
                let from_syntax = source_map
                    .expr_syntax(id)
                    .is_some_and(|p| p.kind() == nixty_parse::SyntaxKind::NODE_ATTR_SET);
                if !from_syntax {
                    continue;
                }
                let used = bindings
                    .statics
                    .iter()
                    .any(|b| !resolution.references(b.name).is_empty());
                if !used {
                    let start = source_map.expr_range(id).start();
                    out.push(Diagnostic::from_code(
                        Code::UnnecessaryRec,
                        TextRange::at(start, TextSize::from(3)),
                        "unnecessary `rec`: no attribute of this set refers to another; remove `rec`".into(),
                    ));
                }
            }
            _ => {}
        }
    }
}
