//! Data-driven golden tests: `test_data/lower/*.nix` → IR dumps (`*.ir`), and
//! `test_data/diagnostics/CODE.nix` → rendered diagnostics (`CODE.txt`). A diagnostics fixture
//! holds cases headed `# case: bad-…` (must produce CODE) or `# case: ok-…` (must not).
//! Bless changed goldens with `UPDATE_EXPECT=1 cargo test -p nixty-check`.

use std::path::{Path, PathBuf};

use expect_test::{expect, expect_file};
use nixty_parse::LineIndex;

use crate::{codes::ALL_CODES, FileAnalysis};

fn test_data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(dir)
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(test_data(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "nix"))
        .collect();
    files.sort();
    files
}

/// Splits a fixture into `(case name, case text)`.
fn cases(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("# case: ") {
            out.push((name.trim().to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

fn render(text: &str, analysis: &FileAnalysis) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in analysis.diagnostics() {
        let start = index.line_col(d.range.start());
        let end = index.line_col(d.range.end());
        out.push_str(&format!(
            "{}:{}-{}:{} {}[{}] {}\n",
            start.line + 1,
            start.col + 1,
            end.line + 1,
            end.col + 1,
            d.severity.as_str(),
            d.code,
            d.message
        ));
        for (range, note) in &d.related {
            let at = index.line_col(range.start());
            out.push_str(&format!(
                "    note {}:{}: {}\n",
                at.line + 1,
                at.col + 1,
                note
            ));
        }
    }
    out
}

#[test]
fn diagnostics_fixtures() {
    let files = fixtures("diagnostics");
    let mut problems = Vec::new();
    for info in ALL_CODES {
        if !files.iter().any(|f| f.file_stem().unwrap() == info.name) {
            problems.push(format!("no fixture for code {}", info.name));
        }
    }
    for file in &files {
        let code = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).unwrap();
        let mut golden = String::new();
        for (name, body) in cases(&text) {
            let analysis = FileAnalysis::new(&body);
            let has_code = analysis.diagnostics().iter().any(|d| d.code == code);
            if name.starts_with("bad-") && !has_code {
                problems.push(format!("{code}/{name}: expected a `{code}` diagnostic"));
            }
            if name.starts_with("ok-") && has_code {
                problems.push(format!("{code}/{name}: unexpected `{code}` diagnostic"));
            }
            golden.push_str(&format!("## {name}\n{}", render(&body, &analysis)));
        }
        expect_file![file.with_extension("txt")].assert_eq(&golden);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn lowering_fixtures() {
    let files = fixtures("lower");
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let analysis = FileAnalysis::new(&text);
        let mut golden = analysis.dump();
        let diagnostics = render(&text, &analysis);
        if !diagnostics.is_empty() {
            golden.push_str("--- diagnostics\n");
            golden.push_str(&diagnostics);
        }
        expect_file![file.with_extension("ir")].assert_eq(&golden);
    }
}

#[test]
fn source_map_round_trips() {
    let text = "let a = { b = 1; }; in (a.b)";
    let analysis = FileAnalysis::new(text);
    let root = analysis.syntax();
    // Every expression with syntax maps back to itself.
    for (id, _) in analysis.module().exprs() {
        if let Some(ptr) = analysis.source_map().expr_syntax(id) {
            let node = ptr.to_node(&root);
            assert_eq!(analysis.source_map().expr_for_node(&node), Some(id));
        }
    }
    // The parenthesized select and the select are the same expression.
    let offset = nixty_parse::TextSize::from(text.find("(a").unwrap() as u32 + 1);
    let expr = analysis.expr_at(offset).unwrap();
    expect![[r#"Reference("a")"#]].assert_eq(&format!("{:?}", analysis.module()[expr]));
}

#[test]
fn references_and_scopes() {
    let text = "let a = 1; f = x: a + x; in with { }; f a";
    let analysis = FileAnalysis::new(text);
    let names: Vec<String> = analysis
        .module()
        .names()
        .map(|(id, n)| {
            let refs: Vec<String> = analysis
                .names()
                .references(id)
                .iter()
                .map(|r| format!("{:?}", analysis.expr_range(*r)))
                .collect();
            format!("{} -> [{}]", n.text, refs.join(", "))
        })
        .collect();
    expect![[r#"a -> [18..19, 40..41], f -> [38..39], x -> [22..23]"#]]
        .assert_eq(&names.join(", "));
    // Completion inside the lambda body sees x, a, f and the globals.
    let offset = nixty_parse::TextSize::from(text.find("a + x").unwrap() as u32);
    let visible: Vec<String> = analysis
        .visible_names_at(offset)
        .into_iter()
        .take(4)
        .map(|v| format!("{v:?}"))
        .collect();
    expect![[r#"Definition("x", NameId(2)), Definition("a", NameId(0)), Definition("f", NameId(1)), Builtin("abort")"#]]
        .assert_eq(&visible.join(", "));
}

#[test]
fn analysis_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<FileAnalysis>();
    let shared = std::sync::Arc::new(FileAnalysis::new("let a = 1; in a"));
    let other = std::sync::Arc::clone(&shared);
    let count = std::thread::spawn(move || other.module().expr_count())
        .join()
        .unwrap();
    assert_eq!(count, shared.module().expr_count());
}

#[test]
fn config_changes_severity_and_disables_codes() {
    let config = crate::Config::from_toml_str(
        "[diagnostics]\ndisable = [\"unused-let-binding\"]\nseverity = { \"undefined-variable\" = \"warning\", \"unsed-with\" = \"hint\" }\n",
    )
    .unwrap();
    let diagnostics = crate::check_text("let a = 1; in b", &config);
    let shown: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{} {}", d.severity.as_str(), d.code))
        .collect();
    expect![[r#"warning undefined-variable"#]].assert_eq(&shown.join(", "));
    expect![[r#"["unsed-with"]"#]].assert_eq(&format!("{:?}", config.unknown_codes()));
}

#[test]
fn every_code_is_documented_once() {
    let mut names: Vec<&str> = ALL_CODES.iter().map(|c| c.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), ALL_CODES.len());
    for info in ALL_CODES {
        assert_eq!(crate::Code::from_name(info.name), Some(info.code));
        assert!(info.description.ends_with('.'), "{}", info.name);
    }
}

#[test]
fn scopes_at_offsets() {
    let text = "x: let a = 1; in with s; { b = a; }";
    let analysis = FileAnalysis::new(text);
    let at = |needle: &str| {
        let offset = nixty_parse::TextSize::from(text.find(needle).unwrap() as u32);
        let scope = analysis.scope_at(offset);
        let lexical: Vec<String> = analysis
            .scopes()
            .visible_names(scope)
            .into_iter()
            .filter_map(|v| match v {
                crate::resolve::VisibleName::Definition(name, _) => Some(name),
                crate::resolve::VisibleName::Builtin(_) => None,
            })
            .collect();
        let withs = analysis.scopes().withs(scope).len();
        format!("{needle}: {} withs={withs}", lexical.join(" "))
    };
    let shown = [at("let"), at("1;"), at("s;"), at("{ b"), at("a; }")].join("\n");
    expect![[r#"
        let: x withs=0
        1;: a x withs=0
        s;: a x withs=0
        { b: a x withs=1
        a; }: a x withs=1"#]]
    .assert_eq(&shown);
}

#[test]
fn scope_queries_on_unreachable_code_end() {
    // The key of a forbidden `inherit ${…}` is lowered but not part of the IR tree.
    let text = "let a.b = 1; in { inherit (a) ${\"b\" +\"\"}; }";
    let analysis = FileAnalysis::new(text);
    for offset in 0..=text.len() {
        let _ = analysis.scope_at(nixty_parse::TextSize::from(offset as u32));
    }
}
