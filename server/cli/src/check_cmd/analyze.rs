//! One file: read it (refusing huge, binary and non-UTF-8 content), check it, and turn byte
//! ranges into 1-based line/column positions for output.

use std::io::Read;
use std::path::{Path, PathBuf};

use nixty_check::{check_text, Config, Diagnostic, Severity};
use nixty_parse::{decode_source, LineIndex, RefusedInput, TextRange, TextSize, MAX_FILE_SIZE};

pub struct FileResult {
    pub file: PathBuf,
    /// The file's diagnostics, or why it could not be read (an IO error: exit status 2).
    pub outcome: Result<Vec<Located>, std::io::Error>,
}

/// A diagnostic with 1-based positions; columns count characters. `end_*` is just past the range.
pub struct Located {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub severity: Severity,
    pub code: String,
    pub message: String,
    /// The source line of the start, for the excerpt under the message (only when asked for).
    pub excerpt: Option<Excerpt>,
    /// Other places that explain this one (e.g. the first definition of a duplicate): 1-based
    /// line and column, and what is there (only with excerpts).
    pub related: Vec<(u32, u32, String)>,
}

pub struct Excerpt {
    pub text: String,
    /// 0-based character columns of the underlined part of `text` (end exclusive).
    pub start: usize,
    pub end: usize,
}

pub fn analyze_file(file: &Path, config: &Config, with_excerpts: bool) -> FileResult {
    let outcome = read_limited(file).map(|contents| {
        let decoded = match &contents {
            Contents::Bytes(bytes) => decode_source(bytes),
            Contents::TooLarge(size) => Err(RefusedInput::TooLarge {
                size: *size,
                limit: MAX_FILE_SIZE,
            }),
        };
        match decoded {
            Ok(text) => locate_all(text, &check_text(text, config), with_excerpts),
            Err(refusal) => {
                let refused = config.apply(vec![refusal_diagnostic(&refusal)]);
                locate_all("", &refused, false)
            }
        }
    });
    FileResult {
        file: file.to_path_buf(),
        outcome,
    }
}

enum Contents {
    Bytes(Vec<u8>),
    /// Over `MAX_FILE_SIZE`: not read, only its size is known.
    TooLarge(usize),
}

/// Refuses a too-large file by its size before reading it, and reads at most one byte more
/// than the limit anyway (a file that grows, a device), so a huge file costs no memory.
fn read_limited(file: &Path) -> std::io::Result<Contents> {
    let handle = std::fs::File::open(file)?;
    let size = handle.metadata()?.len();
    if size > MAX_FILE_SIZE as u64 {
        return Ok(Contents::TooLarge(size as usize));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    handle
        .take(MAX_FILE_SIZE as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_FILE_SIZE {
        return Ok(Contents::TooLarge(bytes.len()));
    }
    Ok(Contents::Bytes(bytes))
}

/// Refused files get a diagnostic (an error, so the run fails) rather than a silent skip.
fn refusal_diagnostic(refusal: &RefusedInput) -> Diagnostic {
    let code = match refusal {
        RefusedInput::TooLarge { .. } => "io-file-too-large",
        RefusedInput::NotUtf8 { .. } => "io-not-utf8",
        RefusedInput::Binary { .. } => "io-binary-file",
    };
    Diagnostic::new(
        TextRange::empty(TextSize::from(0)),
        Severity::Error,
        code,
        format!("{refusal}; not analyzed"),
    )
}

fn locate_all(text: &str, diagnostics: &[Diagnostic], with_excerpts: bool) -> Vec<Located> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| {
            let (line, column, line_start) = position(text, &index, d.range.start());
            let (end_line, end_column, _) = position(text, &index, d.range.end());
            let excerpt = with_excerpts
                .then(|| excerpt(text, line_start, column, end_line == line, end_column));
            let related = if with_excerpts {
                d.related
                    .iter()
                    .map(|(range, note)| {
                        let (line, column, _) = position(text, &index, range.start());
                        (line, column, note.clone())
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Located {
                related,
                line,
                column,
                end_line,
                end_column,
                severity: d.severity,
                code: d.code.clone(),
                message: d.message.clone(),
                excerpt,
            }
        })
        .collect()
}

/// 1-based line, 1-based character column, and the byte offset where the line starts.
fn position(text: &str, index: &LineIndex, offset: TextSize) -> (u32, u32, usize) {
    let line_col = index.line_col(offset);
    let offset = usize::from(offset).min(text.len());
    let line_start = offset - line_col.col as usize;
    let column = text
        .get(line_start..offset)
        .map_or(line_col.col as usize, |s| s.chars().count());
    (line_col.line + 1, column as u32 + 1, line_start)
}

fn excerpt(
    text: &str,
    line_start: usize,
    column: u32,
    same_line: bool,
    end_column: u32,
) -> Excerpt {
    let rest = text.get(line_start..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("").trim_end_matches('\r');
    let start = column as usize - 1;
    let line_len = line.chars().count();
    let end = if same_line {
        end_column as usize - 1
    } else {
        line_len
    };
    Excerpt {
        text: line.to_string(),
        start,
        end: end.max(start + 1),
    }
}
