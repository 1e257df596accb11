//! Data tables: normal forms (by equivalence), subtyping, gradual compatibility,
//! projections, application, parse errors.

mod common;

use common::{assert_equiv, ty};
use nixty_types::{parse_type, Answer, DisplayOptions, Presence, RecordBuilder, Ty};

#[test]
fn equivalences() {
    let table = [
        // basic kinds, literals, aliases
        ("true | false", "Bool"),
        ("Int | Float", "Number"),
        ("Bool \\ true", "false"),
        ("-1 | 0 | 1 | Int", "Int"),
        ("(1 | 2 | 3) & (2 | 3 | 4)", "2 | 3"),
        ("Int \\ 1 \\ 2", "Int \\ (1 | 2)"),
        ("\"a\" | String", "String"),
        ("~~Int", "Int"),
        ("Int & String", "Never"),
        ("Any \\ Any", "Never"),
        ("Never | Null", "Null"),
        ("~Never", "Any"),
        ("~(Int | Null)", "~Int & ~Null"),
        ("Attrs", "{ .. }"),
        ("List", "[Any]"),
        ("Fun", "Never -> Any"),
        ("Number \\ Float", "Int"),
        // lists
        ("[Int] | [Never]", "[Int]"),
        ("[Int] & [Int | String]", "[Int]"),
        ("[Int] & [String]", "[Never]"),
        ("[Any] \\ [Int]", "[Any] & ~[Int]"),
        // records
        ("{ a: Int } | { a: String }", "{ a: Int } | { a: String }"),
        (
            "{ a: Int, .. } & { b: String, .. }",
            "{ a: Int, b: String, .. }",
        ),
        ("{ a: Int, .. } & { a: Number, .. }", "{ a: Int, .. }"),
        ("{ a: Int, .. } & { b: String }", "Never"),
        (
            "{ a: Int, .. } & { a: Number, b: String }",
            "{ a: Int, b: String }",
        ),
        ("{ a?: Int } | {}", "{ a?: Int }"),
        ("{ a: Int } | {}", "{ a?: Int }"),
        ("{ _: Any }", "{ .. }"),
        ("{ a?: Any, .. }", "{ .. }"),
        ("{ a: Int } & { b: Int }", "Never"),
        (
            "{ a: Int, _: String } & { b: String, .. }",
            "{ a: Int, b: String, _: String }",
        ),
        // arrows
        ("(Int -> Int) & (Int -> Number)", "Int -> Int"),
        (
            "(Int -> Bool) & (String -> Bool)",
            "(Int | String -> Bool) & (Int -> Bool)",
        ),
        ("(Int -> Int) | (Int -> Int)", "Int -> Int"),
        // recursive
        (
            "rec X. Null | { next: X }",
            "Null | { next: rec Y. Null | { next: Y } }",
        ),
        ("rec X. [X]", "rec Y. [[Y]]"),
        (
            "Stringish",
            "String | Path | { outPath: Stringish, .. } | { __toString: Fun, .. }",
        ),
        // gradual
        ("? | ?", "?"),
        ("? & ?", "?"),
        ("~?", "?"),
        ("Int | ? | Int", "Int | ?"),
        ("{ a: ? } | { a: ? }", "{ a: ? }"),
    ];
    for (a, b) in table {
        assert_equiv(a, b);
    }
}

#[test]
fn non_equivalences() {
    let table = [
        ("{ a: Int }", "{ a: Int, .. }"),
        ("{ a?: Int }", "{ a: Int }"),
        ("Int -> Int", "Any -> Int"),
        ("{ a: Never }", "Never"),
        ("[Never]", "Never"),
        ("Never -> Never", "Never"),
        ("? -> Int", "Any -> Int"),
        ("{ a: Int }", "{ a: Int } | { b: Int }"),
        ("rec X. Null | { next: X }", "rec X. Null | { next: X, .. }"),
    ];
    for (a, b) in table {
        assert_eq!(
            ty(a).is_equivalent(&ty(b)),
            Answer::No,
            "`{a}` ≡ `{b}` should not hold"
        );
    }
}

#[test]
fn subtyping() {
    use Answer::{No, Yes};
    let table = [
        ("Int", "Number", Yes),
        ("Number", "Int", No),
        ("1", "Int", Yes),
        ("1 | 2", "Int \\ 3", Yes),
        ("Int \\ 3", "1 | 2", No),
        ("\"x86_64-linux\"", "String", Yes),
        ("./foo", "Path", Yes),
        ("1.5", "Float", Yes),
        ("true", "Bool", Yes),
        ("Null", "~Int", Yes),
        ("Never", "Null", Yes),
        ("Any", "Null | ~Null", Yes),
        // lists
        ("[Int]", "[Number]", Yes),
        ("[Number]", "[Int]", No),
        ("[Never]", "[Int]", Yes),
        ("[Int] | [String]", "[Int | String]", Yes),
        ("[Int | String]", "[Int] | [String]", No),
        ("[Int]", "List", Yes),
        // records
        ("{ a: Int }", "{ a: Number }", Yes),
        ("{ a: Int }", "{ a: Int, .. }", Yes),
        ("{ a: Int, b: String }", "{ a: Int, .. }", Yes),
        ("{ a: Int, b: String }", "{ a: Int }", No),
        ("{ a: Int, .. }", "{ a: Int }", No),
        ("{ a: Int }", "{ a?: Int }", Yes),
        ("{ a?: Int }", "{ a: Int }", No),
        ("{}", "{ a?: Int }", Yes),
        ("{ a: Int }", "{ _: Int }", Yes),
        ("{ a: Int, b: String }", "{ _: Int }", No),
        ("{ a: Int, b: String }", "{ _: Int | String }", Yes),
        ("{ _: Int }", "{ a?: Int, .. }", Yes),
        ("{ _: Int }", "{ a: Int, .. }", No),
        ("{ a: Int | String }", "{ a: Int } | { a: String }", Yes),
        (
            "{ a: Int | String, b: Int | String }",
            "{ a: Int, b: Int } | { a: String, b: String }",
            No,
        ),
        (
            "{ a: Int, b: Bool }",
            "{ a: Int, .. } & { b: Bool, .. }",
            Yes,
        ),
        ("{ .. }", "{ a?: Any, .. }", Yes),
        ("{ .. } \\ { a: Any, .. }", "{ a?: Never, .. }", Yes),
        ("Derivation", "{ outPath: String, .. }", Yes),
        ("Derivation", "Stringish", Yes),
        // laziness: records and lists with a Never field/element are not empty
        ("{ a: Never }", "Never", No),
        ("{ a: Int } & { a: String }", "Never", No),
        ("{ a: Never }", "{ a: Int }", Yes),
        // arrows
        ("Int -> Int", "Int -> Number", Yes),
        ("Number -> Int", "Int -> Int", Yes),
        ("Int -> Int", "Number -> Int", No),
        ("Fun", "Any -> Any", No),
        ("Any -> Any", "Fun", Yes),
        ("Int -> Int", "Fun", Yes),
        ("Fun", "Int -> Int", No),
        (
            "(Int -> String) & (Bool -> Bool)",
            "Int | Bool -> String | Bool",
            Yes,
        ),
        ("(Int -> String) & (Bool -> Bool)", "Int -> String", Yes),
        ("(Int -> String) & (Bool -> Bool)", "true -> Bool", Yes),
        (
            "Int | Bool -> String | Bool",
            "(Int -> String) & (Bool -> Bool)",
            No,
        ),
        (
            "(true -> Int -> Int) & (false -> Bool -> Bool)",
            "Bool -> Fun",
            Yes,
        ),
        ("Any -> Never", "Int -> Int", Yes),
        ("Int -> Int", "~(String -> Int)", No),
        ("(Int -> Int) \\ (Int -> Never)", "Int -> Int", Yes),
        // recursive
        (
            "rec X. Null | { next: X }",
            "rec Y. Null | { next: Y, .. }",
            Yes,
        ),
        (
            "rec X. Null | { next: X, .. }",
            "rec Y. Null | { next: Y }",
            No,
        ),
        (
            "rec X. Null | { next: X, v: Int }",
            "rec Y. Null | { next: Y, v: Number }",
            Yes,
        ),
        (
            "rec X. Null | { next: X, v: Number }",
            "rec Y. Null | { next: Y, v: Int }",
            No,
        ),
        ("rec X. [X]", "[Any]", Yes),
        ("rec X. Int -> X", "Int -> Int -> Fun", Yes),
        ("{ outPath: { outPath: String, .. }, .. }", "Stringish", Yes),
        ("{ outPath: Int, .. }", "Stringish", No),
    ];
    for (a, b, want) in table {
        assert_eq!(ty(a).is_subtype(&ty(b)), want, "`{a}` <: `{b}`");
    }
}

#[test]
fn gradual_compatibility() {
    use Answer::{No, Yes};
    let table = [
        ("?", "Int", Yes),
        ("Int", "?", Yes),
        ("? -> Int", "String -> Int", Yes),
        ("? -> Int", "String -> String", No),
        ("{ a: ? }", "{ a: Int }", Yes),
        ("{ a: ? }", "{ b: Int }", No),
        ("[?]", "[Int]", Yes),
        ("Int | ?", "String", No),
        ("String | ?", "String", Yes),
        ("Int", "String | ?", Yes),
        ("Int", "String", No),
        ("Int -> Int", "? -> Int", Yes),
        ("Int -> Int", "Int -> ?", Yes),
        ("Int -> String", "? -> Int", Yes),
        ("Int -> String", "Int -> ? & Int", No),
    ];
    for (a, b, want) in table {
        assert_eq!(ty(a).is_compatible(&ty(b)), want, "`{a}` <:? `{b}`");
    }
    // `?` is only equivalent to itself; static subtyping between gradual types is per bound.
    assert_eq!(ty("?").is_subtype(&ty("Int")), Answer::No);
    assert_eq!(
        ty("{ a: ? }").is_subtype(&ty("{ a: ? } | Int")),
        Answer::Yes
    );
    assert!(!ty("{ a: ? }").is_fully_static());
    assert!(ty("{ a: Int }").is_fully_static());
    assert!(ty("?").is_dynamic());
}

#[test]
fn emptiness() {
    for (text, want) in [
        ("Never", Answer::Yes),
        ("Int & ~Int", Answer::Yes),
        ("{ a: Int } & ~{ a: Int, .. }", Answer::Yes),
        ("{ a: Never }", Answer::No),
        ("[Never]", Answer::No),
        ("Never -> Never", Answer::No),
        ("?", Answer::No),
        ("rec X. { next: X }", Answer::No),
        ("(Int -> Int) & ~(Int -> Number)", Answer::Yes),
    ] {
        assert_eq!(ty(text).is_empty(), want, "{text}");
    }
}

#[test]
fn fuel_runs_out_to_unknown() {
    // A large subtyping question with a tiny budget answers Unknown, never a wrong verdict.
    let big = Ty::union_all((0..40).map(|i| {
        RecordBuilder::new()
            .field(&format!("f{i}"), Ty::int())
            .field("k", Ty::int_lit(i))
            .build()
    }));
    let target = RecordBuilder::new().field("k", Ty::int()).open().build();
    assert_eq!(big.is_subtype_with(&target, 3), Answer::Unknown);
    assert_eq!(big.is_subtype(&target), Answer::Yes);
}

#[test]
fn application() {
    let table = [
        ("(Int -> String) & (Bool -> Bool)", "true", "Bool"),
        ("(Int -> String) & (Bool -> Bool)", "1", "String"),
        (
            "(Int -> String) & (Bool -> Bool)",
            "Int | Bool",
            "String | Bool",
        ),
        ("Int -> Int", "1", "Int"),
        ("(Int -> Int) | (Int -> String)", "Int", "Int | String"),
        ("(Number -> Number) & (Int -> Int)", "Int", "Int"),
        ("(Number -> Number) & (Int -> Int)", "Float", "Number"),
        (
            "(true -> Int -> Int) & (false -> Bool -> Bool)",
            "true",
            "Int -> Int",
        ),
        ("Fun", "Int", "Any"),
        ("? -> Int", "String", "Int"),
        ("?", "Int", "?"),
        ("Int -> ?", "Int", "?"),
        (
            "String -> String -> -1 | 0 | 1",
            "\"1.0\"",
            "String -> -1 | 0 | 1",
        ),
    ];
    for (f, arg, want) in table {
        assert_equiv_ty_in(&ty(f).apply(&ty(arg)), want, format_args!("({f}) {arg}"));
    }
}

#[test]
fn domains() {
    let table = [
        ("Int -> String", "Int"),
        ("(Int -> String) & (Bool -> Bool)", "Int | Bool"),
        ("(Int -> String) | (Number -> Bool)", "Int"),
        ("Fun", "Never"),
        ("? -> Int", "?"),
        ("?", "?"),
    ];
    for (f, want) in table {
        assert_equiv_ty_in(&ty(f).domain(), want, format_args!("dom({f})"));
    }
}

#[test]
fn field_selection() {
    use Presence::{Absent, Maybe, Present};
    let table = [
        ("{ a: Int }", "a", "Int", Present),
        ("{ a: Int }", "b", "Never", Absent),
        ("{ a?: Int }", "a", "Int", Maybe),
        ("{ a: Int, .. }", "b", "Any", Maybe),
        (
            "{ a: Int } | { a: String, b: Bool }",
            "a",
            "Int | String",
            Present,
        ),
        ("{ a: Int } | { a: String, b: Bool }", "b", "Bool", Maybe),
        ("{ _: Int }", "zzz", "Int", Maybe),
        (
            "{ a: Int, .. } & { a: Number, b: Bool, .. }",
            "a",
            "Int",
            Present,
        ),
        ("Int", "a", "Never", Absent),
        ("{ a: ? }", "a", "?", Present),
        ("{ a: { b: Int } }", "a", "{ b: Int }", Present),
        ("Derivation", "outPath", "String", Present),
        ("{ .. } \\ { a: Any, .. }", "a", "Never", Absent),
        (
            "{ a?: Int, b: Int } & ~{ a: Any, .. }",
            "a",
            "Never",
            Absent,
        ),
        (
            "({ a?: Int } | { b: Int }) & { a: Any, .. }",
            "a",
            "Int",
            Present,
        ),
    ];
    for (t, name, want, presence) in table {
        let got = ty(t).select(name);
        assert_equiv_ty_in(&got.ty, want, format_args!("({t}).{name}"));
        assert_eq!(got.presence, presence, "({t}).{name}");
    }
    let fields: Vec<String> = ty("{ b: Int, a?: String, .. }")
        .fields()
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(fields, ["a", "b"]);
}

#[test]
fn merge_and_field_updates() {
    let table = [
        ("{ y: Int }", "{ x: Int }", "{ x: Int, y: Int }"),
        ("{ x: String, y: Int }", "{ x: Int }", "{ x: Int, y: Int }"),
        ("{ x: String }", "{ x?: Int }", "{ x: Int | String }"),
        ("{ y: Int }", "{ x?: Int }", "{ x?: Int, y: Int }"),
        ("{ x: Int, .. }", "{ y: Bool }", "{ x: Int, y: Bool, .. }"),
        ("{ x: Int }", "{ .. }", "{ x: Any, .. }"),
        (
            "{ a: Int } | { b: Int }",
            "{ c: Int }",
            "{ a: Int, c: Int } | { b: Int, c: Int }",
        ),
    ];
    for (a, b, want) in table {
        assert_equiv_ty_in(&ty(a).merge(&ty(b)), want, format_args!("{a} // {b}"));
    }
    let t = ty("{ a: Int, b: String }");
    assert_equiv_ty(
        &t.with_field("c", Ty::bool()),
        "{ a: Int, b: String, c: Bool }",
    );
    assert_equiv_ty(&t.with_field("a", Ty::bool()), "{ a: Bool, b: String }");
    assert_equiv_ty(&t.without_field("a"), "{ b: String }");
    assert_equiv_ty(
        &ty("{ a: Int, .. }").without_field("a"),
        "{ a?: Never, .. }",
    );
}

fn assert_equiv_ty(got: &Ty, want: &str) {
    assert_equiv_ty_in(got, want, "result");
}

/// Checks that `got` is equivalent to the type written `want`; `what` names the case on failure.
fn assert_equiv_ty_in(got: &Ty, want: &str, what: impl std::fmt::Display) {
    assert_eq!(
        got.is_equivalent(&ty(want)),
        Answer::Yes,
        "{what}: got `{got}`, want `{want}`"
    );
}

#[test]
fn list_elements() {
    for (t, want) in [
        ("[Int]", "Int"),
        ("[Int] | [String]", "Int | String"),
        ("[Number] & [Int | String]", "Int"),
        ("List", "Any"),
        ("Int", "Never"),
        ("[?]", "?"),
    ] {
        assert_equiv_ty(&ty(t).list_element(), want);
    }
}

#[test]
fn occurrence_refinements() {
    use nixty_types::Kind;
    let x = ty("Int | Null | { a: Int }");
    assert_equiv_ty(&x.inter(&Ty::of_kind(Kind::Int)), "Int");
    assert_equiv_ty(&x.diff(&Ty::null()), "Int | { a: Int }");
    assert_equiv_ty(&x.inter(&Ty::has_field("a")), "{ a: Int }");
    assert_equiv_ty(&x.diff(&Ty::has_field("a")), "Int | Null");
    assert_equiv_ty(&ty("{ a?: Int }").inter(&Ty::has_field("a")), "{ a: Int }");
    assert_eq!(x.inter(&Ty::of_kind(Kind::String)).is_empty(), Answer::Yes);
    assert!(x.may_be(Kind::Attrs) && !x.may_be(Kind::String));
    for kind in Kind::ALL {
        assert_eq!(Ty::of_kind(kind).is_empty(), Answer::No, "{kind:?}");
    }
}

#[test]
fn widening() {
    for (t, want) in [
        ("1", "Int"),
        ("\"a\"", "String"),
        ("1 | 2", "1 | 2"),
        ("\"a\" | \"b\"", "\"a\" | \"b\""),
        ("true", "true"),
        ("{ x: 1, y: \"s\" }", "{ x: Int, y: String }"),
        ("[1]", "[Int]"),
        ("1 | Null", "Int | Null"),
    ] {
        assert_equiv_ty(&ty(t).widen(), want);
    }
}

#[test]
fn parse_errors() {
    let table = [
        ("", 0, "expected a type, found the end of the type"),
        ("Int |", 5, "expected a type, found the end of the type"),
        ("Foo", 0, "unknown type `Foo`"),
        ("{ a: Int", 0, "unclosed `{`"),
        (
            "{ a Int }",
            4,
            "expected `:` or `?:` after the field name, found `Int`",
        ),
        ("[Int", 4, "expected `]` to close the list type"),
        ("(Int", 4, "expected `)`"),
        ("Int Int", 4, "unexpected `Int` after the type"),
        ("{ a: Int, a: Int }", 10, "field `a` is given twice"),
        ("\"abc", 0, "unterminated string literal"),
        ("99999999999999999999", 0, "does not fit in 64 bits"),
        ("Int $", 4, "unexpected character `$`"),
        ("{ a: Int, … }", 10, "folded"),
        ("rec Int. Int", 4, "built-in type"),
    ];
    for (text, offset, message) in table {
        match parse_type(text) {
            Ok(t) => panic!("`{text}` parsed as `{t}`"),
            Err(e) => {
                assert!(
                    e.message.contains(message),
                    "`{text}`: message `{}` lacks `{message}`",
                    e.message
                );
                assert_eq!(e.offset, offset, "`{text}`: {}", e.message);
            }
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for (open, close) in [
        ("(", ")"),
        ("[", "]"),
        ("{ a: ", " }"),
        ("~", ""),
        ("Int -> ", ""),
    ] {
        let text = format!("{}Int{}", open.repeat(100_000), close.repeat(100_000));
        let e = parse_type(&text).expect_err("too deep");
        assert!(
            e.message.contains("nested too deeply"),
            "{open}: {}",
            e.message
        );
    }
    let text = format!("{}Int", "Int | ".repeat(20_000));
    assert_eq!(
        parse_type(&text).map(|t| t.to_string()),
        Ok("Int".to_string())
    );
}

#[test]
fn resolver_names() {
    let vars = |name: &str| match name {
        "a" => Some(Ty::int()),
        "string" => Some(Ty::string()),
        _ => None,
    };
    let t = nixty_types::parse_type_with("[a] -> string -> a", &vars).unwrap();
    assert_equiv_ty(&t, "[Int] -> String -> Int");
}

#[test]
fn builder_matches_syntax() {
    let built = RecordBuilder::new()
        .field("a", Ty::int())
        .optional("b", Ty::string())
        .open()
        .build();
    assert_equiv_ty(&built, "{ a: Int, b?: String, .. }");
    assert_equiv_ty(&RecordBuilder::new().rest(Ty::int()).build(), "{ _: Int }");
    assert_equiv_ty(&RecordBuilder::new().build(), "{}");
    let list =
        Ty::recursive(|x| Ty::null().union(&RecordBuilder::new().field("next", x.clone()).build()));
    assert_equiv_ty(&list, "rec X. Null | { next: X }");
}

#[test]
fn arrow_clauses_and_literals() {
    let clauses = ty("(Int -> String) & (Bool -> Bool) | (Null -> Null)").arrow_clauses();
    let shown: Vec<Vec<String>> = clauses
        .iter()
        .map(|c| c.iter().map(|(d, r)| format!("{d} -> {r}")).collect())
        .collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown.contains(&vec!["Null -> Null".to_string()]),
        "{shown:?}"
    );
    assert!(shown.iter().any(|c| c.len() == 2), "{shown:?}");
    assert_eq!(ty("Fun").arrow_clauses(), vec![vec![]]);
    assert!(ty("Int").arrow_clauses().is_empty());
    assert_eq!(
        ty("\"x86_64-linux\" | \"aarch64-linux\"").string_literals(),
        Some(vec![
            "aarch64-linux".to_string(),
            "x86_64-linux".to_string()
        ])
    );
    assert_eq!(ty("\"a\" | Null").string_literals(), None);
    assert_eq!(ty("String").string_literals(), None);
}

#[test]
fn types_are_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Ty>();
    let t = ty("rec X. Null | { next: X, v: Int }");
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let t = t.clone();
            std::thread::spawn(move || t.is_subtype(&ty("rec Y. Null | { next: Y, v: Number }")))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().ok(), Some(Answer::Yes));
    }
}

#[test]
fn laziness_regressions() {
    // Found by the property tests: records whose fields have disjoint types still share the
    // record whose field diverges.
    common::assert_equiv("{ a: Bool } & { _: Never }", "{ a: Never }");
    assert_eq!(
        ty("[{ a: 0, b: Never }]").is_subtype(&ty("[{ a: Int, b: Never }]")),
        Answer::Yes
    );
    assert_eq!(
        ty("{ kind: \"a\" } & { kind: \"b\" }").is_empty(),
        Answer::No
    );
}

#[test]
fn huge_and_deep_types_stay_bounded() {
    // 100 000 nested constructors: past the depth bound constructors give their kind's top.
    let mut t = Ty::int();
    for i in 0..100_000 {
        t = match i % 3 {
            0 => Ty::list_of(t),
            1 => RecordBuilder::new().field("a", t).build(),
            _ => Ty::arrow(Ty::int(), t),
        };
    }
    assert_eq!(t.is_subtype(&Ty::any()), Answer::Yes);
    assert!(!t.display(&DisplayOptions::hover()).is_empty());
    drop(t);
    // A union of 3 000 distinct records (a long list of attribute sets with literal fields)
    // is coarsened to a record that still contains every member.
    let members: Vec<Ty> = (0..3000)
        .map(|i| {
            RecordBuilder::new()
                .field("name", Ty::string_lit(&format!("pkg{i}")))
                .field("version", Ty::int_lit(i))
                .build()
        })
        .collect();
    let union = Ty::union_all(members.iter().cloned());
    for m in members.iter().step_by(500) {
        assert_eq!(m.is_subtype(&union), Answer::Yes, "{m}");
    }
    assert_eq!(union.select("name").presence, Presence::Present);
    assert_eq!(
        Ty::list_of(union.clone()).list_element().is_subtype(&union),
        Answer::Yes
    );
    let shown = union.display(&DisplayOptions::hover());
    assert!(shown.chars().count() <= 120, "{shown}");
}

#[test]
fn intersections_of_unions_stay_tractable() {
    // 3^10 clauses as a tree, far fewer as a shared diagram: every walk follows the DAG.
    let mut t = Ty::attrs();
    for i in 0..10 {
        let u = Ty::union_all((0..3).map(|j| {
            RecordBuilder::new()
                .field(&format!("f{i}_{j}"), Ty::int())
                .open()
                .build()
        }));
        t = t.inter(&u);
    }
    assert_eq!(t.is_subtype(&Ty::attrs()), Answer::Yes);
    assert_eq!(t.is_empty(), Answer::No);
    assert_eq!(t.select("f0_0").presence, Presence::Maybe);
    assert!(!t.display(&DisplayOptions::hover()).is_empty());
}
