//! End-to-end tests of `nixty type` (the real binary: text and json output, `--at`, usage
//! errors), the type soundness harness over Nix's own `eval-okay` tests (the value Nix
//! evaluates each file to must be a member of the type nixty infers for it), and the precision
//! report on nixpkgs `lib` through `nixty lsp` hovers.

mod lib_functions;
mod lib_precision;
mod soundness;
// The LSP end-to-end tests' client; this target uses only part of it.
#[allow(dead_code)]
#[path = "../lsp/support.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn nixty(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_nixty"))
        .args(args)
        .output()
        .expect("run nixty");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

/// `nixty type` on a file holding `text`; the run must succeed.
fn root_type_of(text: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "a.nix", text);
    let run = nixty(&["type", file.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    run.stdout.trim().to_string()
}

#[test]
fn root_type_as_text() {
    assert_eq!(
        root_type_of("{ x = 1; f = s: \"${s}!\"; }\n"),
        "{ f: Stringish -> String, x: Int }"
    );
}

#[test]
fn type_at_position_as_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "a.nix", "let\n  f = x: x + 1;\nin f 2\n");
    // Line 2, column 3 is `f`.
    let run = nixty(&[
        "type",
        file.to_str().unwrap(),
        "--at",
        "2:3",
        "--format",
        "json",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("json");
    assert_eq!(value["type"], "Number -> Number");
    assert_eq!(value["range"]["start"]["line"], 2);
    assert_eq!(value["range"]["start"]["column"], 3);
    assert_eq!(value["range"]["end"]["column"], 4);
    // Line 2, column 10 is the parameter use `x` in `x + 1`.
    let run = nixty(&["type", file.to_str().unwrap(), "--at", "2:13"]);
    assert_eq!(run.stdout.trim(), "Number");
}

#[test]
fn imports_follow_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "lib.nix", "{ answer = 42; }\n");
    let file = write(dir.path(), "main.nix", "(import ./lib.nix).answer\n");
    let run = nixty(&["type", file.to_str().unwrap()]);
    assert_eq!(run.stdout.trim(), "Int");
    // A cycle is cut with `?`.
    write(dir.path(), "loop.nix", "import ./loop.nix\n");
    let run = nixty(&["type", dir.path().join("loop.nix").to_str().unwrap()]);
    assert_eq!(run.status, 0);
    assert_eq!(run.stdout.trim(), "?");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "a.nix", "1\n");
    for at in ["0:1", "9:1", "1:99", "x", "1:y"] {
        let run = nixty(&["type", file.to_str().unwrap(), "--at", at]);
        assert_eq!(run.status, 2, "--at {at}: {}", run.stdout);
        assert!(run.stderr.contains("--at"), "{}", run.stderr);
    }
    let run = nixty(&["type", dir.path().join("missing.nix").to_str().unwrap()]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
    let binary = write(dir.path(), "b.nix", "\0\0\0");
    let run = nixty(&["type", binary.to_str().unwrap()]);
    assert_eq!(run.status, 2);
}

#[test]
fn broken_code_still_has_a_type() {
    let shown = root_type_of("{ a = 1; b = ; }\n");
    assert!(shown.starts_with("{ a: Int"), "{shown}");
}
