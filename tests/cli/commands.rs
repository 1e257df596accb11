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

#[test]
fn help_lists_every_subcommand() {
    let run = nixty(&fixtures(), &["help"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for command in [
        "lsp",
        "check",
        "type",
        "env",
        "highlight",
        "install",
        "help",
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(command)),
            "`{command}` missing from help:\n{}",
            run.stdout
        );
    }
}

#[test]
fn help_check_documents_the_options_and_exit_codes() {
    let run = nixty(&fixtures(), &["help", "check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for needle in [
        "--format",
        "--deny-warnings",
        "--jobs",
        "--config",
        "--disable",
        "--severity",
        "--color",
        "columns count Unicode characters",
        "Exit status: 0 no errors, 1 errors",
    ] {
        assert!(
            run.stdout.contains(needle),
            "`{needle}` missing:\n{}",
            run.stdout
        );
    }
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
