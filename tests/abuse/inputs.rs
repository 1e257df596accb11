//! Pathological inputs, generated (never committed): each is valid or nearly valid Nix.

/// Nesting depth and chain length of the "100 000" cases.
pub const N: usize = 100_000;

pub fn nested(open: &str, middle: &str, close: &str, n: usize) -> String {
    let mut s = String::with_capacity((open.len() + close.len()) * n + middle.len());
    for _ in 0..n {
        s.push_str(open);
    }
    s.push_str(middle);
    for _ in 0..n {
        s.push_str(close);
    }
    s
}

/// `(name, text)` of every deep or long case.
pub fn pathological() -> Vec<(&'static str, String)> {
    vec![
        ("parens", nested("(", "1", ")", N)),
        ("lists", nested("[", "1", "]", N)),
        ("sets", nested("{ a = ", "1", "; }", N)),
        ("rec-sets", nested("rec { a = ", "1", "; }", N / 4)),
        ("lets", nested("let a = 1; in ", "a", "", N)),
        ("lambdas", nested("x: ", "x", "", N)),
        ("withs", nested("with {}; ", "1", "", N)),
        ("ifs", nested("if true then ", "1", " else 2", N)),
        ("negations", nested("!", "true", "", N)),
        ("interpolations-nested", nested("\"${", "1", "}\"", N / 4)),
        ("plus-chain", format!("1{}", "+1".repeat(N))),
        ("application-chain", format!("f{}", " a".repeat(N))),
        ("select-chain", format!("a{}", ".b".repeat(N))),
        ("or-chain", format!("a{}", ".b or a".repeat(N / 10))),
        ("update-chain", format!("{{}}{}", " // {}".repeat(N))),
        ("concat-chain", format!("[]{}", " ++ []".repeat(N))),
        (
            "string-interpolations",
            format!("\"{}\"", "${a}x".repeat(N)),
        ),
        (
            "indented-interpolations",
            format!("''\n{}''", "  ${a}\n".repeat(N)),
        ),
        ("attrpath", format!("{{ a{} = 1; }}", ".b".repeat(N))),
        // 20 000 bindings, all-packages.nix's size (100 000 take minutes to infer today).
        (
            "bindings",
            format!(
                "{{ {} }}",
                (0..N / 5)
                    .map(|i| format!("a{i} = {i};"))
                    .collect::<String>()
            ),
        ),
        ("unclosed", "{ a = [ ( \"${".repeat(N / 10)),
        ("closers", ")]}".repeat(N)),
    ]
}

/// About `megabytes` MB of plausible Nix: one big attribute set of small bindings.
pub fn huge_file(megabytes: usize) -> String {
    let mut s = String::with_capacity(megabytes << 20);
    s.push_str("{\n");
    let mut i = 0usize;
    while s.len() < megabytes << 20 {
        s.push_str(&format!(
            "  p{i} = {{ name = \"p{i}\"; deps = [ p{} ]; }};\n",
            i / 2
        ));
        i += 1;
    }
    s.push_str("}\n");
    s
}
