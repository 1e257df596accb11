//! The CLI on pathological inputs: `nixty check`, `nixty type`, `nixty highlight` each answer
//! (exit 0 or 1 with their normal output, or 2 with a message on stderr) within a deadline;
//! never a signal (stack overflow, abort), a panic message or a hang.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::inputs::{huge_file, pathological};

/// Generous: the e2e tests run the debug binary on a shared machine.
const DEADLINE: Duration = Duration::from_secs(180);

pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `nixty ARGS`, killing it at the deadline; panics on a signal, a panic or a timeout.
pub fn run_nixty(args: &[&str], what: &str) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nixty"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start nixty");
    // Drain the pipes on threads so a big output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nixty {args:?} on {what}: no answer within {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    let Some(code) = status.code() else {
        panic!(
            "nixty {args:?} on {what} was killed by a signal ({status:?}); stderr: {}",
            tail(&stderr)
        );
    };
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflow"),
        "nixty {args:?} on {what} panicked: {}",
        tail(&stderr)
    );
    assert!(
        matches!(code, 0..=2),
        "nixty {args:?} on {what}: exit {code}; stderr: {}",
        tail(&stderr)
    );
    if code == 2 {
        assert!(
            !stderr.trim().is_empty(),
            "nixty {args:?} on {what}: exit 2 without a message"
        );
    }
    Outcome {
        code,
        stdout,
        stderr,
    }
}

fn tail(s: &str) -> &str {
    let start = s.len().saturating_sub(2000);
    let mut start = start;
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

fn write_cases(dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    pathological()
        .into_iter()
        .map(|(name, text)| {
            let path = dir.join(format!("{name}.nix"));
            std::fs::write(&path, text).unwrap();
            (name.to_string(), path)
        })
        .collect()
}

#[test]
fn check_answers_on_deep_and_long_input() {
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in write_cases(dir.path()) {
        let path = path.to_str().unwrap();
        let outcome = run_nixty(&["check", "--format", "json", path], &name);
        assert!(outcome.code <= 1, "{name}: {}", outcome.stderr);
        let diagnostics: serde_json::Value = serde_json::from_str(&outcome.stdout)
            .unwrap_or_else(|e| panic!("{name}: check --format json is not JSON ({e})"));
        assert!(diagnostics.is_array(), "{name}");
    }
}

#[test]
fn deep_nesting_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.nix");
    std::fs::write(&path, crate::inputs::nested("[", "1", "]", 100_000)).unwrap();
    let outcome = run_nixty(&["check", path.to_str().unwrap()], "100 000 nested lists");
    // A warning (the file is skipped) or an error, and a message that says why.
    assert!(outcome.code <= 1, "{}", outcome.stdout);
    assert!(
        outcome.stdout.contains("deep"),
        "the message should say the input is nested too deeply: {}",
        outcome.stdout
    );
}

#[test]
fn type_answers_on_deep_and_long_input() {
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in write_cases(dir.path()) {
        let path = path.to_str().unwrap();
        let outcome = run_nixty(&["type", path], &name);
        assert!(
            outcome.code == 0 || outcome.code == 2,
            "{name}: {}",
            outcome.stderr
        );
        if outcome.code == 0 {
            assert!(!outcome.stdout.trim().is_empty(), "{name}: no type printed");
        }
        run_nixty(&["type", path, "--at", "1:3"], &name);
    }
}

#[test]
fn highlight_answers_on_deep_and_long_input() {
    let dir = tempfile::tempdir().unwrap();
    for (name, path) in write_cases(dir.path()) {
        let path = path.to_str().unwrap();
        run_nixty(&["highlight", "--format", "html", path], &name);
    }
}

#[test]
fn a_50_megabyte_file_is_refused_or_checked_with_bounded_effort() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.nix");
    std::fs::write(&path, huge_file(50)).unwrap();
    let path = path.to_str().unwrap();
    for args in [
        vec!["check", path],
        vec!["type", path],
        vec!["highlight", "--format", "ansi", path],
    ] {
        let outcome = run_nixty(&args, "a 50 MB file");
        // Refused with a message that says why and what the limit is.
        let said = format!("{}{}", outcome.stdout, outcome.stderr);
        assert!(
            said.contains("large") || said.contains("MB") || said.contains("size"),
            "{args:?}: the refusal should name the size: {said}"
        );
    }
}
