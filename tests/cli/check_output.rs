//! `nixty check` output: the human lines, the JSON array, the summary, colors and excerpts,
//! and the exit status that follows from the severities found.

use expect_test::expect;

use crate::{fixtures, json_diagnostics, nixty, summary};

#[test]
fn human_output_is_one_line_per_diagnostic_in_file_order() {
    let run = nixty(&fixtures(), &["check", "walk"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    // Only syntax errors here: their positions are the parser's, stable across analysis work.
    expect![[r#"
        walk/broken.nix:3:5: error[syntax-error]: expected an expression, found `;`
        walk/sub/nested.nix:3:1: error[syntax-error]: unexpected end of file: the expression is incomplete
    "#]]
    .assert_eq(&run.stdout);
    assert_eq!(summary(&run), "2 errors, 0 warnings in 3 files");
}

#[test]
fn every_human_line_follows_the_contract() {
    let run = nixty(&fixtures(), &["check", "walk"]);
    for line in run.stdout.lines() {
        let mut parts = line.splitn(4, ':');
        let (file, line_no, col, rest) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        assert!(file.ends_with(".nix"), "{line}");
        assert!(line_no.parse::<u32>().unwrap() >= 1, "{line}");
        assert!(col.parse::<u32>().unwrap() >= 1, "{line}");
        let (severity, rest) = rest.trim_start().split_once('[').unwrap();
        assert!(
            ["error", "warning", "info", "hint"].contains(&severity),
            "{line}"
        );
        let (code, message) = rest.split_once("]: ").unwrap();
        assert!(code.starts_with("syntax-"), "{line}");
        assert!(!message.is_empty(), "{line}");
    }
}

#[test]
fn json_output_is_one_array_with_the_contract_fields() {
    let run = nixty(&fixtures(), &["check", "walk", "--format", "json"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let diagnostics = json_diagnostics(&run);
    assert_eq!(diagnostics.len(), 2);
    for d in &diagnostics {
        let mut keys: Vec<&str> = d.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "code",
                "column",
                "end_column",
                "end_line",
                "file",
                "line",
                "message",
                "severity"
            ]
        );
    }
    expect![[r#"
        {"code":"syntax-error","column":5,"end_column":6,"end_line":3,"file":"walk/broken.nix","line":3,"message":"expected an expression, found `;`","severity":"error"}
    "#]]
    .assert_eq(&format!("{}\n", serde_json::Value::Object(diagnostics[0].clone())));
}

#[test]
fn json_and_human_outputs_agree() {
    let human = nixty(&fixtures(), &["check", "walk"]);
    let json = nixty(&fixtures(), &["check", "walk", "--format", "json"]);
    let from_json: Vec<String> = json_diagnostics(&json)
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}[{}]: {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(human.stdout.lines().collect::<Vec<_>>(), from_json);
    assert_eq!(human.status, json.status);
}

#[test]
fn clean_files_print_nothing_and_exit_zero() {
    let run = nixty(&fixtures(), &["check", "clean"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(summary(&run), "0 errors, 0 warnings in 2 files");
    let json = nixty(&fixtures(), &["check", "clean", "--format", "json"]);
    assert_eq!(json.status, 0);
    assert_eq!(json.stdout, "[]\n");
}

#[test]
fn columns_count_characters_not_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // `é` is two bytes, `😀` four (and two UTF-16 units): the error is at character 11.
    crate::write(dir.path(), "wide.nix", "[ \"é😀\" ]  ; \n");
    let run = nixty(dir.path(), &["check", "wide.nix", "--format", "json"]);
    let first = &json_diagnostics(&run)[0];
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(1), Some(11))
    );
}

#[test]
fn deny_warnings_fails_on_warnings_but_not_on_hints() {
    let walk = fixtures().join("walk");
    let as_warnings = ["check", ".", "--severity", "syntax-error=warning"];
    let run = nixty(&walk, &as_warnings);
    assert_eq!(run.status, 0, "warnings alone pass: {}", run.stderr);
    assert!(
        run.stdout.contains(": warning[syntax-error]: "),
        "{}",
        run.stdout
    );
    assert_eq!(summary(&run), "0 errors, 2 warnings in 3 files");

    let run = nixty(&walk, &[&as_warnings[..], &["--deny-warnings"]].concat());
    assert_eq!(run.status, 1, "--deny-warnings fails on warnings");

    let as_hints = [
        "check",
        ".",
        "--severity",
        "syntax-error=hint",
        "--deny-warnings",
    ];
    let run = nixty(&walk, &as_hints);
    assert_eq!(run.status, 0, "hints never fail the run: {}", run.stderr);
    assert_eq!(summary(&run), "0 errors, 0 warnings, 2 hints in 3 files");
}

#[test]
fn color_always_adds_the_source_line_and_carets() {
    let run = nixty(
        &fixtures(),
        &["check", "walk/broken.nix", "--color", "always"],
    );
    let plain = strip_ansi(&run.stdout);
    expect![[r#"
        walk/broken.nix:3:5: error[syntax-error]: expected an expression, found `;`
          |
        3 |   1 ; 2
          |     ^
    "#]]
    .assert_eq(&plain);
    assert!(
        run.stdout.contains("\x1b[1;31merror[syntax-error]"),
        "{:?}",
        run.stdout
    );

    let never = nixty(
        &fixtures(),
        &["check", "walk/broken.nix", "--color", "never"],
    );
    assert!(!never.stdout.contains('\x1b'));
    assert!(!never.stderr.contains('\x1b'));
    // Not a terminal: plain output by default.
    let auto = nixty(&fixtures(), &["check", "walk/broken.nix"]);
    assert_eq!(auto.stdout, never.stdout);
}

#[test]
fn long_lines_are_cut_around_the_range_in_excerpts() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("[ {} ; {}]\n", "1 ".repeat(500), "2 ".repeat(500));
    crate::write(dir.path(), "long.nix", long);
    let run = nixty(dir.path(), &["check", "long.nix", "--color", "always"]);
    let plain = strip_ansi(&run.stdout);
    let source_line = plain.lines().nth(2).unwrap();
    assert!(
        source_line.starts_with("1 | …") && source_line.ends_with('…'),
        "{source_line}"
    );
    assert!(source_line.chars().count() < 200, "{source_line}");
    let caret_line = plain.lines().nth(3).unwrap();
    let caret_at = caret_line.chars().position(|c| c == '^').unwrap();
    assert_eq!(source_line.chars().nth(caret_at), Some(';'), "{plain}");
}

#[test]
fn one_thread_gives_the_same_output_as_all_cores() {
    let many = nixty(&fixtures(), &["check", "walk", "clean", "--format", "json"]);
    let one = nixty(
        &fixtures(),
        &["check", "walk", "clean", "--format", "json", "--jobs", "1"],
    );
    assert_eq!(many.stdout, one.stdout);
    assert_eq!(many.status, one.status);
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn related_places_follow_rich_diagnostics_as_notes() {
    let dir = tempfile::tempdir().unwrap();
    crate::write(dir.path(), "dup.nix", "{ a = 1; a = 2; }\n");
    let rich = nixty(dir.path(), &["check", "dup.nix", "--color", "always"]);
    let plain = strip_ansi(&rich.stdout);
    assert!(
        plain
            .lines()
            .any(|l| l.starts_with("  = note: dup.nix:1:3: ")),
        "the first definition is pointed at:\n{plain}"
    );
    // Plain output stays one line per diagnostic.
    let run = nixty(dir.path(), &["check", "dup.nix"]);
    assert!(
        run.stdout.lines().all(|l| l.starts_with("dup.nix:")),
        "{}",
        run.stdout
    );
}
