//! Inference tests: the examples table of types.md (compared by type equivalence, not text),
//! nixty's own cases (infer and check, positive and negative), occurrence typing, and
//! no-false-error cases.

use super::scheme::{instantiate, Subst};
use super::sig::parse_type;
use super::*;
use crate::Severity;

fn infer(src: &str) -> Inference {
    infer_text(src, &NoImports)
}

fn ty(src: &str) -> Ty {
    infer(src).root
}

fn written(t: &str) -> Ty {
    instantiate(&parse_type(t).expect("test type parses"), &Subst::new())
}

fn equivalent(a: &Ty, b: &Ty) -> bool {
    a.surely_subtype(b) && b.surely_subtype(a)
}

#[track_caller]
fn assert_type(src: &str, expected: &str) {
    let inf = infer(src);
    let want = written(expected);
    assert!(
        equivalent(&inf.root.widened(), &want) || equivalent(&inf.root, &want),
        "`{src}`: inferred `{}`, expected `{expected}`",
        inf.root
    );
    let errors: Vec<_> = inf
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "`{src}`: unexpected errors {errors:?}");
}

/// The inferred type is at least as precise as `bound` (a subtype of it).
#[track_caller]
fn assert_within(src: &str, bound: &str) {
    let t = ty(src);
    assert!(
        t.surely_subtype(&written(bound)),
        "`{src}`: inferred `{t}`, not within `{bound}`"
    );
}

#[track_caller]
fn assert_diag(src: &str, severity: Severity, code: &str, fragment: &str) {
    let inf = infer(src);
    assert!(
        inf.diagnostics
            .iter()
            .any(|d| d.severity == severity && d.code == code && d.message.contains(fragment)),
        "`{src}`: expected {severity:?} {code} containing {fragment:?}, got {:?}",
        inf.diagnostics
    );
}

#[track_caller]
fn assert_no_errors(src: &str) {
    let inf = infer(src);
    let errors: Vec<_> = inf
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "`{src}`: false errors {errors:?}");
}

#[track_caller]
fn assert_clean(src: &str) {
    let inf = infer(src);
    assert!(
        inf.diagnostics.is_empty(),
        "`{src}`: unexpected diagnostics {:?}",
        inf.diagnostics
    );
}

// ----- the examples table of types.md -----

#[test]
fn table_add_one() {
    assert_within("x: x + 1", "Number -> Number");
    let t = ty("x: x + 1");
    assert!(!t.domain().dyn_, "parameter inferred from its use: {t}");
}

#[test]
fn table_annotated_param() {
    assert_type("x /*: Int */: x + 1", "Int -> Int");
}

#[test]
fn table_intersection_annotation() {
    assert_type(
        "let f /*: (Int -> Int) & (Bool -> Bool) */ = x: if isInt x then -x else !x; in f true",
        "Bool",
    );
    assert_type(
        "let f /*: (Int -> Int) & (Bool -> Bool) */ = x: if builtins.isInt x then -x else !x; in f true",
        "Bool",
    );
}

#[test]
fn table_null_check() {
    assert_type(
        "x /*: Int | Null */: if x == null then 0 else x + 1",
        "Int | Null -> Int",
    );
}

#[test]
fn table_bool_condition() {
    assert_type(r#"c: if c then 1 else "a""#, "Bool -> 1 | \"a\"");
    assert_eq!(
        display(&ty(r#"c: if c then 1 else "a""#), 100),
        "Bool -> Int | String"
    );
}

#[test]
fn table_pattern_default() {
    let t = ty("{ a ? null, ... }: a");
    let dom = t.domain();
    assert_eq!(dom.attrs.len(), 1);
    assert!(
        dom.attrs[0].fields["a"].optional && dom.attrs[0].is_open(),
        "{t}"
    );
}

#[test]
fn table_let_alias() {
    assert_type("let x = 1; y = x; in y", "Int");
}

#[test]
fn table_dead_branch() {
    assert_type("if true then 1 else 1 + true", "Int");
}

#[test]
fn table_update() {
    assert_type("{ y = 2; } // { x = 1; }", "{ x: Int, y: Int }");
}

#[test]
fn table_or_default() {
    assert_type("{ x = 1; }.y or 2", "Int");
}

#[test]
fn table_compare_versions() {
    assert_type(r#"builtins.compareVersions "1.0" "2.0""#, "-1 | 0 | 1");
}

#[test]
fn table_map() {
    assert_type("map (x: x * 2) [ 1 2 3 ]", "[Int]");
}

#[test]
fn table_missing_attribute() {
    assert_diag(
        "{ x = 1; }.y",
        Severity::Error,
        "type-missing-attribute",
        "attribute `y` missing in `{ x: Int }`",
    );
}

#[test]
fn table_not_a_function() {
    assert_diag(
        "1 1",
        Severity::Error,
        "type-not-a-function",
        "`Int` is not a function",
    );
}

#[test]
fn table_argument_mismatch() {
    assert_diag(
        "(x /*: Bool */: x) 1",
        Severity::Error,
        "type-argument",
        "must be `Bool`, but it is `Int`",
    );
}

#[test]
fn table_interpolation() {
    assert_diag(
        r#""${1}""#,
        Severity::Error,
        "type-interpolation",
        "cannot interpolate `Int`",
    );
}

#[test]
fn table_maybe_null() {
    assert_diag(
        "x /*: Int | Null */: x + 1",
        Severity::Warning,
        "type-maybe-null",
        "may be null",
    );
}
