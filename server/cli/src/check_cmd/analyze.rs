//! Reading and analyzing the files: read them all (refusing huge, binary and non-UTF-8 content),
//! load them into one `nixty_ide::AnalysisHost` (so imports between the checked files are seen,
//! as in the editor), take each file's diagnostics from the same `ide` function the language
//! server uses, apply the file's configuration, and turn byte ranges into 1-based positions.

use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use nixty_check::{Config, Diagnostic, Severity};
use nixty_ide::{AnalysisHost, FileId, LinkTarget};
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

/// What reading one file gave.
enum Loaded {
    Text(Arc<str>),
    Refused(RefusedInput),
    Unreadable(std::io::Error),
}

/// Analyzes `files` (with `configs[i]` for `files[i]`) on the current rayon pool; results in the
/// same order as `files`.
pub fn analyze_files(
    files: &[PathBuf],
    configs: &[Arc<Config>],
    with_excerpts: bool,
) -> Vec<FileResult> {
    let loaded: Vec<Loaded> = files.par_iter().map(|file| load(file)).collect();

    // The host is keyed by real paths, so that `import ./x.nix` between checked files resolves.
    let mut host = AnalysisHost::new();
    let prepared: Vec<Prepared> = files
        .iter()
        .zip(loaded)
        .map(|(file, loaded)| match loaded {
            Loaded::Text(text) => {
                let id = host.set_file_text(&host_path(file), text.clone());
                Prepared::Analyzable(text, id)
            }
            Loaded::Refused(refusal) => Prepared::Refused(refusal),
            Loaded::Unreadable(error) => Prepared::Unreadable(error),
        })
        .collect();
    load_imported_files(&mut host, &prepared);
    let analysis = host.analysis();

    files
        .par_iter()
        .zip(prepared)
        .zip(configs)
        .map(|((file, prepared), config)| {
            let outcome = match prepared {
                Prepared::Analyzable(text, id) => {
                    // A bug in the analysis of one file must not take the whole run down.
                    let diagnostics =
                        std::panic::catch_unwind(AssertUnwindSafe(|| analysis.diagnostics(id)))
                            .unwrap_or_else(|_| vec![crash_diagnostic()]);
                    Ok(locate_all(&text, &config.apply(diagnostics), with_excerpts))
                }
                Prepared::Refused(refusal) => {
                    let refused = config.apply(vec![refusal_diagnostic(&refusal)]);
                    Ok(locate_all("", &refused, false))
                }
                Prepared::Unreadable(error) => Err(error),
            };
            FileResult {
                file: file.clone(),
                outcome,
            }
        })
        .collect()
}

/// Files imported by the checked files but not checked themselves (`nixty check default.nix`
/// importing `lib.nix`): loaded for context, so that types flow across `import` as in the
/// editor, which indexes the whole project. Inference reads imported files one level deep, so
/// direct imports suffice. Their own diagnostics are not reported.
fn load_imported_files(host: &mut AnalysisHost, prepared: &[Prepared]) {
    let analysis = host.analysis();
    let mut targets: Vec<PathBuf> = prepared
        .par_iter()
        .filter_map(|p| match p {
            Prepared::Analyzable(_, id) => Some(*id),
            _ => None,
        })
        .flat_map_iter(|id| analysis.document_links(id))
        .filter_map(|link| match link.target {
            LinkTarget::File(path) if path.extension().is_some_and(|e| e == "nix") => {
                Some(host_path(&path))
            }
            _ => None,
        })
        .filter(|path| analysis.file_id(path).is_none())
        .collect();
    drop(analysis);
    targets.sort();
    targets.dedup();
    targets.truncate(MAX_CONTEXT_FILES);
    let texts: Vec<(PathBuf, Arc<str>)> = targets
        .into_par_iter()
        .filter_map(|path| match load(&path) {
            Loaded::Text(text) => Some((path, text)),
            _ => None,
        })
        .collect();
    for (path, text) in texts {
        host.set_file_text(&path, text);
    }
}

/// At most this many imported files are loaded for context (bounded memory on huge trees).
const MAX_CONTEXT_FILES: usize = 10_000;

/// A file ready for analysis: in the host, or refused, or unreadable.
enum Prepared {
    Analyzable(Arc<str>, FileId),
    Refused(RefusedInput),
    Unreadable(std::io::Error),
}

fn host_path(file: &Path) -> PathBuf {
    std::fs::canonicalize(file)
        .or_else(|_| std::path::absolute(file))
        .unwrap_or_else(|_| file.to_path_buf())
}

fn load(file: &Path) -> Loaded {
    match read_limited(file) {
        Err(error) => Loaded::Unreadable(error),
        Ok(Contents::TooLarge(size)) => Loaded::Refused(RefusedInput::TooLarge {
            size,
            limit: MAX_FILE_SIZE,
        }),
        Ok(Contents::Bytes(bytes)) => match decode_source(&bytes) {
            Ok(text) => Loaded::Text(Arc::from(text)),
            Err(refusal) => Loaded::Refused(refusal),
        },
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

fn crash_diagnostic() -> Diagnostic {
    Diagnostic::new(
        TextRange::empty(TextSize::from(0)),
        Severity::Error,
        "internal-error",
        "nixty crashed while analyzing this file, so its diagnostics are incomplete; this is a \
         bug in nixty, please report it with the file"
            .to_string(),
    )
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
