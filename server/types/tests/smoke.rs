use nixty_types::*;

fn t(s: &str) -> Ty {
    parse_type(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn smoke() {
    let cases = [
        ("Int", "Int | Float", Answer::Yes),
        ("Int | Float", "Int", Answer::No),
        ("1", "Int", Answer::Yes),
        ("{ a: Int }", "{ a: Int | String }", Answer::Yes),
        ("{ a: Int }", "{ a: Int, .. }", Answer::Yes),
        ("{ a: Int, .. }", "{ a: Int }", Answer::No),
        ("{ a: Never }", "Never", Answer::No),
        ("Int -> Int", "Fun", Answer::Yes),
        (
            "(Int -> Int) & (Bool -> Bool)",
            "Int | Bool -> Int | Bool",
            Answer::Yes,
        ),
        (
            "Int | Bool -> Int | Bool",
            "(Int -> Int) & (Bool -> Bool)",
            Answer::No,
        ),
        ("[Int]", "[Int | String]", Answer::Yes),
        ("[Int] & [String]", "[Never]", Answer::Yes),
        (
            "rec X. Null | { next: X }",
            "rec Y. Null | { next: Y }",
            Answer::Yes,
        ),
        (
            "rec X. Null | { next: X }",
            "rec Y. Null | { next: Y, .. }",
            Answer::Yes,
        ),
        (
            "rec X. Null | { next: X, .. }",
            "rec Y. Null | { next: Y }",
            Answer::No,
        ),
    ];
    for (a, b, want) in cases {
        assert_eq!(t(a).is_subtype(&t(b)), want, "{a} <: {b}");
    }
    let f = t("(Int -> String) & (Bool -> Bool)");
    assert_eq!(f.apply(&Ty::bool_lit(true)).to_string(), "Bool");
    for s in [
        "Int | Null",
        "{ a: Int, b?: String, .. }",
        "~Null",
        "rec X. Null | { next: X }",
        "{ a: ? }",
        "? -> Int",
        "Int | ?",
        "\"a\" | \"b\"",
        "Stringish",
        "Int \\ 1",
    ] {
        println!("{s} => {}", t(s));
        assert_eq!(
            t(&t(s).to_string()).is_equivalent(&t(s)),
            Answer::Yes,
            "{s}"
        );
    }
}
