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

/// Type equivalence decided by the type algebra (semantic, not textual); when the algebra
/// runs out of fuel, inference's own (weaker) subtyping decides.
fn equivalent(a: &Ty, b: &Ty) -> bool {
    match algebra::to_algebra(a).is_equivalent(&algebra::to_algebra(b)) {
        nixty_types::Answer::Yes => true,
        nixty_types::Answer::No => false,
        _ => a.surely_subtype(b) && b.surely_subtype(a),
    }
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
    assert_no_error_in(src, &inf);
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
    assert_no_error_in(src, &infer(src));
}

/// `inf` (inferred from `src`) has no error diagnostic: nixty must not claim working code fails.
#[track_caller]
pub(super) fn assert_no_error_in(src: &str, inf: &Inference) {
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

// ----- occurrence typing -----

#[test]
fn occurrence_predicates() {
    assert_type(
        "x /*: Int | String */: if builtins.isString x then x else x + 1",
        "Int | String -> String | Int",
    );
    assert_type(
        "x /*: Int | Null */: if isNull x then 0 else x",
        "Int | Null -> Int",
    );
    assert_type(
        "x /*: Int | Null */: if x != null then x else 0",
        "Int | Null -> Int",
    );
    assert_type(
        "with builtins; x /*: [Int] | Int */: if isList x then head x else x",
        "[Int] | Int -> Int",
    );
}

#[test]
fn occurrence_type_of() {
    assert_type(
        r#"x /*: Int | Bool */: if builtins.typeOf x == "int" then x else !x"#,
        "Int | Bool -> Int | Bool",
    );
    assert_no_errors(r#"x /*: Int | Bool */: if builtins.typeOf x == "bool" then !x else x + 1"#);
}

#[test]
fn occurrence_connectives() {
    assert_no_errors(
        "x /*: Int | Null */: y /*: Int | Null */: if x != null && y != null then x + y else 0",
    );
    assert_type(
        "x /*: Int | Null */: if !(x == null) then x + 1 else 0",
        "Int | Null -> Int",
    );
    assert_no_errors("x /*: Int | Null */: x == null || x > 0");
    assert_no_errors("x /*: Int | Null */: x != null -> x > 0");
    assert_no_errors("x /*: Int | Null */: assert x != null; x + 1");
}

#[test]
fn occurrence_has_attr_and_paths() {
    assert_clean("x /*: { a: Int } | { b: Int } */: if x ? a then x.a else x.b");
    assert_type(
        "r /*: { a: Int | Null } */: if r.a == null then 0 else r.a + 1",
        "{ a: Int | Null } -> Int",
    );
}

#[test]
fn occurrence_literals_and_dead_branches() {
    assert_type(
        r#"s /*: "x86_64-linux" | "aarch64-linux" */: if s == "x86_64-linux" then 1 else "arm""#,
        r#""x86_64-linux" | "aarch64-linux" -> 1 | "arm""#,
    );
    assert_diag(
        r#"s /*: "x86_64-linux" | "aarch64-linux" */: if s == "x86-64-linux" then 1 else 2"#,
        Severity::Warning,
        "type-unreachable-branch",
        "never \"x86-64-linux\"",
    );
    // A dead branch is not checked.
    assert_no_errors(r#"x /*: Int */: if builtins.isString x then x + true else x"#);
}

#[test]
fn intersection_checked_per_arrow() {
    assert_type(
        "let f /*: (true -> Int -> Int) & (false -> Bool -> Bool) */ = cond: x: if cond then x + 1 else !x; in f true 1",
        "Int",
    );
    assert_type(
        "let f /*: (true -> Int -> Int) & (false -> Bool -> Bool) */ = cond: x: if cond then x + 1 else !x; in f false",
        "Bool -> Bool",
    );
}

// ----- inference and checking -----

#[test]
fn literals_and_collections() {
    assert_type("[ 1 2 ]", "[1 | 2]");
    assert_type(
        r#"{ a = "x"; b.c = true; }"#,
        r#"{ a: "x", b: { c: true } }"#,
    );
    assert_type(r#"{ a.b = 1; a.c = 2; }"#, "{ a: { b: 1, c: 2 } }");
    assert_type("{ a = { b = 1; }; a.c = 2; }", "{ a: { b: 1, c: 2 } }");
    assert_type("./foo.nix", "Path");
    assert_type("null", "Null");
    assert_type("1.5", "Float");
    assert_type(r#""a${"b"}c""#, "String");
}

#[test]
fn let_rec_and_inherit() {
    assert_type("rec { a = 1; b = a; }", "{ a: 1, b: 1 }");
    assert_type("let a = 1; in { inherit a; }", "{ a: 1 }");
    assert_type("let s = { a = 1; }; in { inherit (s) a; }", "{ a: 1 }");
    assert_type("let xs = [ 1 ]; ys = xs ++ [ 2 ]; in ys", "[1 | 2]");
    // A genuinely recursive group: unannotated members are `?` while inferred.
    assert_no_errors("let f = n: if n == 0 then 1 else n * f (n - 1); in f 5");
}

#[test]
fn records_and_select() {
    assert_type("{ a = 1; }.a", "Int");
    assert_type("{ a.b = true; }.a.b", "true");
    assert_type("let r = { a = 1; }; in r ? a", "true");
    assert_type("let r = { a = 1; }; in r ? b", "false");
    assert_type(r#"{ ${"a"} = 1; }"#, "{ a: 1 }");
    assert_within(r#"n: { ${n} = 1; }"#, "Null | String -> { _: Int }");
    assert_type("with { a = 1; }; a", "Int");
    assert_type("let a = true; in with { a = 1; }; a", "true");
    assert_diag(
        "let r = { a = 1; }; in r.b.c",
        Severity::Error,
        "type-missing-attribute",
        "attribute `b` missing",
    );
}

#[test]
fn patterns() {
    assert_within("({ a, b ? 2 }: a + b) { a = 1; }", "Number | String | Path");
    assert_diag(
        "({ x, y }: x) { y = 1; }",
        Severity::Error,
        "type-argument",
        "missing field `x`",
    );
    assert_diag(
        "({ x }: x) { x = 1; z = 2; }",
        Severity::Error,
        "type-argument",
        "unexpected field `z`",
    );
    assert_no_errors("({ x, ... }: x) { x = 1; z = 2; }");
    assert_within("({ x, ... } @ args: args) { x = 1; }", "{ x: ?, .. }");
    assert_type(
        "{ name /*: String */, version ? \"1.0\" /*: String */, ... }: name + version",
        "{ name: String, version?: String, .. } -> String",
    );
}

#[test]
fn builtins_schemes() {
    assert_type("builtins.head [ 1 2 ]", "Int");
    assert_type("builtins.filter (x: x > 1) [ 1 2 ]", "[Int]");
    assert_type("builtins.foldl' (acc: x: acc + x) 0 [ 1 2 ]", "Int");
    assert_type("builtins.attrValues { a = 1; b = 2; }", "[Int]");
    assert_type("builtins.attrNames { a = 1; }", "[String]");
    assert_type("builtins.elemAt [ \"a\" ] 0", "String");
    assert_type("builtins.genList (i: i * 2) 3", "[Int]");
    assert_type("builtins.mapAttrs (n: v: v + 1) { a = 1; }", "{ _: Int }");
    assert_type(
        "builtins.listToAttrs [ { name = \"a\"; value = 1; } ]",
        "{ _: Int }",
    );
    assert_type("builtins.getAttr \"a\" { a = true; }", "true");
    assert_type(
        "builtins.tryEval 1",
        "{ success: Bool, value: Int | false }",
    );
    assert_type("builtins.seq 1 true", "true");
    assert_type("builtins.trace \"x\" 2", "Int");
    assert_type("builtins.sort (a: b: a < b) [ 2 1 ]", "[Int]");
    assert_type("builtins.typeOf 1", "\"int\"");
    assert_type("builtins.isInt 1", "true");
    assert_type("builtins.isString 1", "false");
    assert_type("builtins.length [ ]", "Int");
    assert_type("with builtins; map toString [ 1 ]", "[String]");
    assert_type("let inherit (builtins) head; in head [ true ]", "true");
    assert_diag(
        "builtins.stringLength 1",
        Severity::Error,
        "type-argument",
        "must be `Stringish`",
    );
}

#[test]
fn operators() {
    assert_type("1 + 2", "Int");
    assert_type("1 + 2.0", "Float");
    assert_type(r#""a" + "b""#, "String");
    assert_type(r#"./a + "b""#, "Path");
    assert_type("1 < 2", "Bool");
    assert_type("!true", "false");
    assert_type("-1", "-1");
    assert_type("[ 1 ] ++ [ true ]", "[1 | true]");
    assert_type("{ a = 1; } // { a = true; }", "{ a: true }");
    assert_type("10 / 2", "Int");
    assert_diag(
        r#"1 + "a""#,
        Severity::Error,
        "type-mismatch",
        "must be `Number`",
    );
    assert_diag(
        "true && 1",
        Severity::Error,
        "type-mismatch",
        "must be `Bool`",
    );
}

#[test]
fn lambdas_inferred_from_uses() {
    assert_within("x: x.a", "{ a: ?, .. } -> ?");
    assert_within("f: f 1", "Fun | { __functor: ?, .. } -> ?");
    assert_within("c: if c then 1 else 2", "Bool -> Int");
    assert_within(r#"s: "${s}""#, "Stringish -> String");
    assert_within("x: y: x + y + 1", "Number -> Number -> Number");
    // A use in one branch only is not a demand.
    let t = ty("x: if true then x + 1 else x");
    assert!(t.domain().dyn_ || t.domain().is_any(), "{t}");
    // Lazy positions are not demands.
    assert!(ty("x: [ (x + 1) ]").domain().dyn_);
    assert!(ty("x: { a = x + 1; }").domain().dyn_);
}

#[test]
fn use_inferred_domain_catches_certain_failures() {
    assert_diag(
        r#"let f = x: x * 2; in f "a""#,
        Severity::Error,
        "type-argument",
        "must be `Number`",
    );
}

// ----- annotations -----

#[test]
fn annotations_checked() {
    assert_diag(
        "{ port /*: Int */ = \"80\"; }",
        Severity::Error,
        "type-annotation-violated",
        "must be `Int`",
    );
    assert_diag(
        "let x /*: String */ = 1; in x",
        Severity::Error,
        "type-annotation-violated",
        "must be `String`",
    );
    assert_diag(
        "(1 /*: String */)",
        Severity::Error,
        "type-annotation-violated",
        "must be `String`",
    );
    assert_type("(1 /*: Number */)", "Number");
    assert_type("let x /*: Int | Null */ = null; in x", "Int | Null");
}

#[test]
fn annotation_syntax_errors_are_diagnostics() {
    for src in [
        "x /*: Int -> */: x",
        "x /*: Int | */: x",
        "let a /*: { x: */ = 1; in a",
        "(1 /*: Foo */)",
        "x /*: \"unterminated */: x",
        "x /*: [[[[[[ */: x",
    ] {
        let inf = infer(src);
        assert!(
            inf.diagnostics
                .iter()
                .any(|d| d.code == "type-annotation-syntax"),
            "`{src}`: {:?}",
            inf.diagnostics
        );
    }
}

// ----- no false errors -----

#[test]
fn no_false_errors_on_working_code() {
    for src in [
        "let f = x: if builtins.isString x then x else toString x; in [ (f 1) (f \"a\") ]",
        "{ lib ? null, ... }: if lib == null then 1 else lib.foo",
        "x: x.a or x.b or 1",
        "let r = { a = 1; } // (if true then { b = 2; } else { }); in r.a",
        "let drv = derivation { name = \"x\"; builder = \"/bin/sh\"; system = \"x\"; }; in \"${drv}\"",
        "let s = { __toString = self: \"x\"; }; in \"${s}\"",
        "rec { a = b; b = 1; }.a",
        "let xs = builtins.attrNames { }; in builtins.head xs",
        "x: builtins.concatStringsSep \",\" x",
        "let f = { a, ... }@args: args.b or 1; in f { a = 1; b = 2; }",
        "builtins.foldl' (acc: x: acc // { ${x} = true; }) { } [ \"a\" ]",
        "let x = builtins.fromJSON \"1\"; in x + 1",
        "with builtins; if pathExists ./x then readFile ./x else \"\"",
        "let f = a: b: a + b; in f \"x\" \"y\"",
        "let f = a: b: a + b; in f 1 2",
        "let id = x: x; in [ (id 1) (id \"a\") ]",
        "(import ./nonexistent.nix) 1",
        "x: y: y x",
        "{ a = 1; }.${\"a\"}",
        "let e = { }; in e.a or null",
        "1 |> (x: x + 1)",
        "let lib = { mkIf = c: v: v; }; in lib.mkIf true 1",
        "__curPos.line",
        "let call = f: f 1; in call { __functor = self: x: x; }",
        "let d = { outPath = \"/x\"; }; in d + \"/bin\"",
        "let cat = a: b: a + b; in cat { outPath = \"/x\"; } \"/y\"",
    ] {
        assert_no_errors(src);
    }
}

#[test]
fn deep_nesting_does_not_crash() {
    let src = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    let _ = infer(&src);
    let src = format!("{}1", "x: ".repeat(3000));
    let _ = infer(&src);
    let src = format!("{}1{}", "[".repeat(3000), "]".repeat(3000));
    let _ = infer(&src);
}

// ----- API for the editor -----

#[test]
fn type_at_offsets() {
    let src = "let f = x: x + 1; in f 2";
    let inf = infer(src);
    let at = |needle: &str, nth: usize| {
        let off = src
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or(0);
        let (_, t) = inf
            .type_at(nixty_parse::TextSize::from(off as u32))
            .expect("a type");
        display(&t, 100)
    };
    assert_eq!(at("f", 0), "Number -> Number");
    assert_eq!(at("x", 0), "Number");
    assert_eq!(at("2", 0), "Int");
    let hints: Vec<String> = inf
        .binding_types()
        .iter()
        .map(|n| format!("{}: {}", n.name, display(&n.ty, 100)))
        .collect();
    assert_eq!(hints, ["f: Number -> Number", "x: Number"]);
}

#[test]
fn fields_for_completion() {
    let src = "let r = { a = 1; b = \"x\"; }; in r";
    let inf = infer(src);
    let fields = fields_of(&inf.root);
    let shown: Vec<String> = fields
        .iter()
        .map(|(n, t, o)| format!("{n}{}: {}", if *o { "?" } else { "" }, display(t, 50)))
        .collect();
    assert_eq!(shown, ["a: Int", "b: String"]);
}

#[test]
fn expected_record_of_callee() {
    let src = "let f = { x, y ? 1 }: x; in f { }";
    let inf = infer(src);
    let callee = src
        .rfind("f {")
        .map(|i| nixty_parse::TextRange::at((i as u32).into(), 1.into()))
        .expect("callee");
    let dom = expected_record(&inf, callee).expect("a record domain");
    let names: Vec<String> = fields_of(&dom)
        .into_iter()
        .map(|(n, _, o)| format!("{n}{}", if o { "?" } else { "" }))
        .collect();
    assert_eq!(names, ["x", "y?"]);
}

#[test]
fn printed_types_parse_back() {
    for src in [
        "x: x + 1",
        "{ a ? null, ... }: a",
        r#"c: if c then 1 else "a""#,
        "builtins.typeOf",
        "builtins.match",
        "s: \"${s}\"",
        "{ a = [ 1 ]; b = { c = null; }; }",
        "builtins.readDir",
    ] {
        let t = ty(src);
        let printed = t.to_string();
        let back =
            parse_type(&printed).unwrap_or_else(|e| panic!("`{printed}` does not parse: {e}"));
        let back = instantiate(&back, &Subst::new());
        assert!(
            equivalent(&back, &t),
            "`{src}`: `{printed}` parses back to `{back}`"
        );
    }
}

#[test]
fn doc_comment_signatures_type_calls() {
    let src = r#"
let
  /**
    Singleton list if the condition holds.

    # Type

    ```
    optional :: bool -> a -> [a]
    ```
  */
  optional = cond: elem: if cond then [ elem ] else [ ];
in
optional true "x"
"#;
    // Documented results are joined with `?` (documentation is not a contract).
    assert_type(src, "[String] | ?");
    let src = r#"
rec {
  # Type: joined :: [string] -> string
  joined = xs: builtins.concatStringsSep "," xs;
  r = joined [ "a" ];
}.r
"#;
    assert_type(src, "String | ?");
    // A documented domain is not a contract: no error from it.
    let src = r#"
let
  /** # Type
      ```
      f :: int -> int
      ```
  */
  f = x: x;
in f "a"
"#;
    assert_no_errors(src);
}

#[test]
fn result_checks_name_their_source() {
    assert_diag(
        "let f /*: Int -> Int */ = x: \"a\"; in f",
        Severity::Error,
        "type-annotation-violated",
        "must return `Int` as annotated",
    );
    assert_diag(
        "builtins.filter (x: 1) [ 1 ]",
        Severity::Error,
        "type-mismatch",
        "must return `Bool` where it is passed",
    );
    // An accumulator grows from the function's own results: no error.
    assert_no_errors("builtins.foldl' (acc: x: x) null [ 1 2 ]");
}

// ----- annotation verdicts by the type algebra (semantic subtyping) -----

/// The annotation diagnostics of `src` (code `type-annotation-violated`).
fn annotation_diags(src: &str) -> Vec<crate::Diagnostic> {
    infer(src)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == "type-annotation-violated")
        .collect()
}

#[track_caller]
fn assert_fits(src: &str) {
    let diags = annotation_diags(src);
    assert!(diags.is_empty(), "`{src}`: unexpected {diags:?}");
}

#[test]
fn negation_annotation() {
    let src = "x /*: Int | Null */: (x /*: ~Null */)";
    assert_diag(
        src,
        Severity::Warning,
        "type-annotation-violated",
        "annotated `~Null`, but it may be null",
    );
    assert_fits("x /*: Int */: (x /*: ~Null */)");
    assert_diag(
        "(null /*: ~Null */)",
        Severity::Error,
        "type-annotation-violated",
        "must be `~Null` as annotated",
    );
    // The annotated expression has the annotation's type.
    assert_type("x /*: Int */: (x /*: ~Null */)", "Int -> ~Null");
}

#[test]
fn recursive_annotation() {
    // Inference's own reader has no `rec`: before, this was an unreadable annotation.
    let list = "rec X. Null | { next: X }";
    assert_fits(&format!("(null /*: {list} */)"));
    assert_fits(&format!("({{ next = null; }} /*: {list} */)"));
    assert_fits(&format!(
        "let l /*: {list} */ = {{ next = {{ next = null; }}; }}; in l"
    ));
    assert_diag(
        &format!("({{ next = 1; }} /*: {list} */)"),
        Severity::Warning,
        "type-annotation-violated",
        "annotated `rec X. Null | { next: X }`",
    );
    assert_diag(
        &format!("({{ next = {{ next = \"a\"; }}; }} /*: {list} */)"),
        Severity::Warning,
        "type-annotation-violated",
        "annotated `rec X. Null | { next: X }`",
    );
    assert_diag(
        &format!("(1 /*: {list} */)"),
        Severity::Error,
        "type-annotation-violated",
        "must be `rec X. Null | { next: X }` as annotated",
    );
    let syntax = infer(&format!("(null /*: {list} */)"));
    assert!(
        syntax.diagnostics.is_empty(),
        "a `rec` annotation reads: {:?}",
        syntax.diagnostics
    );
    // The value keeps its own (sound) type.
    assert_type(
        &format!("({{ next = null; }} /*: {list} */)"),
        "{ next: Null }",
    );
}

#[test]
fn intersection_of_arrows_annotation() {
    let both = "(Int -> Int) & (Bool -> Bool)";
    assert_fits(&format!(
        "let f /*: {both} */ = x: if isInt x then -x else !x; in f"
    ));
    assert_fits(&format!("let id = x: x; in (id /*: {both} */)"));
    // A function for numbers only is not one for booleans: inference's check (disjointness
    // only) said nothing.
    assert_diag(
        &format!("let inc = x /*: Int */: x + 1; in (inc /*: {both} */)"),
        Severity::Warning,
        "type-annotation-violated",
        "may be a value outside that type",
    );
    // Intersections of records are exact in the algebra.
    assert_fits("({ a = 1; b = true; } /*: { a: Int, .. } & { b: Bool, .. } */)");
    assert_diag(
        "({ a = 1; b = 2; } /*: { a: Int, .. } & { b: Bool, .. } */)",
        Severity::Warning,
        "type-annotation-violated",
        "annotated `{ a: Int, b: Bool, .. }`",
    );
}

#[test]
fn function_results_may_violate() {
    assert_diag(
        "let f /*: Int -> Int */ = x: if x > 0 then x else null; in f",
        Severity::Warning,
        "type-annotation-violated",
        "annotated to return `Int`, but it may return null",
    );
    // Reported once, at the body (not again for the whole function).
    let src = "let f /*: Int -> Int */ = x: if x > 0 then x else null; in f";
    assert_eq!(
        annotation_diags(src).len(),
        1,
        "{:?}",
        annotation_diags(src)
    );
    assert_fits("let f /*: Int -> Int */ = x: if x > 0 then x else 0; in f");
    assert_fits("let f /*: Int -> Int -> Int */ = x: y: x + y; in f");
}

#[test]
fn gradual_annotations_never_report() {
    for src in [
        "x: (x /*: Int */)",
        "x: (x /*: ~Null */)",
        "x: (x /*: rec X. Null | { next: X } */)",
        "(builtins.fromJSON \"1\" /*: String */)",
        "x /*: ? */: (x /*: Int */)",
        "x /*: Int */: (x /*: ? */)",
        "(1 /*: ? */)",
        "({ a = 1; } /*: { a: ? } */)",
    ] {
        assert_fits(src);
    }
}

// ----- type diagnostics confirmed by the type algebra -----

/// The diagnostics of `src` with code `code`.
fn diags_with(src: &str, code: &str) -> Vec<crate::Diagnostic> {
    infer(src)
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

#[test]
fn confirmed_argument() {
    assert_diag(
        "let f = x /*: Int */: x; in f \"a\"",
        Severity::Error,
        "type-argument",
        "argument of `f` must be `Int`, but it is `String`",
    );
    assert_diag(
        "let f = x /*: { b?: Int } */: x; in f { a = 1; }",
        Severity::Error,
        "type-argument",
        "unexpected field `a`",
    );
}

#[test]
fn confirmed_argument_recursive_parameter() {
    // Inference types a `rec` parameter `?`; the algebra's reading checks its arguments.
    let f = "let f = l /*: rec L. Null | { next: L } */: l; in";
    assert_clean(&format!("{f} f {{ next = null; }}"));
    assert_clean(&format!("{f} f {{ next = {{ next = null; }}; }}"));
    assert_clean(&format!("{f} f null"));
    assert_diag(
        &format!("{f} f 1"),
        Severity::Error,
        "type-argument",
        "argument of `f` must be `rec X. Null | { next: X }`, but it is `Int`",
    );
    assert_diag(
        &format!("{f} f {{ next = 1; }}"),
        Severity::Warning,
        "type-argument",
        "may be a value outside that type (it is `{ next: Int }`)",
    );
    // A lambda applied directly, and an argument that may be null.
    assert_diag(
        "(l /*: rec L. Null | { next: L } */: l) true",
        Severity::Error,
        "type-argument",
        "but it is `true`",
    );
    assert_diag(
        "let f = l /*: rec L. { next: Null | L } */: l; in x /*: Null | { next: Null } */: f x",
        Severity::Warning,
        "type-maybe-null",
        "but it may be null",
    );
    // An argument of unknown type is never reported.
    assert_clean(&format!("{f} x: f x"));
    // A pattern field annotated with a `rec` type.
    let g = "let g = { l /*: rec L. Null | { next: L } */, n ? 0 }: n; in";
    assert_clean(&format!("{g} g {{ l = {{ next = null; }}; }}"));
    assert_diag(
        &format!("{g} g {{ l = {{ next = 1; }}; }}"),
        Severity::Warning,
        "type-argument",
        "may be a value outside that type (it is `{ l: { next: Int } }`)",
    );
    // Inference's own check reports a missing field once.
    let once = infer(&format!("{g} g {{ n = 1; }}")).diagnostics;
    assert_eq!(once.len(), 1, "{once:?}");
    assert!(once[0].message.contains("missing field `l`"), "{once:?}");
}

#[test]
fn confirmed_mismatch_and_maybe_null() {
    assert_diag(
        "x /*: Int */: x - \"a\"",
        Severity::Error,
        "type-mismatch",
        "an operand of `-` must be `Number`, but it is `String`",
    );
    assert_diag(
        "x /*: Int | Null */: x + 1",
        Severity::Warning,
        "type-maybe-null",
        "an operand of `+` must be `Number`, but it may be null",
    );
    assert_diag(
        "{ x ? null }: x.a",
        Severity::Warning,
        "type-maybe-null",
        "selecting `a` would fail",
    );
}

#[test]
fn confirmed_interpolation() {
    assert_diag(
        "x /*: Int */: \"${x}\"",
        Severity::Error,
        "type-interpolation",
        "cannot interpolate `Int` into a string",
    );
    assert_diag(
        "y /*: { a?: Int } */: \"${y}\"",
        Severity::Error,
        "type-interpolation",
        "cannot interpolate `{ a?: Int }`",
    );
    assert_clean("y /*: { outPath: String } */: \"${y}\"");
}

#[test]
fn confirmed_not_a_function() {
    assert_diag(
        "x /*: Int */: x 1",
        Severity::Error,
        "type-not-a-function",
        "`Int` is not a function",
    );
    // Inference proposes "not a function" for `Int | ?` on the right of `|>` (its `?` part
    // may be a function); the algebra (a `?` part never fails) stays silent.
    let src = "c: let g = if c then 1 else builtins.fromJSON \"1\"; in 2 |> g";
    assert!(
        diags_with(src, "type-not-a-function").is_empty(),
        "{:?}",
        infer(src).diagnostics
    );
}

#[test]
fn confirmed_missing_attribute() {
    assert_diag(
        "x /*: { a: Int } */: x.b",
        Severity::Error,
        "type-missing-attribute",
        "attribute `b` missing in `{ a: Int }`",
    );
    assert_diag(
        "x /*: { a: Int } */: { inherit (x) b; }",
        Severity::Error,
        "type-missing-attribute",
        "attribute `b` missing",
    );
    assert_clean("x /*: { a?: Int } */: x.a or 0");
}
