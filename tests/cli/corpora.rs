//! `nixty check` over the real Nix code in ../shared/corpora: nixpkgs' `lib` (code that
//! evaluates, so any error is a false error) and the parser/evaluator test suites of Nix and
//! rnix (broken code on purpose: survive it, with positions inside the files).

use std::path::{Path, PathBuf};

use crate::{json_diagnostics, nixty, repo_root, summary};

fn corpus(name: &str) -> PathBuf {
    let path = repo_root().join("../shared/corpora").join(name);
    assert!(path.is_dir(), "corpus missing: {}", path.display());
    path
}

/// `.nix` files below `dir`, hidden entries excluded (the corpora have no ignore files).
fn count_nix_files(dir: &Path) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            count += count_nix_files(&entry.path());
        } else if kind.is_file() && entry.path().extension().is_some_and(|e| e == "nix") {
            count += 1;
        }
    }
    count
}

/// Every diagnostic points inside its file: line within the file, column within the line.
fn assert_positions_inside_files(cwd: &Path, run: &crate::Run) {
    for d in json_diagnostics(run) {
        let file = cwd.join(d["file"].as_str().unwrap());
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let lines: Vec<&str> = text.split('\n').collect();
        for (line_key, column_key) in [("line", "column"), ("end_line", "end_column")] {
            let line = d[line_key].as_u64().unwrap() as usize;
            let column = d[column_key].as_u64().unwrap() as usize;
            assert!(
                line >= 1 && line <= lines.len(),
                "{}: {d:?}",
                file.display()
            );
            let width = lines[line - 1].chars().count();
            assert!(
                column >= 1 && column <= width + 1,
                "{}: {d:?}",
                file.display()
            );
        }
    }
}

#[test]
fn nixpkgs_lib_has_no_errors() {
    let dir = corpus("nixpkgs-lib");
    let run = nixty(&dir, &["check", "--format", "json"]);
    let errors: Vec<_> = json_diagnostics(&run)
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors, Vec::new(), "false errors on code that evaluates");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let files = count_nix_files(&dir);
    assert!(
        summary(&run).ends_with(&format!(" in {files} files")),
        "{}",
        run.stderr
    );
    assert_positions_inside_files(&dir, &run);
}

#[test]
fn language_test_suites_are_survived() {
    for name in ["nix-lang", "rnix-parser"] {
        let dir = corpus(name);
        let run = nixty(&dir, &["check", "--format", "json"]);
        assert!(run.status == 0 || run.status == 1, "{name}: {}", run.stderr);
        assert_positions_inside_files(&dir, &run);
    }
}
