//! Soundness against real evaluation. For every `eval-okay-*.nix` whose value Nix 2.8
//! reproduces (`suite_status_nix28 == PASS` in `nix-lang-eval-types.jsonl`), the value's shape
//! must be a member of the inferred root type. Also: the printed type parses back to a
//! supertype of the inferred one (every displayed type is valid annotation syntax).
//! Prints cases, members, violations (must be 0) and precision (share not `?`/`Any`).

use nixty_check::infer::ty::Lits;
use nixty_check::infer::{self, FsImports, Ty};
use nixty_parse::ast;
use serde_json::Value;

/// Is the value printed in a `.exp` file (Nix syntax) a member of `t`? Literals are checked
/// against singleton types exactly; what the printer elides (`<LAMBDA>`, `«repeated»`) is
/// accepted when `t` may hold that kind.
fn value_member(e: &ast::Expr, t: &Ty, depth: u32) -> bool {
    if t.dyn_ || depth > 64 {
        return true;
    }
    let ints_hold = |n: i64| match &t.int {
        Lits::None => false,
        Lits::All => true,
        Lits::Only(s) => s.contains(&n),
        Lits::Except(s) => !s.contains(&n),
    };
    match e {
        ast::Expr::Paren(p) => p.expr().is_none_or(|x| value_member(&x, t, depth)),
        ast::Expr::Literal(l) => match l.kind() {
            ast::LiteralKind::Integer(i) => i.value().map_or(true, ints_hold),
            ast::LiteralKind::Float(_) => t.float,
            ast::LiteralKind::Uri(_) => !t.string.is_none(),
        },
        ast::Expr::UnaryOp(u) => match (u.operator(), u.expr()) {
            (Some(ast::UnaryOpKind::Negate), Some(ast::Expr::Literal(l))) => match l.kind() {
                ast::LiteralKind::Integer(i) => i.value().map_or(true, |n| ints_hold(-n)),
                _ => t.float,
            },
            _ => true,
        },
        ast::Expr::Str(s) => {
            let mut text = String::new();
            for part in s.normalized_parts() {
                match part {
                    ast::InterpolPart::Literal(l) => text.push_str(&l),
                    ast::InterpolPart::Interpolation(_) => return !t.string.is_none(),
                }
            }
            match &t.string {
                Lits::None => false,
                Lits::All => true,
                Lits::Only(set) => set.contains(&text),
                Lits::Except(set) => !set.contains(&text),
            }
        }
        ast::Expr::Ident(i) => match i.to_string().as_str() {
            "true" => t.bools & 2 != 0,
            "false" => t.bools & 1 != 0,
            "null" => t.null,
            _ => true,
        },
        // Store paths and coerced paths print as paths.
        ast::Expr::PathAbs(_) | ast::Expr::PathRel(_) | ast::Expr::PathHome(_) => {
            t.path || !t.string.is_none()
        }
        // `<LAMBDA>`, `<PRIMOP>`: a function.
        ast::Expr::PathSearch(_) => !t.funs.is_empty() || !t.attrs.is_empty(),
        ast::Expr::List(l) => match t.list_elem() {
            None => false,
            Some(elem) => l.items().all(|x| value_member(&x, &elem, depth + 1)),
        },
        ast::Expr::AttrSet(set) => {
            use nixty_parse::ast::HasEntry;
            let mut entries: Vec<(String, ast::Expr)> = Vec::new();
            for apv in set.attrpath_values() {
                let path: Vec<String> = apv
                    .attrpath()
                    .map(|p| {
                        p.attrs()
                            .map(|a| a.to_string().trim_matches('"').to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                match (path.as_slice(), apv.value()) {
                    ([name], Some(v)) => entries.push((name.clone(), v)),
                    _ => return true,
                }
            }
            t.attrs.iter().any(|rec| {
                let fields_ok = entries.iter().all(|(name, v)| match rec.fields.get(name) {
                    Some(f) => value_member(v, &f.ty, depth + 1),
                    None => rec
                        .rest
                        .as_ref()
                        .is_some_and(|r| value_member(v, r, depth + 1)),
                });
                let required_ok = rec
                    .fields
                    .iter()
                    .all(|(name, f)| f.optional || entries.iter().any(|(n, _)| n == name));
                fields_ok && required_ok
            })
        }
        // Elided or unprintable parts (`«repeated»`): no claim.
        _ => true,
    }
}

/// Is a value of this shape (`type_tree`) a member of `t`? `?` holds everything; functions
/// and derivations are members of any function / attribute-set type (their insides are not
/// known from the evaluation).
fn member(shape: &Value, t: &Ty, depth: u32) -> bool {
    if t.dyn_ || depth > 64 {
        return true;
    }
    let kind = shape["t"].as_str().unwrap_or("");
    match kind {
        "int" => !t.int.is_none(),
        "float" => t.float,
        "bool" => t.bools != 0,
        "string" => !t.string.is_none(),
        "path" => t.path,
        "null" => t.null,
        "lambda" => !t.funs.is_empty() || !t.attrs.is_empty(),
        "derivation" => !t.attrs.is_empty(),
        "list" => match t.list_elem() {
            None => false,
            Some(elem) => shape["elems"]
                .as_array()
                .map(|items| items.iter().all(|v| member(v, &elem, depth + 1)))
                .unwrap_or(true),
        },
        "set" => {
            let attrs = shape["attrs"].as_object();
            t.attrs.iter().any(|rec| {
                let Some(attrs) = attrs else { return true };
                let fields_ok = attrs.iter().all(|(name, v)| match rec.fields.get(name) {
                    Some(f) => member(v, &f.ty, depth + 1),
                    None => rec.rest.as_ref().is_some_and(|r| member(v, r, depth + 1)),
                });
                let required_ok = rec
                    .fields
                    .iter()
                    .all(|(name, f)| f.optional || attrs.contains_key(name));
                fields_ok && required_ok
            })
        }
        // An unknown shape kind: no claim.
        _ => true,
    }
}

#[test]
fn eval_okay_values_are_members_of_inferred_types() {
    let corpora = crate::corpora();
    let table = corpora.join("nix-lang-eval-types.jsonl");
    let text = std::fs::read_to_string(&table)
        .unwrap_or_else(|e| panic!("ground truth missing: {}: {e}", table.display()));
    let mut cases = 0;
    let mut members = 0;
    let mut precise = 0;
    let mut violations = Vec::new();
    let mut unparsable = Vec::new();
    let mut exact_cases = 0;
    for line in text.lines() {
        let row: Value = serde_json::from_str(line).expect("jsonl row");
        if row["suite_status_nix28"] != "PASS" {
            continue;
        }
        let Some(file) = row["file"].as_str() else {
            continue;
        };
        let path = corpora.join(file);
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        cases += 1;
        let parsed = nixty_parse::parse(&source);
        let inference = infer::infer_root(&parsed.root(), &FsImports::for_file(&path));
        // Nix auto-calls a function root with `--arg`/`--argstr` values, then `-A` selects.
        let flags: Vec<&str> = row["flags"]
            .as_array()
            .map(|f| f.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut root = inference.root.clone();
        if flags.iter().any(|f| *f == "--arg" || *f == "--argstr") && !root.funs.is_empty() {
            root = root.apply(&Ty::dyn_());
        }
        if let Some(i) = flags.iter().position(|f| *f == "-A") {
            for name in flags.get(i + 1).map(|p| p.split('.')).into_iter().flatten() {
                root = root.field(name).ty;
            }
        }
        let t = &root;
        if !t.is_dyn() && !t.is_any() {
            precise += 1;
        }
        if member(&row["type_tree"], t, 0) {
            members += 1;
        } else {
            violations.push(format!(
                "{file}: value {} is not in `{t}`",
                row["type_tree"]
            ));
        }
        // The exact printed value (literals included), when Nix's expected output exists.
        let exp = path.with_extension("exp");
        if let Ok(printed) = std::fs::read_to_string(&exp) {
            let parsed_value = nixty_parse::parse(&printed);
            if let Some(value) = parsed_value.root().expr() {
                exact_cases += 1;
                if !value_member(&value, t, 0) {
                    violations.push(format!(
                        "{file}: value `{}` is not in `{t}`",
                        printed.trim().chars().take(200).collect::<String>()
                    ));
                }
            }
        }
        let printed = infer::display(t, usize::MAX);
        match infer::parse_written_type(&printed) {
            Ok(back) if t.widened().surely_subtype(&back) || back.dyn_ => {}
            Ok(back) => unparsable.push(format!("{file}: `{printed}` reads back as `{back}`")),
            Err(e) => unparsable.push(format!("{file}: `{printed}` does not parse: {e}")),
        }
    }
    report(
        "eval-okay, Nix 2.8 PASS",
        &format!("{cases} cases ({exact_cases} with exact values), {members} shape members"),
        &violations,
        (precise, cases),
    );
    assert!(cases > 100, "too few cases: {cases}");
    assert!(
        unparsable.is_empty(),
        "printed types that do not read back:\n{}",
        unparsable.join("\n")
    );
}

/// Is `e` a plain value (literals, lists and sets of them), so its printed form is itself?
fn is_plain_value(e: &ast::Expr, depth: u32) -> bool {
    use nixty_parse::ast::HasEntry;
    if depth > 64 {
        return false;
    }
    match e {
        ast::Expr::Literal(_) => true,
        ast::Expr::Str(s) => s
            .normalized_parts()
            .iter()
            .all(|p| matches!(p, ast::InterpolPart::Literal(_))),
        ast::Expr::Ident(i) => matches!(i.to_string().as_str(), "true" | "false" | "null"),
        ast::Expr::Paren(p) => p.expr().is_some_and(|x| is_plain_value(&x, depth + 1)),
        ast::Expr::UnaryOp(u) => u.expr().is_some_and(|x| matches!(x, ast::Expr::Literal(_))),
        ast::Expr::List(l) => l.items().all(|x| is_plain_value(&x, depth + 1)),
        ast::Expr::AttrSet(s) => {
            s.rec_token().is_none()
                && s.inherits().next().is_none()
                && s.attrpath_values().all(|apv| {
                    apv.attrpath().is_some_and(|p| p.attrs().count() == 1)
                        && apv.value().is_some_and(|v| is_plain_value(&v, depth + 1))
                })
        }
        _ => false,
    }
}

/// nixpkgs `lib/tests/misc.nix`: every `{ expr = …; expected = …; }` test passes in nixpkgs, so
/// the value of `expected` is the value of `expr`; where `expected` is a plain value, it must be
/// a member of the type inferred for `expr`.
#[test]
fn nixpkgs_lib_test_cases_are_members_of_inferred_types() {
    use nixty_parse::SyntaxKind;
    let path = crate::corpora().join("nixpkgs-lib/lib/tests/misc.nix");
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("corpus missing: {}: {e}", path.display()));
    let parsed = nixty_parse::parse(&source);
    let inference = infer::infer_root(&parsed.root(), &FsImports::for_file(&path));
    let mut cases = 0;
    let mut checked = 0;
    let mut precise = 0;
    let mut violations = Vec::new();
    for set in parsed.syntax().descendants() {
        if set.kind() != SyntaxKind::NODE_ATTR_SET {
            continue;
        }
        // `name = value;` children: the attribute path's text and the value node.
        let mut expr = None;
        let mut expected = None;
        for binding in set.children() {
            if binding.kind() != SyntaxKind::NODE_ATTRPATH_VALUE {
                continue;
            }
            let mut parts = binding.children();
            let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
                continue;
            };
            match name.text().to_string().as_str() {
                "expr" => expr = Some(value),
                "expected" => expected = Some(value),
                _ => {}
            }
        }
        let (Some(expr), Some(expected)) = (expr, expected) else {
            continue;
        };
        cases += 1;
        let Some((_, t)) = inference.type_of_range(expr.text_range()) else {
            continue;
        };
        if !t.is_dyn() && !t.is_any() {
            precise += 1;
        }
        let expected_text = expected.text().to_string();
        let value = nixty_parse::parse(&expected_text);
        let Some(value) = value.root().expr() else {
            continue;
        };
        if is_plain_value(&value, 0) {
            checked += 1;
            if !value_member(&value, &t, 0) {
                violations.push(format!(
                    "misc.nix: `{}` = `{}` is not in `{t}`",
                    expr.text().to_string().chars().take(80).collect::<String>(),
                    expected_text.chars().take(80).collect::<String>()
                ));
            }
        }
    }
    report(
        "nixpkgs lib/tests/misc.nix",
        &format!("{cases} cases, {checked} with plain expected values"),
        &violations,
        (precise, cases),
    );
    assert!(cases > 300, "too few cases: {cases}");
}

/// Prints a corpus's line (`soundness (<corpus>): <counts>, N violations; precision …`) and
/// fails on any violation.
fn report(corpus: &str, counts: &str, violations: &[String], (precise, cases): (usize, usize)) {
    println!(
        "soundness ({corpus}): {counts}, {} violations; precision {precise}/{cases} ({:.1}%) not `?`/Any",
        violations.len(),
        100.0 * precise as f64 / cases.max(1) as f64
    );
    assert!(
        violations.is_empty(),
        "unsound types:\n{}",
        violations.join("\n")
    );
}
