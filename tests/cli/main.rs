//! End-to-end tests of the `nixty` binary's command line: `check` (files, output formats, exit
//! codes, configuration, refusal of bad input), `--version` and `help`.
//!
//! Fixtures live in tests/cli/fixtures; generated input (huge files, `.gitignore` trees) goes to
//! temporary directories. Assertions favour structure (codes, exit status, format) over full
//! snapshots where the analysis behind the output is still growing.

mod check_config;
mod check_files;
mod check_input;
mod check_output;
mod commands;
mod corpora;
mod examples;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The outcome of one run of the real binary.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `nixty ARGS` in `dir` with colors off and no inherited configuration.
pub fn nixty(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_nixty"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the nixty binary runs");
    let run = Run {
        // A signal (stack overflow abort, kill) has no code: report it as -1, a failure.
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "nixty {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cli/fixtures")
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The JSON output of `nixty check`, parsed.
pub fn json_diagnostics(run: &Run) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let value: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout));
    value
        .as_array()
        .expect("the JSON output is an array")
        .iter()
        .map(|d| d.as_object().expect("each diagnostic is an object").clone())
        .collect()
}

/// The named string fields of each JSON diagnostic joined by spaces, in output order:
/// `json_fields(&run, &["file", "code"])` gives `["a.nix syntax-error", …]`.
pub fn json_fields(run: &Run, fields: &[&str]) -> Vec<String> {
    json_diagnostics(run)
        .iter()
        .map(|d| {
            fields
                .iter()
                .map(|field| {
                    d[*field]
                        .as_str()
                        .unwrap_or_else(|| panic!("`{field}` is not a string in {d:?}"))
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// `file code` of each JSON diagnostic, in output order.
pub fn files_and_codes(run: &Run) -> Vec<String> {
    json_fields(run, &["file", "code"])
}

/// The last line of stderr: the summary, e.g. `2 errors, 0 warnings in 3 files`.
pub fn summary(run: &Run) -> &str {
    run.stderr.lines().last().unwrap_or("")
}

pub fn write(dir: &Path, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    path
}
