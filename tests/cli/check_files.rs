//! Which files `nixty check` analyzes: directories recursively (`*.nix` only), hidden entries and
//! ignore files respected, named files always, missing paths refused.

use crate::{files_and_codes, fixtures, nixty, summary, write};

#[test]
fn directories_skip_hidden_ignored_and_non_nix_files() {
    let run = nixty(&fixtures(), &["check", "walk", "--format", "json"]);
    // .hidden/skipped.nix, ignored/skipped.nix (.ignore) and notes.txt are all broken: had they
    // been analyzed, they would show up here.
    assert_eq!(
        files_and_codes(&run),
        [
            "walk/broken.nix syntax-error",
            "walk/sub/nested.nix syntax-error"
        ]
    );
    assert_eq!(summary(&run), "2 errors, 0 warnings in 3 files");
}

#[test]
fn the_default_path_is_the_working_directory() {
    let run = nixty(&fixtures().join("walk"), &["check", "--format", "json"]);
    assert_eq!(
        files_and_codes(&run),
        ["broken.nix syntax-error", "sub/nested.nix syntax-error"]
    );
}

#[test]
fn named_files_are_analyzed_whatever_their_name_or_place() {
    let run = nixty(
        &fixtures(),
        &[
            "check",
            "walk/notes.txt",
            "walk/.hidden/skipped.nix",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.status, 1);
    assert_eq!(
        files_and_codes(&run),
        [
            "walk/.hidden/skipped.nix syntax-error",
            "walk/notes.txt syntax-error"
        ]
    );
}

#[test]
fn a_file_named_twice_is_reported_once() {
    let run = nixty(
        &fixtures(),
        &[
            "check",
            "walk/broken.nix",
            "walk",
            "./walk/broken.nix",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        files_and_codes(&run),
        [
            "walk/broken.nix syntax-error",
            "walk/sub/nested.nix syntax-error"
        ]
    );
}

#[test]
fn gitignore_is_respected_without_a_git_checkout() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "result/\n/generated.nix\n");
    write(dir.path(), "result/broken.nix", "{ x");
    write(dir.path(), "generated.nix", "{ x");
    write(dir.path(), "kept.nix", "{ x");
    write(dir.path(), ".git/hooks/broken.nix", "{ x");
    let run = nixty(dir.path(), &["check", "--format", "json"]);
    let files: Vec<String> = files_and_codes(&run)
        .into_iter()
        .map(|l| l.split(' ').next().unwrap().to_string())
        .collect();
    let mut unique = files.clone();
    unique.dedup();
    assert_eq!(unique, ["kept.nix"], "{}", run.stdout);
    assert!(summary(&run).ends_with(" in 1 file"), "{}", run.stderr);
}

#[test]
fn a_missing_path_is_an_error_with_status_2() {
    let run = nixty(&fixtures(), &["check", "walk", "no/such/dir"]);
    assert_eq!(run.status, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "nixty check: no/such/dir: no such file or directory\n"
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_named_on_the_command_line_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.nix"), dir.path().join("link.nix")).unwrap();
    let run = nixty(dir.path(), &["check", "link.nix"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("link.nix"), "{}", run.stderr);
}

#[test]
fn a_directory_without_nix_files_passes_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "README.md", "# nothing to check");
    let run = nixty(dir.path(), &["check"]);
    assert_eq!(run.status, 0);
    assert!(run.stderr.contains("no .nix files found"), "{}", run.stderr);
}

#[test]
fn imported_files_inform_types_without_being_reported() {
    let dir = tempfile::tempdir().unwrap();
    // lib.nix has a lint of its own (an unused let binding), and an annotated function.
    write(
        dir.path(),
        "lib.nix",
        "let unused = 1; in { double = n /*: Int */: n * 2; }\n",
    );
    write(
        dir.path(),
        "main.nix",
        "(import ./lib.nix).double \"two\"\n",
    );
    let run = nixty(dir.path(), &["check", "main.nix", "--format", "json"]);
    let found = files_and_codes(&run);
    assert!(
        found.iter().any(|l| l.starts_with("main.nix type-")),
        "the argument's type is checked against lib.nix's annotation: {found:?}"
    );
    assert!(
        found.iter().all(|l| l.starts_with("main.nix ")),
        "lib.nix is context, not checked: {found:?}"
    );
}

/// A file that exists but cannot be read is an IO error: status 2, the other files still
/// analyzed. (`/proc/self/mem` opens but fails to read at offset 0, even for root.)
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_an_io_error_with_status_2() {
    let run = nixty(
        &fixtures(),
        &["check", "/proc/self/mem", "walk", "--format", "json"],
    );
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("nixty check: /proc/self/mem: cannot read: Input/output error"),
        "{}",
        run.stderr
    );
    assert_eq!(
        files_and_codes(&run),
        [
            "walk/broken.nix syntax-error",
            "walk/sub/nested.nix syntax-error"
        ]
    );
}
