//! Property tests of the algebra over random types (modest case counts: the suite must stay
//! fast in debug builds).

mod common;

use common::ty;
use nixty_types::{Answer, Ty};
use proptest::prelude::*;

const STATIC_LEAVES: &[&str] = &[
    "Any",
    "Never",
    "Null",
    "Bool",
    "true",
    "false",
    "Int",
    "Float",
    "String",
    "Path",
    "0",
    "1",
    "-1",
    "\"a\"",
    "\"b\"",
    "1.5",
    "./p",
    "[Any]",
    "{}",
    "{ .. }",
    "Fun",
    "(rec X. Null | { next: X })",
    "(rec T. Int | { l: T, r: T })",
    "Stringish",
];

fn type_text(gradual: bool) -> impl Strategy<Value = String> {
    let mut leaves: Vec<&'static str> = STATIC_LEAVES.to_vec();
    if gradual {
        leaves.push("?");
        leaves.push("?");
    }
    let leaf = proptest::sample::select(leaves).prop_map(str::to_string);
    leaf.prop_recursive(4, 48, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} | {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} & {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} \\ {b})")),
            inner.clone().prop_map(|a| format!("~({a})")),
            inner.clone().prop_map(|a| format!("[{a}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} -> {b})")),
            inner.clone().prop_map(|a| format!("{{ a: {a} }}")),
            inner.clone().prop_map(|a| format!("{{ a?: {a}, .. }}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{{ a: {a}, b: {b} }}")),
            inner.clone().prop_map(|a| format!("{{ _: {a} }}")),
            inner.prop_map(|a| format!("{{ b: {a}, .. }}")),
        ]
    })
}

/// `Unknown` (fuel) is tolerated, a wrong verdict is not.
fn holds(answer: Answer) -> bool {
    answer != Answer::No
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn display_parses_back_to_an_equivalent_type(text in type_text(true)) {
        let t = ty(&text);
        let shown = t.to_string();
        let back = nixty_types::parse_type(&shown);
        prop_assert!(back.is_ok(), "`{}` shown as `{}` does not parse: {:?}", text, shown, back.err());
        let back = back.unwrap_or_else(|_| Ty::never());
        prop_assert!(holds(back.is_equivalent(&t)), "`{}` shown as `{}`", text, shown);
    }

    #[test]
    fn subtyping_is_reflexive_and_unions_intersections_bound(a in type_text(true), b in type_text(true)) {
        let (a, b) = (ty(&a), ty(&b));
        prop_assert_eq!(a.is_subtype(&a), Answer::Yes);
        prop_assert!(holds(a.is_subtype(&a.union(&b))), "{} <: {} | {}", a, a, b);
        prop_assert!(holds(a.inter(&b).is_subtype(&a)), "{} & {} <: {}", a, b, a);
        prop_assert!(holds(a.is_compatible(&a)));
    }

    #[test]
    fn de_morgan(a in type_text(true), b in type_text(true)) {
        let (a, b) = (ty(&a), ty(&b));
        prop_assert!(holds(a.union(&b).neg().is_equivalent(&a.neg().inter(&b.neg()))), "~({} | {})", a, b);
        prop_assert!(holds(a.inter(&b).neg().is_equivalent(&a.neg().union(&b.neg()))), "~({} & {})", a, b);
    }

    #[test]
    fn complement_laws(a in type_text(false)) {
        let a = ty(&a);
        prop_assert!(holds(a.diff(&a).is_empty()), "{} \\ {} is not empty", a, a);
        prop_assert!(holds(a.union(&a.neg()).is_equivalent(&Ty::any())), "{} | ~{} is not Any", a, a);
        prop_assert!(holds(a.neg().neg().is_equivalent(&a)));
    }

    #[test]
    fn subtyping_is_transitive(a in type_text(false), b in type_text(false), c in type_text(false)) {
        let (a, b, c) = (ty(&a), ty(&b), ty(&c));
        if a.is_subtype(&b) == Answer::Yes && b.is_subtype(&c) == Answer::Yes {
            prop_assert!(holds(a.is_subtype(&c)), "{} <: {} <: {}", a, b, c);
        }
        // Always-applicable instance: a <: a | b <: a | b | c.
        let ab = a.union(&b);
        prop_assert!(holds(a.is_subtype(&ab.union(&c))));
    }

    #[test]
    fn gradual_bounds_bracket_the_type(a in type_text(true)) {
        let a = ty(&a);
        prop_assert!(holds(a.lower().is_subtype(&a.upper())), "{}⇓ <: {}⇑", a, a);
        prop_assert!(a.lower().is_fully_static() && a.upper().is_fully_static());
        prop_assert!(holds(a.is_compatible(&a.upper())));
        prop_assert!(holds(a.lower().is_compatible(&a)));
    }
}

/// Characters that exercise every path of the lexer and parser.
fn type_noise() -> impl Strategy<Value = String> {
    let pieces = proptest::sample::select(vec![
        "Int",
        "rec",
        "X",
        " ",
        ".",
        "..",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "a",
        "_",
        ":",
        "?",
        ",",
        "|",
        "&",
        "~",
        "\\",
        "->",
        "-",
        "1",
        "1.5",
        "\"",
        "./p",
        "<",
        ">",
        "…",
        "é",
        "Stringish",
    ]);
    proptest::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parsing_never_panics_and_errors_point_inside(text in type_noise()) {
        match nixty_types::parse_type(&text) {
            Ok(t) => {
                // Whatever parses displays and parses back.
                let shown = t.to_string();
                prop_assert!(nixty_types::parse_type(&shown).is_ok(), "`{}` shown as `{}`", text, shown);
            }
            Err(e) => prop_assert!(e.offset <= text.len() && text.is_char_boundary(e.offset)),
        }
    }

    #[test]
    fn application_stays_within_codomains(d in type_text(false), c in type_text(false), arg in type_text(false)) {
        let (d, c, arg) = (ty(&d), ty(&c), ty(&arg));
        let f = Ty::arrow(d.clone(), c.clone());
        if arg.is_subtype(&d) == Answer::Yes && arg.is_empty() == Answer::No {
            prop_assert!(holds(f.apply(&arg).is_subtype(&c)), "({} -> {}) {}", d, c, arg);
        }
        prop_assert!(holds(f.domain().is_equivalent(&d)), "dom({} -> {})", d, c);
    }

    #[test]
    fn selecting_a_built_field_gives_its_type(a in type_text(true), b in type_text(true)) {
        let (a, b) = (ty(&a), ty(&b));
        let r = nixty_types::RecordBuilder::new().field("x", a.clone()).optional("y", b.clone()).build();
        let x = r.select("x");
        prop_assert!(holds(x.ty.is_equivalent(&a)), "x: {} got {}", a, x.ty);
        prop_assert_eq!(x.presence, nixty_types::Presence::Present);
        let merged = r.merge(&nixty_types::RecordBuilder::new().field("y", a.clone()).build());
        prop_assert!(holds(merged.select("y").ty.is_equivalent(&a)));
    }

    #[test]
    fn widened_display_parses_back(text in type_text(true)) {
        let t = ty(&text).widen();
        let shown = t.to_string();
        prop_assert!(holds(ty(&shown).is_equivalent(&t)), "`{}` widened shown as `{}`", text, shown);
        prop_assert!(holds(ty(&text).is_subtype(&t)), "widening must enlarge `{}`", text);
    }
}

#[test]
fn recursive_types_terminate() {
    let pairs = [
        ("rec X. Null | { next: X }", "rec Y. Null | { next: Y, .. }"),
        (
            "rec X. Null | { next: X, v: Int }",
            "rec Y. Null | { next: Y | Null, v: Number }",
        ),
        ("rec X. [X | Int]", "rec Y. [[Y | Int] | Int]"),
        ("rec X. Int -> X", "rec Y. Int -> Int -> Y"),
        (
            "rec X. { a: X } | { b: X } | Null",
            "rec Y. { a: Y, .. } | { b: Y, .. } | Null",
        ),
        (
            "Stringish",
            "rec S. String | Path | { outPath: S, .. } | { __toString: Fun, .. }",
        ),
    ];
    for (a, b) in pairs {
        let (ta, tb) = (ty(a), ty(b));
        assert_ne!(ta.is_subtype(&tb), Answer::Unknown, "{a} <: {b}");
        assert_eq!(ta.is_subtype(&tb), Answer::Yes, "{a} <: {b}");
        let _ = tb.is_subtype(&ta);
        assert_eq!(ta.diff(&ta).is_empty(), Answer::Yes, "{a}");
    }
    assert_eq!(ty("Stringish").is_equivalent(&ty(pairs[5].1)), Answer::Yes);
}
