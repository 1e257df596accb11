//! End-to-end tests of `nixty highlight` and `nixty install` with the real binary: output
//! formats, refusal of bad input, every corpus file, and the installed editor files.

mod neovim;

use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn nixty(args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nixty"));
    command.args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("the nixty binary runs");
    let run = Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "nixty {args:?} panicked: {}",
        run.stderr
    );
    run
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample(name: &str) -> String {
    repo()
        .join("syntax/tree-sitter/test")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn html_wraps_each_token_in_a_span_named_after_its_capture() {
    let run = nixty(
        &["highlight", &sample("expressions.nix"), "--format", "html"],
        &[],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("<pre class=\"nixty-highlight\">"));
    for expected in [
        r#"<span class="variable.builtin">builtins</span>"#,
        r#"<span class="function.builtin">attrNames</span>"#,
        r#"<span class="constant.builtin">null</span>"#,
        r#"<span class="variable.parameter">lib</span>"#,
        r#"<span class="keyword">let</span>"#,
        r#"<span class="string">&quot;1.2.3&quot;</span>"#,
        r#"<span class="operator">-&gt;</span>"#,
    ] {
        assert!(run.stdout.contains(expected), "missing {expected}");
    }
    // Text is escaped: no raw `<` outside the tags.
    let text_only = run
        .stdout
        .replace("<span class=\"", "")
        .replace("</span>", "");
    assert!(!text_only.contains("<nixpkgs") && !text_only.contains("a < b"));
}

#[test]
fn ansi_is_the_default_and_colours_tokens() {
    let run = nixty(&["highlight", &sample("strings.nix")], &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\x1b[32m\"hello\"\x1b[0m"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\x1b[1;36m\\\"\x1b[0m"),
        "escape colour"
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nixty"))
        .args(["highlight", "-", "--format", "html"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"true").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "<pre class=\"nixty-highlight\"><span class=\"constant.builtin\">true</span></pre>\n"
    );
}

#[test]
fn bad_input_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("binary.nix");
    std::fs::write(&binary, b"{ a = 1; }\0\x01").unwrap();
    let deep = dir.path().join("deep.nix");
    std::fs::write(&deep, "[".repeat(100_000)).unwrap();
    let missing = dir.path().join("missing.nix");
    for (file, message) in [
        (&binary, "looks binary"),
        (&deep, "levels deep"),
        (&missing, "cannot read"),
    ] {
        let run = nixty(&["highlight", &file.display().to_string()], &[]);
        assert_eq!(run.status, 2, "{file:?}");
        assert!(run.stderr.contains(message), "{file:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(&file.display().to_string()),
            "names the file"
        );
    }
}

#[test]
fn every_corpus_file_highlights_without_crashing() {
    let root = repo().join("../shared/corpora");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "nix") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 500, "corpus missing at {}", root.display());
    // Two workers: the machine is shared.
    let chunks: Vec<Vec<PathBuf>> = (0..2)
        .map(|k| files.iter().skip(k).step_by(2).cloned().collect())
        .collect();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for file in chunk {
                        let run = nixty(
                            &["highlight", "--format", "html", &file.display().to_string()],
                            &[],
                        );
                        // 0, or 2 for a file refused with a reason (non-UTF-8 test inputs).
                        let refused =
                            run.status == 2 && run.stderr.starts_with("nixty highlight: ");
                        if run.status != 0 && !refused {
                            failures.push(format!(
                                "{}: exit {} {}",
                                file.display(),
                                run.status,
                                run.stderr
                            ));
                        }
                        if run.status == 0 && !run.stdout.ends_with("</pre>\n") {
                            failures.push(format!("{}: truncated output", file.display()));
                        }
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn install_neovim_writes_the_queries_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let env = [("XDG_CONFIG_HOME", config.as_path()), ("HOME", dir.path())];
    let target = config.join("nvim/queries/nix");

    let dry = nixty(&["install", "neovim", "--dry-run"], &env);
    assert_eq!(dry.status, 0, "{}", dry.stderr);
    assert_eq!(
        dry.stdout.matches("would create").count(),
        5,
        "{}",
        dry.stdout
    );
    assert!(!target.exists(), "--dry-run wrote files");

    let first = nixty(&["install", "neovim"], &env);
    assert_eq!(first.status, 0, "{}", first.stderr);
    for name in [
        "highlights.scm",
        "injections.scm",
        "locals.scm",
        "folds.scm",
        "indents.scm",
    ] {
        let installed = std::fs::read_to_string(target.join(name)).unwrap();
        let shipped =
            std::fs::read_to_string(repo().join("syntax/tree-sitter/queries").join(name)).unwrap();
        if name == "highlights.scm" {
            // Neovim gets the file without the `is-not? local` predicates it cannot evaluate.
            assert!(shipped.contains("(#is-not? local)") && !installed.contains("(#is-not?"));
            assert!(installed.contains("@function.builtin") && installed.lines().count() > 200);
        } else {
            assert_eq!(installed, shipped, "{name}");
        }
    }
    let second = nixty(&["install", "neovim"], &env);
    assert_eq!(
        second.stdout.matches("unchanged").count(),
        5,
        "{}",
        second.stdout
    );

    let site = nixty(
        &["install", "neovim", "--site"],
        &[("XDG_DATA_HOME", dir.path()), ("HOME", dir.path())],
    );
    assert_eq!(site.status, 0, "{}", site.stderr);
    assert!(dir
        .path()
        .join("nvim/site/queries/nix/highlights.scm")
        .is_file());
}

#[test]
fn install_mcedit_adds_one_entry_to_a_copy_of_mcs_index() {
    let dir = tempfile::tempdir().unwrap();
    let mc = dir.path().join("mc-share");
    std::fs::create_dir_all(mc.join("syntax")).unwrap();
    let system = "file ..\\*\\\\.c$ C\\sProgram\ninclude c.syntax\n\nfile .\\* unknown\ninclude unknown.syntax\n";
    std::fs::write(mc.join("syntax/Syntax"), system).unwrap();
    let data = dir.path().join("data");
    let env = [
        ("MC_DATADIR", mc.as_path()),
        ("XDG_DATA_HOME", data.as_path()),
        ("HOME", dir.path()),
    ];

    let run = nixty(&["install", "mcedit"], &env);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(data.join("mc/syntax/Syntax")).unwrap();
    assert_eq!(
        index,
        "file ..\\*\\\\.c$ C\\sProgram\ninclude c.syntax\n\nfile ..\\*\\\\.nix$ Nix\\sExpression\n\
         include nix.syntax\n\nfile .\\* unknown\ninclude unknown.syntax\n"
    );
    let shipped = std::fs::read_to_string(repo().join("syntax/mcedit/nix.syntax")).unwrap();
    assert_eq!(
        std::fs::read_to_string(data.join("mc/syntax/nix.syntax")).unwrap(),
        shipped
    );
    let again = nixty(&["install", "mcedit"], &env);
    assert_eq!(
        again.stdout.matches("unchanged").count(),
        2,
        "{}",
        again.stdout
    );

    // Without mc's index anywhere: a clear error, nothing written.
    let empty = tempfile::tempdir().unwrap();
    let nowhere = empty.path().join("nowhere");
    let run = nixty(
        &["install", "mcedit"],
        &[
            ("MC_DATADIR", nowhere.as_path()),
            ("XDG_DATA_HOME", empty.path()),
            ("HOME", empty.path()),
        ],
    );
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("Syntax file was not found") && run.stderr.contains("MC_DATADIR"),
        "{}",
        run.stderr
    );
    assert!(
        !empty.path().join("mc").exists(),
        "wrote files after failing"
    );
}
