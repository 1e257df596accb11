//! Regression (hardening): deep trees without brackets made tree-sitter's queries run for
//! minutes (`nixty highlight` on 100 000 `+1`, lets, lambdas, `if`s, withs, selects). They are
//! refused quickly with a reason, and real-sized code still highlights.

fn chains() -> Vec<(&'static str, String)> {
    let n = 100_000;
    vec![
        ("plus", format!("1{}", "+1".repeat(n))),
        ("application", format!("f{}", " a".repeat(n))),
        ("select", format!("a{}", ".b".repeat(n))),
        ("update", format!("{{}}{}", " // {}".repeat(n))),
        ("concat", format!("[]{}", " ++ []".repeat(n))),
        ("lets", format!("{}a", "let a = 1; in ".repeat(n))),
        ("lambdas", format!("{}x", "x: ".repeat(n))),
        ("withs", format!("{}1", "with {}; ".repeat(n))),
        (
            "ifs",
            format!("{}1{}", "if true then ".repeat(n), " else 2".repeat(n)),
        ),
        ("negations", format!("{}true", "!".repeat(n))),
    ]
}

#[test]
fn deep_expression_chains_are_refused_with_a_reason() {
    for (name, source) in chains() {
        let error = nixty_highlight::highlight(&source)
            .expect_err(name)
            .to_string();
        assert!(
            error.contains("levels deep") || error.contains("too long"),
            "{name}: {error}"
        );
    }
}

#[test]
fn moderately_long_chains_still_highlight() {
    let source = format!("1{}", "+1".repeat(500));
    let spans = nixty_highlight::highlight(&source).unwrap();
    assert!(
        spans.iter().any(|s| s.capture.starts_with("number")),
        "{spans:?}"
    );
}
