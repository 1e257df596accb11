use super::*;

fn nixty(text: &str) -> TyExpr {
    parse_type(text).unwrap_or_else(|e| panic!("`{text}`: {e}"))
}

#[test]
fn annotation_grammar() {
    assert_eq!(nixty("Int"), TyExpr::Int);
    assert_eq!(nixty("?"), TyExpr::Dyn);
    assert_eq!(nixty("-1"), TyExpr::IntLit(-1));
    assert_eq!(nixty("\"a\\\"b\""), TyExpr::StrLit("a\"b".into()));
    assert_eq!(
        nixty("Int -> Bool -> Null"),
        TyExpr::arrow(TyExpr::Int, TyExpr::arrow(TyExpr::Bool, TyExpr::Null))
    );
    assert_eq!(
        nixty("Int | Null \\ Null"),
        TyExpr::Diff(
            Box::new(TyExpr::Union(vec![TyExpr::Int, TyExpr::Null])),
            Box::new(TyExpr::Null)
        )
    );
    assert_eq!(
        nixty("~Int & Any"),
        TyExpr::Inter(vec![TyExpr::Not(Box::new(TyExpr::Int)), TyExpr::Any])
    );
    assert_eq!(
        nixty("[a]"),
        TyExpr::List(Box::new(TyExpr::Var("a".into())))
    );
    let TyExpr::Record(r) = nixty("{ a: Int, b?: String, _: Bool }") else {
        panic!("record expected")
    };
    assert_eq!(r.fields.len(), 2);
    assert!(r.fields[1].optional && !r.open);
    assert_eq!(r.rest.as_deref(), Some(&TyExpr::Bool));
    let TyExpr::Record(r) = nixty("{ a: Int, .. }") else {
        panic!("record expected")
    };
    assert!(r.open);
    assert_eq!(nixty("{ }"), TyExpr::Record(Record::default()));
    assert_eq!(nixty("Stringish"), TyExpr::Alias(Alias::Stringish));
    assert_eq!(nixty("./a.nix"), TyExpr::PathLit("./a.nix".into()));
}

#[test]
fn annotation_errors_have_ranges() {
    for (text, fragment) in [
        ("", "empty type"),
        ("Int ->", "expected a type"),
        ("Foo", "unknown type `Foo`"),
        ("{ a Int }", "expected `:`"),
        ("(Int", "expected `)`"),
        ("Int Int", "unexpected `Int`"),
        ("#", "unexpected character"),
        ("\"abc", "unterminated"),
    ] {
        let err = parse_type(text).expect_err(text);
        assert!(err.message.contains(fragment), "`{text}`: {}", err.message);
        assert!(
            err.start <= err.end && err.end <= text.len(),
            "`{text}`: {err:?}"
        );
    }
    let deep = format!("{}Int{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse_type(&deep).is_err());
}

#[test]
fn doc_signatures_nixpkgs_style() {
    let cases = [
        (
            "concatStringsSep :: string -> [string] -> string",
            "String -> [String] -> String",
        ),
        (
            "mapAttrs :: (String -> a -> b) -> { [String] :: a } -> { [String] :: b }",
            "(String -> a -> b) -> { _: a } -> { _: b }",
        ),
        ("optional :: bool -> a -> [a]", "Bool -> a -> [a]"),
        ("f :: attrsOf int -> listOf path", "{ _: Int } -> [Path]"),
        ("g :: null or int -> AttrSet", "Null | Int -> Attrs"),
        (
            "nameValuePair :: String -> a -> { name :: String; value :: a; }",
            "String -> a -> { name: String, value: a }",
        ),
        ("toSource :: FileSet -> Path", "? -> Path"),
        (
            "getName :: String | Derivation -> String",
            "String | Derivation -> String",
        ),
        (
            "pipe :: a -> [(a -> b) (b -> c) ... (x -> y) (y -> z)] -> z",
            "a -> [?] -> z",
        ),
    ];
    for (doc, expected) in cases {
        let comment = format!("\n  Something.\n\n  # Type\n\n  ```\n  {doc}\n  ```\n");
        let got = doc_comment_signature(&comment).unwrap_or_else(|| panic!("`{doc}` not read"));
        assert_eq!(got, parse_type(expected).expect(expected), "`{doc}`");
    }
    // Multi-line signatures continue inside brackets.
    let comment = "# Type\n```\nf :: {\n  a :: Int;\n} -> Int\n```";
    assert_eq!(
        doc_comment_signature(comment),
        Some(parse_type("{ a: Int } -> Int").expect("type"))
    );
    // Old style: `Type: f :: …`.
    assert_eq!(
        doc_comment_signature(" Type: id :: a -> a\n"),
        Some(parse_type("a -> a").expect("type"))
    );
    assert_eq!(doc_comment_signature("no signature here"), None);
    assert_eq!(doc_comment_signature("# Type\n```\nf :: %%%\n```"), None);
}
