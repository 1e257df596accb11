//! Configuration of `nixty check`: the nearest `nixty.toml` above each file, `--config`, and the
//! `--severity` / `--disable` flags on top.

use crate::{files_and_codes, json_diagnostics, json_fields, nixty, summary, write};

/// A project with one syntax error per file, at the root and in a sub-project.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "root.nix", "[ 1 ; 2 ]");
    write(dir.path(), "sub/inner.nix", "[ 3 ; 4 ]");
    dir
}

/// `project()` and the code the analysis gives its errors (read from a run, so these tests do
/// not depend on its spelling).
fn project_and_code() -> (tempfile::TempDir, String) {
    let dir = project();
    let run = nixty(dir.path(), &["check", "root.nix", "--format", "json"]);
    let code = json_diagnostics(&run)[0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    (dir, code)
}

/// A `nixty.toml` that gives `code` the severity `level`.
fn severity_toml(code: &str, level: &str) -> String {
    format!("[diagnostics]\nseverity = {{ \"{code}\" = \"{level}\" }}\n")
}

/// A `nixty.toml` that disables `code`.
fn disable_toml(code: &str) -> String {
    format!("[diagnostics]\ndisable = [\"{code}\"]\n")
}

/// `nixty ARGS` in `dir` stops with status 2 and `message` on stderr.
fn assert_config_error(dir: &std::path::Path, args: &[&str], message: &str) {
    let run = nixty(dir, args);
    assert_eq!(run.status, 2, "nixty {args:?}: {}", run.stderr);
    assert!(run.stderr.contains(message), "{}", run.stderr);
}

fn severities(run: &crate::Run) -> Vec<String> {
    json_fields(run, &["file", "severity"])
}

#[test]
fn the_nearest_nixty_toml_applies_to_each_file() {
    let (dir, code) = project_and_code();
    write(dir.path(), "nixty.toml", severity_toml(&code, "warning"));
    write(dir.path(), "sub/nixty.toml", severity_toml(&code, "hint"));
    let run = nixty(dir.path(), &["check", "--format", "json"]);
    assert_eq!(severities(&run), ["root.nix warning", "sub/inner.nix hint"]);
    assert_eq!(run.status, 0, "no errors left: {}", run.stderr);
    // The same files named from elsewhere find the same configuration.
    let run = nixty(
        dir.path().join("sub").as_path(),
        &["check", "..", "--format", "json"],
    );
    assert_eq!(
        severities(&run),
        ["../root.nix warning", "../sub/inner.nix hint"]
    );
}

#[test]
fn command_line_flags_win_over_the_file() {
    let (dir, code) = project_and_code();
    write(dir.path(), "nixty.toml", disable_toml(&code));
    let run = nixty(dir.path(), &["check", "--format", "json"]);
    assert_eq!(files_and_codes(&run), Vec::<String>::new());
    assert_eq!(run.status, 0);

    let severity = format!("{code}=info");
    let run = nixty(
        dir.path(),
        &["check", "--format", "json", "--severity", &severity],
    );
    assert_eq!(severities(&run), ["root.nix info", "sub/inner.nix info"]);

    // --disable wins over --severity.
    let run = nixty(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--severity",
            &severity,
            "--disable",
            &code,
        ],
    );
    assert_eq!(files_and_codes(&run), Vec::<String>::new());
}

#[test]
fn disable_flag_without_a_file() {
    let (dir, code) = project_and_code();
    let run = nixty(dir.path(), &["check", "--disable", &code]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "");
    assert_eq!(summary(&run), "0 errors, 0 warnings in 2 files");
}

#[test]
fn config_flag_replaces_the_lookup() {
    let (dir, code) = project_and_code();
    write(dir.path(), "nixty.toml", disable_toml(&code));
    write(dir.path(), "strict.toml", severity_toml(&code, "warning"));
    let run = nixty(
        dir.path(),
        &["check", "--config", "strict.toml", "--format", "json"],
    );
    assert_eq!(
        severities(&run),
        ["root.nix warning", "sub/inner.nix warning"]
    );

    assert_config_error(
        dir.path(),
        &["check", "--config", "missing.toml"],
        "cannot read configuration file missing.toml",
    );
}

#[test]
fn an_invalid_nixty_toml_is_an_error_naming_the_file() {
    let dir = project();
    write(
        dir.path(),
        "sub/nixty.toml",
        "[diagnostics]\ndisable = \"not a list\"\n",
    );
    let run = nixty(dir.path(), &["check"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("nixty check: sub/nixty.toml: invalid nixty.toml: "),
        "{}",
        run.stderr
    );

    write(
        dir.path(),
        "sub/nixty.toml",
        "[diagnostics]\nseverity = { x = \"loud\" }\n",
    );
    assert_config_error(
        dir.path(),
        &["check"],
        "sub/nixty.toml: unknown severity `loud` for `x`",
    );

    // Files outside that project are not affected by its broken configuration.
    let run = nixty(dir.path(), &["check", "root.nix"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
}

#[test]
fn unknown_codes_are_warned_about_but_do_not_fail() {
    let dir = project();
    write(
        dir.path(),
        "sub/nixty.toml",
        "[diagnostics]\ndisable = [\"unused-bindng\"]\n",
    );
    let run = nixty(dir.path(), &["check", "--disable", "undefined-varable"]);
    assert_eq!(run.status, 1, "the syntax errors remain: {}", run.stderr);
    assert!(
        run.stderr.contains(
            "nixty check: warning: --disable/--severity: unknown diagnostic code `undefined-varable` (a typo?)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "nixty check: warning: sub/nixty.toml: unknown diagnostic code `unused-bindng` (a typo?)"
        ),
        "{}",
        run.stderr
    );
    // Known codes, code families and nixty check's own codes raise no warning.
    let run = nixty(
        dir.path(),
        &[
            "check",
            "--disable",
            "unused-with",
            "--disable",
            "type-argument",
            "--disable",
            "io-binary-file",
            "root.nix",
        ],
    );
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
}
