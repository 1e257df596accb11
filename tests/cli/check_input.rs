//! Bad input never crashes `nixty check`: binary, non-UTF-8 and huge files are refused with a
//! diagnostic (and fail the run), empty files are analyzed, deep nesting is survived.

use crate::{files_and_codes, json_diagnostics, nixty, write};

#[test]
fn binary_and_non_utf8_files_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "binary.nix", b"{ a = 1; }\0\x01\x02");
    write(dir.path(), "latin1.nix", b"{ name = \"caf\xe9\"; }");
    write(dir.path(), "fine.nix", "{ a = 1; }");
    let run = nixty(dir.path(), &["check"]);
    assert_eq!(run.status, 1, "a refused file is an error: {}", run.stderr);
    assert_eq!(
        run.stdout,
        "binary.nix:1:1: error[io-binary-file]: file looks binary (NUL byte at offset 10); it is not Nix source; not analyzed\n\
         latin1.nix:1:1: error[io-not-utf8]: file is not valid UTF-8 (invalid byte at offset 13); Nix source must be UTF-8; not analyzed\n"
    );
    assert!(
        run.stderr.ends_with("2 errors, 0 warnings in 3 files\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn files_over_16_mb_are_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.nix");
    // A sparse 50 MB file: cheap to make, and it would be costly to read in full.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let run = nixty(dir.path(), &["check", "huge.nix", "--format", "json"]);
    assert_eq!(run.status, 1);
    let d = &json_diagnostics(&run)[0];
    assert_eq!(d["code"], "io-file-too-large");
    assert_eq!(
        d["message"],
        "file is too large to analyze (50 MB; nixty analyzes files up to 16 MB); not analyzed"
    );
}

#[test]
fn refusals_can_be_configured_like_any_code() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "binary.nix", b"\0");
    let run = nixty(dir.path(), &["check", "--disable", "io-binary-file"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
}

#[test]
fn an_empty_file_is_analyzed_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.nix", "");
    let run = nixty(dir.path(), &["check", "--format", "json"]);
    assert_ne!(run.status, 2, "{}", run.stderr);
    assert!(
        files_and_codes(&run).iter().all(|l| !l.contains(" io-")),
        "{}",
        run.stdout
    );
    assert!(run.stderr.ends_with(" in 1 file\n"), "{}", run.stderr);
}

/// 100 000 levels of each kind of nesting: a diagnostic or a result, never a crash.
#[test]
fn deep_nesting_does_not_crash() {
    const DEPTH: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "parens.nix",
            format!("{}1{}", "(".repeat(DEPTH), ")".repeat(DEPTH)),
        ),
        (
            "lists.nix",
            format!("{}{}", "[ ".repeat(DEPTH), "] ".repeat(DEPTH)),
        ),
        (
            "sets.nix",
            format!("{}1{}", "{ a = ".repeat(DEPTH), "; }".repeat(DEPTH)),
        ),
        ("lambdas.nix", format!("{}x", "x: ".repeat(DEPTH))),
        ("lets.nix", format!("{}1", "let a = 1; in ".repeat(DEPTH))),
        (
            "ifs.nix",
            format!(
                "{}1{}",
                "if true then ".repeat(DEPTH),
                " else 2".repeat(DEPTH)
            ),
        ),
        ("unclosed.nix", "{ a = [ (".repeat(DEPTH)),
    ];
    for (name, text) in &cases {
        write(dir.path(), name, text);
    }
    for (name, _) in &cases {
        let run = nixty(dir.path(), &["check", name, "--format", "json"]);
        assert!(
            run.status == 0 || run.status == 1,
            "{name}: status {} stderr {}",
            run.status,
            run.stderr
        );
        // The output is still well-formed.
        json_diagnostics(&run);
    }
}
