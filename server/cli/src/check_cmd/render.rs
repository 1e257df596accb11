//! Output of `nixty check`: the human format (optionally with colors and source excerpts), the
//! JSON array, and the summary line.

use std::io::{self, Write};

use nixty_check::Severity;

use super::analyze::{Excerpt, FileResult, Located};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM_BLUE: &str = "\x1b[34m";

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;34m",
        Severity::Hint => "\x1b[1;36m",
    }
}

/// `file:line:col: severity[code]: message`, one diagnostic per line; with `rich`, colors and
/// the source line with carets under the range follow each one.
pub fn write_human(out: &mut impl Write, results: &[FileResult], rich: bool) -> io::Result<()> {
    for result in results {
        let Ok(diagnostics) = &result.outcome else {
            continue;
        };
        let file = result.file.display();
        for d in diagnostics {
            if rich {
                writeln!(
                    out,
                    "{BOLD}{file}:{}:{}:{RESET} {}{}[{}]{RESET}: {}",
                    d.line,
                    d.column,
                    severity_color(d.severity),
                    d.severity.as_str(),
                    d.code,
                    d.message
                )?;
                if let Some(excerpt) = &d.excerpt {
                    write_excerpt(out, d, excerpt)?;
                }
                for (line, column, note) in &d.related {
                    writeln!(
                        out,
                        "  {DIM_BLUE}= note:{RESET} {file}:{line}:{column}: {note}"
                    )?;
                }
            } else {
                writeln!(
                    out,
                    "{file}:{}:{}: {}[{}]: {}",
                    d.line,
                    d.column,
                    d.severity.as_str(),
                    d.code,
                    d.message
                )?;
            }
        }
    }
    Ok(())
}

/// Characters shown around the start of the range on a long line.
const CONTEXT_BEFORE: usize = 60;
const CONTEXT_AFTER: usize = 100;

fn write_excerpt(out: &mut impl Write, d: &Located, excerpt: &Excerpt) -> io::Result<()> {
    let chars: Vec<char> = excerpt.text.chars().collect();
    // A minified file can hold one huge line: show a window around the range.
    let from = excerpt.start.saturating_sub(CONTEXT_BEFORE);
    let to = chars.len().min(excerpt.start + CONTEXT_AFTER);
    let mut shown: String = chars[from.min(to)..to].iter().collect();
    let mut marker = String::new();
    if from > 0 {
        shown.insert(0, '…');
        marker.push(' ');
    }
    if to < chars.len() {
        shown.push('…');
    }
    for &c in &chars[from.min(to)..excerpt.start.min(to)] {
        // Keep tabs so the carets line up under the source as the terminal draws it.
        marker.push(if c == '\t' { '\t' } else { ' ' });
    }
    let carets = excerpt.end.min(to).saturating_sub(excerpt.start).max(1);
    marker.push_str(&"^".repeat(carets));
    let number = d.line.to_string();
    let gutter = " ".repeat(number.len());
    let color = severity_color(d.severity);
    writeln!(out, "{DIM_BLUE}{gutter} |{RESET}")?;
    writeln!(out, "{DIM_BLUE}{number} |{RESET} {shown}")?;
    writeln!(out, "{DIM_BLUE}{gutter} |{RESET} {color}{marker}{RESET}")?;
    Ok(())
}

#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    severity: &'static str,
    code: &'a str,
    message: &'a str,
}

/// One JSON array of every diagnostic, one object per line.
pub fn write_json(out: &mut impl Write, results: &[FileResult]) -> io::Result<()> {
    let mut first = true;
    out.write_all(b"[")?;
    for result in results {
        let Ok(diagnostics) = &result.outcome else {
            continue;
        };
        let file = result.file.to_string_lossy();
        for d in diagnostics {
            let object = JsonDiagnostic {
                file: file.to_string(),
                line: d.line,
                column: d.column,
                end_line: d.end_line,
                end_column: d.end_column,
                severity: d.severity.as_str(),
                code: &d.code,
                message: &d.message,
            };
            out.write_all(if first { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &object)?;
            first = false;
        }
    }
    out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    Ok(())
}

/// Counts for the summary line and the exit status.
pub struct Tally {
    by_severity: [usize; 4],
    files: usize,
}

impl Tally {
    pub fn of(results: &[FileResult]) -> Tally {
        let mut by_severity = [0; 4];
        for result in results {
            for d in result.outcome.iter().flatten() {
                by_severity[severity_index(d.severity)] += 1;
            }
        }
        Tally {
            by_severity,
            files: results.len(),
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity[severity_index(severity)]
    }

    /// E.g. `3 errors, 5 warnings, 1 hint in 12 files`.
    pub fn summary(&self, color: bool) -> String {
        let files = plural(self.files, "file");
        let mut parts = Vec::new();
        for (severity, name) in [
            (Severity::Error, "error"),
            (Severity::Warning, "warning"),
            (Severity::Info, "info"),
            (Severity::Hint, "hint"),
        ] {
            let n = self.count(severity);
            let always = matches!(severity, Severity::Error | Severity::Warning);
            if n > 0 || always {
                let text = plural(n, name);
                parts.push(if color && n > 0 {
                    format!("{}{text}{RESET}", severity_color(severity))
                } else {
                    text
                });
            }
        }
        format!("{} in {files}", parts.join(", "))
    }
}

fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
        Severity::Hint => 3,
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 || noun == "info" {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
