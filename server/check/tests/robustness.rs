//! Pathological input: deep nesting of every kind and huge files. Each case runs on a thread
//! with the default 2 MiB test stack, through parse → lower → resolve → diagnostics → dump →
//! scope queries → drop, to prove no stage recurses without bound.

use nixty_check::{FileAnalysis, Severity};

const STACK: usize = 2 << 20;

fn analyze_on_small_stack(name: &str, text: String) -> Vec<(String, Severity)> {
    std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(STACK)
        .spawn(move || {
            let analysis = FileAnalysis::new(&text);
            let _ = analysis.dump();
            let middle = nixty_parse::TextSize::from((text.len() / 2) as u32);
            let _ = analysis.visible_names_at(middle);
            let _ = analysis.expr_at(middle);
            let depth = nixty_parse::tree_depth(&analysis.syntax());
            assert!(depth <= nixty_parse::MAX_TREE_DEPTH, "{depth}");
            let out = analysis
                .diagnostics()
                .iter()
                .map(|d| (d.code.clone(), d.severity))
                .collect();
            drop(analysis);
            out
        })
        .unwrap()
        .join()
        .unwrap_or_else(|_| panic!("{name} panicked"))
}

/// Every shape of nesting, `n` levels deep.
fn deep_inputs(n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("parens", format!("{}1{}", "(".repeat(n), ")".repeat(n))),
        ("lists", format!("{}1{}", "[".repeat(n), "]".repeat(n))),
        (
            "sets",
            format!("{}1{}", "{ a = ".repeat(n), "; }".repeat(n)),
        ),
        (
            "rec sets",
            format!("{}1{}", "rec { a = ".repeat(n), "; }".repeat(n)),
        ),
        (
            "path sets",
            format!("{{ {} = 1; }}", vec!["a"; n].join(".")),
        ),
        (
            "lets",
            format!("{}1{}", "let a = ".repeat(n), "; in a".repeat(n)),
        ),
        ("let bodies", format!("{}a", "let a = 1; in ".repeat(n))),
        ("lambdas", format!("{}1", "x: ".repeat(n))),
        ("patterns", format!("{}1", "{ x ? 1 }: ".repeat(n))),
        ("additions", format!("1{}", " + 1".repeat(n))),
        ("applications", format!("f{}", " a".repeat(n))),
        ("concatenations", format!("[]{}", " ++ []".repeat(n))),
        ("updates", format!("{{}}{}", " // {}".repeat(n))),
        ("implications", format!("true{}", " -> true".repeat(n))),
        ("pipes", format!("1{}", " |> f".repeat(n))),
        ("left pipes", format!("{}1", "f <| ".repeat(n))),
        ("negations", format!("{}1", "-".repeat(n))),
        ("nots", format!("{}true", "!".repeat(n))),
        ("has-attrs", format!("a{}", " ? a".repeat(n))),
        ("selects with or", format!("a{}", ".b or a".repeat(n))),
        ("withs", format!("{}a", "with a; ".repeat(n))),
        ("asserts", format!("{}1", "assert true; ".repeat(n))),
        ("ifs", format!("{}1", "if true then 1 else ".repeat(n))),
        (
            "interpolations",
            format!("{}x{}", "\"${".repeat(n), "}\"".repeat(n)),
        ),
        ("select chains", format!("a{}", ".a".repeat(n))),
    ]
}

#[test]
fn hundred_thousand_levels_never_overflow() {
    for (name, text) in deep_inputs(100_000) {
        let diagnostics = analyze_on_small_stack(name, text);
        let _ = diagnostics;
    }
}

#[test]
fn depths_around_the_limits_never_overflow() {
    for n in [
        100, 200, 255, 256, 257, 300, 511, 512, 513, 1000, 1023, 1024, 1025, 3000,
    ] {
        for (name, text) in deep_inputs(n) {
            analyze_on_small_stack(&format!("{name} x{n}"), text);
        }
    }
}

#[test]
fn too_deep_input_says_so() {
    let text = format!("{}1", "[".repeat(5000));
    let diagnostics = analyze_on_small_stack("lists", text);
    assert!(
        diagnostics
            .iter()
            .any(|(code, _)| code == "nested-too-deeply"),
        "{diagnostics:?}"
    );
    // Shallow code is analyzed without that diagnostic.
    let shallow =
        analyze_on_small_stack("shallow", format!("{}1{}", "[".repeat(50), "]".repeat(50)));
    assert!(shallow.is_empty(), "{shallow:?}");
}

#[test]
fn fifteen_megabytes_are_analyzed() {
    // An all-packages.nix-like file: one big set of bindings with calls, lists and strings.
    let mut text = String::from("{ pkgs, lib, ... }:\nlet inherit (lib) optional; in\n{\n");
    let mut i = 0;
    while text.len() < 15 * 1024 * 1024 {
        text.push_str(&format!(
            "  package{i} = pkgs.callPackage ./pkgs/package{i} {{ inherit (pkgs) stdenv; flag = optional true \"x{i}\"; }};\n"
        ));
        i += 1;
    }
    text.push_str("}\n");
    let bytes = text.len();
    let diagnostics = analyze_on_small_stack("15 MB", text);
    assert!(
        diagnostics.iter().all(|(_, s)| *s != Severity::Error),
        "{bytes} bytes: {:?}",
        &diagnostics[..diagnostics.len().min(5)]
    );
}
