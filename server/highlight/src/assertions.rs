//! Golden highlight assertions written as comments under the code they check:
//!
//! ```nix
//! x = builtins.map f [ true ];
//! #   ^^^^^^^^ variable.builtin
//! #            ^^^ function.builtin
//! # <- property
//! ```
//!
//! A comment line made only of `#`, spaces, a run of `^` (or `<-`) and a capture name asserts
//! that the innermost capture at each `^` column (for `<-`: the column of the `#`) of the
//! nearest line above that is not itself an assertion is that capture (`none`: no capture).
//! Columns count characters.

use crate::{innermost_capture_at, HighlightSpan};

/// One expectation: the capture at some characters of one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assertion {
    /// 0-based line of the assertion comment itself (for messages).
    pub assertion_line: usize,
    /// 0-based line the assertion points at.
    pub line: usize,
    /// 0-based character columns.
    pub columns: std::ops::Range<usize>,
    /// A capture name, or `none`.
    pub expected: String,
}

fn parse_assertion_line(line: &str) -> Option<(std::ops::Range<usize>, String)> {
    let chars: Vec<char> = line.chars().collect();
    let hash = chars.iter().position(|c| !c.is_whitespace())?;
    if chars[hash] != '#' {
        return None;
    }
    let mut i = hash + 1;
    while i < chars.len() && chars[i] == ' ' {
        i += 1;
    }
    let columns = if chars.get(i) == Some(&'^') {
        let start = i;
        while i < chars.len() && chars[i] == '^' {
            i += 1;
        }
        start..i
    } else if chars.get(i) == Some(&'<') && chars.get(i + 1) == Some(&'-') {
        i += 2;
        hash..hash + 1
    } else {
        return None;
    };
    let rest: String = chars[i..].iter().collect();
    let expected = rest.trim();
    let well_formed = rest.starts_with(' ')
        && !expected.is_empty()
        && expected
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    well_formed.then(|| (columns, expected.to_string()))
}

/// All assertions of a sample file.
pub fn parse_assertions(source: &str) -> Vec<Assertion> {
    let mut assertions = Vec::new();
    let mut target: Option<usize> = None;
    for (number, line) in source.lines().enumerate() {
        match parse_assertion_line(line) {
            Some((columns, expected)) => {
                if let Some(line) = target {
                    assertions.push(Assertion {
                        assertion_line: number,
                        line,
                        columns,
                        expected,
                    });
                }
            }
            None => target = Some(number),
        }
    }
    assertions
}

/// Checks every assertion of `source` against `spans`; returns one message per failure, and
/// an error if the file has no assertion at all (a golden file must assert something).
pub fn check(source: &str, spans: &[HighlightSpan]) -> Result<usize, Vec<String>> {
    let assertions = parse_assertions(source);
    if assertions.is_empty() {
        return Err(vec!["no `# ^ capture` assertions in this file".to_string()]);
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut failures = Vec::new();
    for assertion in &assertions {
        let start = line_starts[assertion.line];
        let text = source[start..].lines().next().unwrap_or("");
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| start + i).collect();
        for column in assertion.columns.clone() {
            let Some(&offset) = offsets.get(column) else {
                failures.push(format!(
                    "line {}: the assertion points at column {} past the end of line {}",
                    assertion.assertion_line + 1,
                    column + 1,
                    assertion.line + 1
                ));
                break;
            };
            let actual = innermost_capture_at(spans, offset).unwrap_or("none");
            if actual != assertion.expected {
                let shown: String = text.chars().skip(column).take(12).collect();
                failures.push(format!(
                    "line {} column {} (`{}`…): expected {}, got {} (assertion on line {})",
                    assertion.line + 1,
                    column + 1,
                    shown,
                    assertion.expected,
                    actual,
                    assertion.assertion_line + 1
                ));
                break;
            }
        }
    }
    if failures.is_empty() {
        Ok(assertions.len())
    } else {
        Err(failures)
    }
}
