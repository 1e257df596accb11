//! `nixty --version`, `nixty help`, `nixty help check`, and usage errors.

use expect_test::expect;

use crate::{fixtures, nixty};

#[test]
fn version_prints_the_package_version() {
    let run = nixty(&fixtures(), &["--version"]);
    assert_eq!(run.status, 0);
    assert_eq!(
        run.stdout.trim(),
        format!("nixty {}", env!("CARGO_PKG_VERSION"))
    );
}

/// `nixty ARGS` succeeds and `has(stdout, needle)` holds for each of `needles`.
fn assert_help_has(args: &[&str], needles: &[&str], has: fn(&str, &str) -> bool) {
    let run = nixty(&fixtures(), args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for needle in needles {
        assert!(
            has(&run.stdout, needle),
            "`{needle}` missing from `nixty {}`:\n{}",
            args.join(" "),
            run.stdout
        );
    }
}

#[test]
fn help_lists_every_subcommand() {
    assert_help_has(
        &["help"],
        &[
            "lsp",
            "check",
            "type",
            "env",
            "highlight",
            "install",
            "help",
        ],
        |help, command| help.lines().any(|l| l.trim_start().starts_with(command)),
    );
}

#[test]
fn help_check_documents_the_options_and_exit_codes() {
    assert_help_has(
        &["help", "check"],
        &[
            "--format",
            "--deny-warnings",
            "--jobs",
            "--config",
            "--disable",
            "--severity",
            "--color",
            "columns count Unicode characters",
            "Exit status: 0 no errors, 1 errors",
        ],
        |help, needle| help.contains(needle),
    );
}

#[test]
fn help_of_an_unknown_command_is_a_usage_error() {
    let run = nixty(&fixtures(), &["help", "frobnicate"]);
    assert_eq!(run.status, 2);
    expect![[r#"
        nixty: no such command `frobnicate`; run `nixty help` for the list
    "#]]
    .assert_eq(&run.stderr);
}

#[test]
fn bad_flags_are_usage_errors() {
    for args in [
        &["check", "--format", "xml"][..],
        &["check", "--jobs", "0"],
        &["check", "--severity", "syntax-error"],
        &["check", "--severity", "syntax-error=loud"],
        &["check", "--no-such-flag"],
    ] {
        let run = nixty(&fixtures(), args);
        assert_eq!(run.status, 2, "nixty {args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "nixty {args:?}: {}", run.stdout);
    }
    let run = nixty(&fixtures(), &["check", "--severity", "syntax-error=loud"]);
    assert!(
        run.stderr.contains(
            "unknown severity `loud` for `syntax-error`: use error, warning, info, hint or off"
        ),
        "{}",
        run.stderr
    );
}
