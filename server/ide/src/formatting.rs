//! Formatting the whole file: with Alejandra (linked as a library) by default, or with an
//! external formatter command when configured (e.g. `nixfmt`, the RFC 166 style). The result
//! is one minimal edit (the changed middle of the file).

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nixty_parse::{SyntaxNode, TextRange, TextSize};

use crate::{Db, FileId, TextEdit};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormatterConfig {
    /// An external formatter (argv; reads the file on stdin, writes it formatted on stdout),
    /// e.g. `["nixfmt"]`. `None`: the built-in formatter (Alejandra).
    pub command: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError(pub String);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Deeper trees are not handed to the built-in formatter, which recurses over them.
const MAX_FORMAT_DEPTH: usize = 400;
const COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) fn format(db: &Db, file: FileId) -> Result<Vec<TextEdit>, FormatError> {
    let (Some(analysis), Some(text)) = (db.file(file), db.workspace.text(file)) else {
        return Err(FormatError("unknown file".into()));
    };
    if let Some(error) = analysis.core.parse().errors.first() {
        return Err(FormatError(format!(
            "the file has syntax errors, fix them before formatting: {}",
            error.message
        )));
    }
    let formatted = match &db.config.formatter.command {
        Some(argv) => run_command(argv, &text)?,
        None => {
            if depth(&analysis.core.syntax()) > MAX_FORMAT_DEPTH {
                return Err(FormatError(format!(
                    "the file is nested more than {MAX_FORMAT_DEPTH} levels deep; the built-in formatter does not format it"
                )));
            }
            builtin_format(&text)?
        }
    };
    Ok(minimal_edit(&text, &formatted).into_iter().collect())
}

fn depth(root: &SyntaxNode) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    for event in root.preorder() {
        match event {
            rowan::WalkEvent::Enter(_) => {
                depth += 1;
                max = max.max(depth);
            }
            rowan::WalkEvent::Leave(_) => depth -= 1,
        }
    }
    max
}

fn builtin_format(text: &str) -> Result<String, FormatError> {
    let input = text.to_string();
    // Alejandra recurses over the tree and may panic on inputs it does not expect: run it on
    // a thread with a roomy stack and turn a panic into an error.
    let worker = std::thread::Builder::new()
        .name("nixty-format".into())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || alejandra::format::in_memory(String::from("<buffer>"), input))
        .map_err(|e| FormatError(format!("cannot start the formatter: {e}")))?;
    match worker.join() {
        Ok((alejandra::format::Status::Changed(_), formatted)) => Ok(formatted),
        Ok((alejandra::format::Status::Error(message), _)) => Err(FormatError(format!(
            "the formatter refused the file: {message}"
        ))),
        Err(_) => Err(FormatError(
            "the built-in formatter failed on this file; configure an external formatter".into(),
        )),
    }
}

fn run_command(argv: &[String], text: &str) -> Result<String, FormatError> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| FormatError("the formatter command is empty".into()))?;
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .map_err(|e| FormatError(format!("cannot run the formatter `{program}`: {e}")))?;
    let mut stdin = child.stdin.take();
    let input = text.to_string();
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            let _ = stdin.write_all(input.as_bytes());
        }
    });
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(stdout) = stdout.as_mut() {
            let _ = stdout.read_to_end(&mut out);
        }
        out
    });
    let mut stderr = child.stderr.take();
    let err_reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(stderr) = stderr.as_mut() {
            let _ = stderr.take(64 * 1024).read_to_end(&mut out);
        }
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > COMMAND_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(FormatError(format!(
                    "the formatter `{program}` did not finish within {} s",
                    COMMAND_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                return Err(FormatError(format!(
                    "the formatter `{program}` failed: {e}"
                )))
            }
        }
    };
    let _ = writer.join();
    let stdout = reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    if !status.success() {
        return Err(FormatError(format!(
            "the formatter `{program}` failed ({status}): {}",
            String::from_utf8_lossy(&stderr).trim()
        )));
    }
    String::from_utf8(stdout)
        .map_err(|_| FormatError(format!("the formatter `{program}` printed invalid UTF-8")))
}

/// One edit replacing the part of `before` that differs from `after`, or none.
fn minimal_edit(before: &str, after: &str) -> Option<TextEdit> {
    if before == after {
        return None;
    }
    let mut prefix = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(prefix) || !after.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (before.len() - prefix).min(after.len() - prefix);
    let mut suffix = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - suffix)
        || !after.is_char_boundary(after.len() - suffix)
    {
        suffix -= 1;
    }
    Some(TextEdit {
        range: TextRange::new(
            TextSize::from(prefix as u32),
            TextSize::from((before.len() - suffix) as u32),
        ),
        new_text: after[prefix..after.len() - suffix].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::fixture::Fixture;
    use crate::{AnalysisConfig, AnalysisHost};

    fn apply(text: &str, edits: &[TextEdit]) -> String {
        let mut out = text.to_string();
        for edit in edits.iter().rev() {
            out.replace_range(std::ops::Range::<usize>::from(edit.range), &edit.new_text);
        }
        out
    }

    #[test]
    fn formats_with_the_builtin_formatter() {
        let fixture = Fixture::new("{a=1;b=[1 2];}");
        let edits = fixture.analysis.format(fixture.file()).unwrap();
        expect![[r#"
            {
              a = 1;
              b = [1 2];
            }
        "#]]
        .assert_eq(&apply(&fixture.text(fixture.file()), &edits));
        // Formatted text is left alone.
        let formatted = apply(&fixture.text(fixture.file()), &edits);
        let fixture = Fixture::new(&formatted);
        assert_eq!(fixture.analysis.format(fixture.file()).unwrap(), vec![]);
    }

    #[test]
    fn refuses_broken_files() {
        let fixture = Fixture::new("{ a = ");
        let error = fixture.analysis.format(fixture.file()).unwrap_err();
        assert!(error.0.contains("syntax errors"), "{error}");
    }

    #[test]
    fn runs_an_external_command() {
        let mut host = AnalysisHost::new();
        host.set_config(AnalysisConfig {
            formatter: FormatterConfig {
                command: Some(vec!["tr".into(), "a".into(), "b".into()]),
            },
            ..AnalysisConfig::default()
        });
        let fixture = Fixture::with_host("{ a = 1; }", host);
        let edits = fixture.analysis.format(fixture.file()).unwrap();
        assert_eq!(apply("{ a = 1; }", &edits), "{ b = 1; }");
        let mut host = AnalysisHost::new();
        host.set_config(AnalysisConfig {
            formatter: FormatterConfig {
                command: Some(vec!["/nonexistent/formatter".into()]),
            },
            ..AnalysisConfig::default()
        });
        let fixture = Fixture::with_host("1", host);
        let error = fixture.analysis.format(fixture.file()).unwrap_err();
        assert!(error.0.contains("cannot run the formatter"), "{error}");
    }

    #[test]
    fn minimal_edits_respect_char_boundaries() {
        let edit = minimal_edit("aé b", "aè b").unwrap();
        assert_eq!(edit.new_text, "è");
        assert_eq!(edit.range, TextRange::new(1.into(), 3.into()));
        assert_eq!(minimal_edit("x", "x"), None);
    }
}
