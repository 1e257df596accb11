//! Signature help for calls: `f { … }` of a function with a pattern (the fields, the one the
//! cursor is on), and curried calls `f a b` (the parameter of the argument the cursor is in);
//! the function's type and doc comment when known.

use nixty_check::ir::Expr;
use nixty_parse::SyntaxKind::*;
use nixty_parse::{SyntaxNode, TextSize};

use crate::goto_definition::definition_node;
use crate::semantics::{classify_node, name_def_node, trace, Def, Fuel, Value};
use crate::syntax_util::{attr_name, doc_comment, strip_parens, token_at};
use crate::{types_hook, Db, FileId, FilePosition};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    /// The signature: `f { a, b ? …, ... }` or `f x y`, with the type when known.
    pub label: String,
    /// The byte ranges of each parameter inside `label`.
    pub parameters: Vec<(u32, u32)>,
    /// The parameter the cursor is on.
    pub active_parameter: Option<usize>,
    pub documentation: Option<String>,
}

pub(crate) fn signature_help(db: &Db, position: FilePosition) -> Option<SignatureHelp> {
    let analysis = db.file(position.file)?;
    let root = analysis.core.syntax();
    let token = token_at(&root, position.offset)?;
    // The innermost call whose argument holds the cursor.
    let apply = token.parent_ancestors().find(|node| {
        node.kind() == NODE_APPLY
            && node
                .children()
                .nth(1)
                .is_some_and(|arg| arg.text_range().contains_inclusive(position.offset))
    })?;
    // `f a b`: the head function and the index of the argument.
    let mut head = apply.children().next()?;
    let mut index = 0usize;
    while head.kind() == NODE_APPLY {
        index += 1;
        head = head.children().next()?;
    }
    let head = strip_parens(head);
    if let Some(help) = builtin_signature(db, position.file, &head, index) {
        return Some(help);
    }
    let function_expr = analysis.core.source_map().expr_for_node(&head)?;
    let mut fuel = Fuel::default();
    let lambda = trace(
        db,
        Value {
            file: position.file,
            expr: function_expr,
        },
        &mut fuel,
    )?;
    let lambda_file = db.file(lambda.file)?;
    let name = match head.kind() {
        NODE_IDENT => head.text().to_string(),
        NODE_SELECT => head
            .children()
            .find(|c| c.kind() == NODE_ATTRPATH)
            .and_then(|p| p.children().last())
            .and_then(|a| attr_name(&a))
            .unwrap_or_else(|| "function".into()),
        _ => "function".into(),
    };
    // Walk the curried lambdas down to the one taking argument `index`.
    let mut params: Vec<Param> = Vec::new();
    let mut current = lambda.expr;
    let module = lambda_file.core.module();
    let mut pattern_at: Option<usize> = None;
    for _ in 0..32 {
        let Expr::Lambda {
            param,
            pattern,
            body,
        } = &module[current]
        else {
            break;
        };
        match pattern {
            Some(pattern) => {
                pattern_at.get_or_insert(params.len());
                params.push(Param::Pattern(
                    pattern
                        .fields
                        .iter()
                        .map(|f| (module[f.name].text.clone(), f.default.is_some()))
                        .collect(),
                    pattern.ellipsis,
                ));
            }
            None => params.push(Param::Plain(
                param
                    .map(|p| module[p].text.clone())
                    .unwrap_or_else(|| "_".into()),
            )),
        }
        current = *body;
    }
    let param = params.get(index)?;
    let mut label = name.clone();
    let mut ranges = Vec::new();
    let mut active = None;
    match param {
        Param::Pattern(fields, ellipsis) => {
            label.push_str(" { ");
            let argument = apply.children().nth(1).map(strip_parens);
            let given_at_cursor = argument
                .as_ref()
                .and_then(|arg| field_at(arg, position.offset));
            for (i, (field, has_default)) in fields.iter().enumerate() {
                if i > 0 {
                    label.push_str(", ");
                }
                let start = label.len() as u32;
                label.push_str(field);
                if *has_default {
                    label.push_str(" ? …");
                }
                ranges.push((start, label.len() as u32));
                if given_at_cursor.as_deref() == Some(field.as_str()) {
                    active = Some(i);
                }
            }
            if *ellipsis {
                label.push_str(if fields.is_empty() { "..." } else { ", ..." });
            }
            label.push_str(" }");
        }
        Param::Plain(_) => {
            for (i, p) in params.iter().enumerate() {
                label.push(' ');
                let start = label.len() as u32;
                match p {
                    Param::Plain(text) => label.push_str(text),
                    Param::Pattern(..) => label.push_str("{ … }"),
                }
                ranges.push((start, label.len() as u32));
                if i == index {
                    active = Some(i);
                }
            }
        }
    }
    if let Some(ty) = types_hook::callee_type(db, position.file, head.text_range(), 120) {
        label.push_str(" :: ");
        label.push_str(&ty);
    }
    let documentation = function_doc(db, position.file, &head);
    Some(SignatureHelp {
        label,
        parameters: ranges,
        active_parameter: active,
        documentation,
    })
}

/// `map f list`: the builtin's schematic type, split at its top-level arrows.
fn builtin_signature(
    db: &Db,
    file: FileId,
    head: &SyntaxNode,
    index: usize,
) -> Option<SignatureHelp> {
    let analysis = db.file(file)?;
    let name_node = match head.kind() {
        NODE_IDENT => head.clone(),
        NODE_SELECT => head
            .children()
            .find(|c| c.kind() == NODE_ATTRPATH)?
            .children()
            .last()?,
        _ => return None,
    };
    let Def::Builtin(name) = classify_node(db, file, &analysis, &name_node)?.def? else {
        return None;
    };
    let builtin = nixty_check::builtins::lookup(name)?;
    let ty = nixty_check::infer::builtin_types::builtin_type(name)?;
    let parts = split_arrows(ty);
    let arity = usize::from(builtin.arity).min(parts.len().saturating_sub(1));
    if arity == 0 || index >= arity {
        return None;
    }
    let mut label = format!("{name} :: ");
    let mut parameters = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            label.push_str(" -> ");
        }
        let start = label.len() as u32;
        label.push_str(part);
        if i < arity {
            parameters.push((start, label.len() as u32));
        }
    }
    Some(SignatureHelp {
        label,
        parameters,
        active_parameter: Some(index),
        documentation: crate::builtin_docs::doc(name),
    })
}

/// `(a -> b) -> [a] -> [b]` → `["(a -> b)", "[a]", "[b]"]`.
fn split_arrows(ty: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    let mut chars = ty.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '-' if depth == 0 && chars.peek() == Some(&'>') => {
                chars.next();
                parts.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current.trim().to_string());
    parts
}

enum Param {
    Plain(String),
    /// Fields (name, has a default) and whether `...` is there.
    Pattern(Vec<(String, bool)>, bool),
}

/// The name of the binding of the argument set under the cursor (`{ a = 1; b$0 }` → `b`).
fn field_at(argument: &SyntaxNode, offset: TextSize) -> Option<String> {
    if argument.kind() != NODE_ATTR_SET {
        return None;
    }
    argument.children().find_map(|entry| {
        let range = entry.text_range();
        if !(range.start() <= offset && offset <= range.end()) {
            return None;
        }
        match entry.kind() {
            NODE_ATTRPATH_VALUE => entry
                .children()
                .find(|c| c.kind() == NODE_ATTRPATH)?
                .children()
                .next()
                .and_then(|a| attr_name(&a)),
            NODE_INHERIT => entry
                .children()
                .filter(|c| matches!(c.kind(), NODE_IDENT | NODE_STRING))
                .find(|a| a.text_range().contains_inclusive(offset))
                .and_then(|a| attr_name(&a)),
            _ => None,
        }
    })
}

fn function_doc(db: &Db, file: FileId, head: &SyntaxNode) -> Option<String> {
    let analysis = db.file(file)?;
    let name_node = match head.kind() {
        NODE_IDENT => head.clone(),
        NODE_SELECT => head
            .children()
            .find(|c| c.kind() == NODE_ATTRPATH)?
            .children()
            .last()?,
        _ => return None,
    };
    match classify_node(db, file, &analysis, &name_node)?.def? {
        Def::Name { file, name } => {
            let target = db.file(file)?;
            doc_comment(&definition_node(&name_def_node(&target, name)?))
        }
        Def::Builtin(name) => crate::builtin_docs::doc(name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::fixture::Fixture;

    fn check(text: &str, expect: expect_test::Expect) {
        let fixture = Fixture::new(text);
        let out = match fixture.analysis.signature_help(fixture.position()) {
            Some(help) => {
                // The type after ` :: ` comes from inference and is checked apart.
                assert!(help.label.contains(" :: "), "no type in {}", help.label);
                let params: Vec<&str> = help
                    .parameters
                    .iter()
                    .map(|(s, e)| &help.label[*s as usize..*e as usize])
                    .collect();
                format!(
                    "{}\nparams {:?} active {:?}\ndoc {:?}\n",
                    help.label.split(" :: ").next().unwrap_or_default(),
                    params,
                    help.active_parameter,
                    help.documentation
                )
            }
            None => "none\n".into(),
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn pattern_calls() {
        check(
            "let\n  # Makes a package.\n  mk = { name, version ? \"1\", ... }: name;\nin mk { name = \"x\"; version$0 = \"2\"; }",
            expect![[r#"
                mk { name, version ? …, ... }
                params ["name", "version ? …"] active Some(1)
                doc Some("Makes a package.")
            "#]],
        );
    }

    #[test]
    fn curried_calls() {
        check(
            "let add = x: y: x + y; in add 1 2$0",
            expect![[r#"
                add x y
                params ["x", "y"] active Some(1)
                doc None
            "#]],
        );
        check(
            "map (x: x) [ 1$0 ]",
            expect![[r#"
            map
            params ["(a -> b)", "[a]"] active Some(1)
            doc Some("Applies a function to every element of a list. (2 arguments)")
        "#]],
        );
        check(
            "builtins.elemAt [ ]$0",
            expect![[r#"
            elemAt
            params ["[a]", "Int"] active Some(0)
            doc Some("The element of a list at a 0-based index. (2 arguments)")
        "#]],
        );
    }
}
