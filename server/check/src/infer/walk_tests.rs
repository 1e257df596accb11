//! Tests of what the IR walk adds: call-site specialization of known lambdas (and `import`
//! of a parameter known to be a path), two rounds for recursive groups (fixpoints such as
//! `makeExtensible`), application per kind of argument, and the sorted lookups.

use super::*;

/// Answers `./one.nix` with `{ x: Int }` and `./lib.nix` with `{ lib }: { id = x: x; n = 1; }`.
struct Files;

impl ImportTypes for Files {
    fn import_type(&self, path: &str) -> Option<Ty> {
        let text = match path {
            "./one.nix" => "{ x = 1; }",
            "./lib.nix" => "{ lib }: { n = 1; self = lib; }",
            _ => return None,
        };
        Some(infer_text(text, &NoImports).root)
    }
}

fn shown(src: &str) -> String {
    let inf = infer_text(src, &Files);
    super::tests::assert_no_error_in(src, &inf);
    display(&inf.root, 200)
}

#[test]
fn a_let_bound_lambda_is_specialized_per_call() {
    assert_eq!(
        shown("let f = file: import file; in f ./one.nix"),
        "{ x: Int }"
    );
    assert_eq!(
        shown("let callLibs = file: import file { lib = 2; }; in { a = callLibs ./lib.nix; }"),
        // The imported file is known by its type only: its `lib` stays `?`.
        "{ a: { n: Int, self: ? } }"
    );
    // Curried: the inner lambda sees the outer argument.
    assert_eq!(
        shown("let f = a: b: import a; in f ./one.nix 1"),
        "{ x: Int }"
    );
    // A general answer without `?` is kept.
    assert_eq!(shown("let f = x: 1; in f ./one.nix"), "Int");
}

#[test]
fn a_lambda_is_not_specialized_inside_itself() {
    // Recursion through its own name stays bounded (and `?`).
    assert_eq!(shown("let f = x: f x; in f 1"), "?");
}

#[test]
fn recursive_groups_get_a_second_round() {
    assert_eq!(
        shown(
            "let mk = rattrs: let self = rattrs self // { extend = 1; }; in self; \
             in mk (self: { a = 1; b = self.a; })"
        ),
        "{ a: Int, b: Int, extend: Int }"
    );
    assert_eq!(shown("let x = { a = 1; b = x.a; }; in x.b"), "Int");
}

#[test]
fn application_splits_the_argument_by_kind() {
    // `Number` is `Int | Float`: `div`'s `Number -> Float -> Float` arrow must not make the
    // second argument a `Float`.
    assert_eq!(
        shown("base: int: builtins.div base int"),
        "Number -> Number -> Number"
    );
    assert_eq!(
        shown("let mod = a: b: builtins.div a b; in mod 7 2"),
        "Number"
    );
}

#[test]
fn lookups_find_the_innermost_expression() {
    let src = "let f = x: (x + 1); in f 2";
    let inf = infer_text(src, &NoImports);
    let at = |needle: &str| TextSize::from(src.find(needle).expect("needle") as u32);
    // Inside the parentheses, on `x`: the parameter use.
    let (range, t) = inf.type_at(at("x +")).expect("a type");
    assert_eq!(&src[range], "x");
    assert_eq!(display(&t, 80), "Number");
    // On the opening parenthesis: the parenthesized expression.
    let (range, _) = inf.type_at(at("(x")).expect("a type");
    assert_eq!(&src[range], "(x + 1)");
    // The call at the end of the file.
    let (range, t) = inf
        .type_of_range(TextRange::at(at("f 2"), TextSize::from(3)))
        .expect("a type");
    assert_eq!(&src[range], "f 2");
    assert_eq!(display(&t, 80), "Number");
    // A name at its definition.
    let (range, _) = inf.type_at(at("f =")).expect("a type");
    assert_eq!(&src[range], "f");
}
