//! Display snapshots (`UPDATE_EXPECT=1 cargo test -p nixty-types --test display` to bless).
//! Every shown type must also parse back to an equivalent type.

mod common;

use common::ty;
use expect_test::{expect, Expect};
use nixty_types::{Answer, DisplayOptions, RecordBuilder, Ty};

fn check(inputs: &[&str], options: &DisplayOptions, expect: Expect) {
    let mut out = String::new();
    for text in inputs {
        let t = ty(text);
        let shown = t.display(options);
        out.push_str(&format!("{text}  ⇒  {shown}\n"));
        if !shown.contains('…') {
            let back = ty(&shown);
            let want = if options.widen { t.widen() } else { t };
            assert_eq!(
                back.is_equivalent(&want),
                Answer::Yes,
                "`{text}` shown as `{shown}`"
            );
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn canonical_display() {
    check(
        &[
            "Int | Null",
            "true | false",
            "Int | Float",
            "Int | Float | String",
            "1 | 2 | -1",
            "Int \\ 0",
            "String \\ \"\"",
            "\"x86_64-linux\" | \"aarch64-linux\"",
            "./a | /b/c",
            "1.5 | 2.0",
            "Any",
            "Never",
            "?",
            "~Null",
            "Any \\ (Null | Int)",
            "[Int]",
            "[Int | String]",
            "[Int] | [String]",
            "List",
            "{}",
            "{ .. }",
            "{ a: Int, b?: String }",
            "{ \"a-b\": Int, \"with space\": Int, \"_\": Int }",
            "{ a: Int, .. }",
            "{ _: Int }",
            "{ a: Bool, _: Int }",
            "{ a: Int, .. } & { b: String, .. }",
            "{ a: Int } | { a: String }",
            "{ a: Int } | { a: Int, b: Int } | { a: Number }",
            "{ .. } \\ { a: Any, .. }",
            "Int -> Int",
            "Int -> Int -> Int",
            "(Int -> Int) -> Int",
            "(Int -> String) & (Bool -> Bool)",
            "Int | Null -> Int",
            "[Int -> Int]",
            "Fun",
            "Fun \\ (Int -> Int)",
            "Int | ?",
            "{ a: ? }",
            "? -> Int",
            "{ a: Int } | ?",
            "Number & ?",
            "{ a: ? } | { b: ? }",
            "{ a: ? } | { a: Int, b: Int } | Null",
            "[?] | Null",
            "(? -> Int) | { a: [?], b?: Int, .. }",
            "? -> ?",
            "{ _: ? }",
            "rec X. Null | { next: X }",
            "rec X. [X] | Int",
            "rec X. { left: X, right: X } | Int",
            "Stringish",
            "Derivation",
            "Null | Stringish",
            "Stringish | { a: Int }",
            "Stringish | Int",
            "Derivation | Null",
            "[Derivation]",
            "String -> String -> -1 | 0 | 1",
            "String -> String -> Null | [String | Null]",
            "~(Int -> Int)",
            "Attrs | Fun",
            "Bool | Int | String | Null",
        ],
        &DisplayOptions::default(),
        expect![[r#"
            Int | Null  ⇒  Null | Int
            true | false  ⇒  Bool
            Int | Float  ⇒  Number
            Int | Float | String  ⇒  Number | String
            1 | 2 | -1  ⇒  -1 | 1 | 2
            Int \ 0  ⇒  Int \ 0
            String \ ""  ⇒  String \ ""
            "x86_64-linux" | "aarch64-linux"  ⇒  "aarch64-linux" | "x86_64-linux"
            ./a | /b/c  ⇒  ./a | /b/c
            1.5 | 2.0  ⇒  1.5 | 2.0
            Any  ⇒  Any
            Never  ⇒  Never
            ?  ⇒  ?
            ~Null  ⇒  ~Null
            Any \ (Null | Int)  ⇒  ~(Null | Int)
            [Int]  ⇒  [Int]
            [Int | String]  ⇒  [Int | String]
            [Int] | [String]  ⇒  [Int] | [String]
            List  ⇒  [Any]
            {}  ⇒  {}
            { .. }  ⇒  { .. }
            { a: Int, b?: String }  ⇒  { a: Int, b?: String }
            { "a-b": Int, "with space": Int, "_": Int }  ⇒  { "_": Int, a-b: Int, "with space": Int }
            { a: Int, .. }  ⇒  { a: Int, .. }
            { _: Int }  ⇒  { _: Int }
            { a: Bool, _: Int }  ⇒  { a: Bool, _: Int }
            { a: Int, .. } & { b: String, .. }  ⇒  { a: Int, b: String, .. }
            { a: Int } | { a: String }  ⇒  { a: Int } | { a: String }
            { a: Int } | { a: Int, b: Int } | { a: Number }  ⇒  { a: Number } | { a: Int, b: Int }
            { .. } \ { a: Any, .. }  ⇒  { .. } & ~{ a: Any, .. }
            Int -> Int  ⇒  Int -> Int
            Int -> Int -> Int  ⇒  Int -> Int -> Int
            (Int -> Int) -> Int  ⇒  (Int -> Int) -> Int
            (Int -> String) & (Bool -> Bool)  ⇒  (Int -> String) & (Bool -> Bool)
            Int | Null -> Int  ⇒  Null | Int -> Int
            [Int -> Int]  ⇒  [Int -> Int]
            Fun  ⇒  Fun
            Fun \ (Int -> Int)  ⇒  Fun & ~(Int -> Int)
            Int | ?  ⇒  Int | ?
            { a: ? }  ⇒  { a: ? }
            ? -> Int  ⇒  ? -> Int
            { a: Int } | ?  ⇒  { a: Int } | ?
            Number & ?  ⇒  Number & ?
            { a: ? } | { b: ? }  ⇒  { a: ? } | { b: ? }
            { a: ? } | { a: Int, b: Int } | Null  ⇒  Null | { a: Int, b: Int } | { a: ? }
            [?] | Null  ⇒  Null | [?]
            (? -> Int) | { a: [?], b?: Int, .. }  ⇒  { a: [?], b?: Int, .. } | (? -> Int)
            ? -> ?  ⇒  ? -> ?
            { _: ? }  ⇒  { _: ? }
            rec X. Null | { next: X }  ⇒  rec X. Null | { next: X }
            rec X. [X] | Int  ⇒  rec X. Int | [X]
            rec X. { left: X, right: X } | Int  ⇒  rec X. Int | { left: X, right: X }
            Stringish  ⇒  Stringish
            Derivation  ⇒  Derivation
            Null | Stringish  ⇒  Stringish | Null
            Stringish | { a: Int }  ⇒  Stringish | { a: Int }
            Stringish | Int  ⇒  Stringish | Int
            Derivation | Null  ⇒  Null | Derivation
            [Derivation]  ⇒  [Derivation]
            String -> String -> -1 | 0 | 1  ⇒  String -> String -> -1 | 0 | 1
            String -> String -> Null | [String | Null]  ⇒  String -> String -> Null | [Null | String]
            ~(Int -> Int)  ⇒  ~(Int -> Int)
            Attrs | Fun  ⇒  { .. } | Fun
            Bool | Int | String | Null  ⇒  Null | Bool | Int | String
        "#]],
    );
}

#[test]
fn hover_display_widens_and_folds() {
    check(
        &[
            "1",
            "\"a\"",
            "1 | 2",
            "true",
            "{ x: 1, y: \"s\", z: true }",
            "[1]",
            "Int -> 1",
            "{ a: { b: { c: { d: { e: { f: { g: { h: Int } } } } } } } }",
            "{ f0: Int, f1: Int, f2: Int, f3: Int, f4: Int, f5: Int, f6: Int, f7: Int, f8: Int, f9: Int, f10: Int, f11: Int, f12: Int, f13: String }",
        ],
        &DisplayOptions::hover(),
        expect![[r#"
            1  ⇒  Int
            "a"  ⇒  String
            1 | 2  ⇒  1 | 2
            true  ⇒  true
            { x: 1, y: "s", z: true }  ⇒  { x: Int, y: String, z: true }
            [1]  ⇒  [Int]
            Int -> 1  ⇒  Int -> Int
            { a: { b: { c: { d: { e: { f: { g: { h: Int } } } } } } } }  ⇒  { a: { b: { c: { d: { e: { f: … } } } } } }
            { f0: Int, f1: Int, f2: Int, f3: Int, f4: Int, f5: Int, f6: Int, f7: Int, f8: Int, f9: Int, f10: Int, f11: Int, f12: Int, f13: String }  ⇒  { f0: Int, f1: Int, f10: Int, f11: Int, f12: Int, f13: String, f2: Int, f3: Int, … }
        "#]],
    );
}

#[test]
fn long_unions_fold_with_width() {
    let t = Ty::union_all((0..30).map(|i| Ty::string_lit(&format!("system-number-{i}"))));
    let shown = t.display(&DisplayOptions {
        max_width: 60,
        max_depth: 0,
        widen: false,
    });
    assert!(shown.chars().count() <= 60, "{shown}");
    expect![[r#""system-number-0" | "system-number-1" | …"#]].assert_eq(&shown);
    let r = Ty::union_all((0..10).map(|i| {
        RecordBuilder::new()
            .field(&format!("f{i}"), Ty::int())
            .build()
    }));
    let shown = r.display(&DisplayOptions {
        max_width: 50,
        max_depth: 3,
        widen: false,
    });
    expect!["{ f0: Int } | { f1: Int } | …"].assert_eq(&shown);
}
