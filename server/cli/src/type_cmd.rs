//! `nixty type FILE [--at LINE:COL] [--format text|json]`: the inferred type of a file's root
//! expression, or of the innermost expression or name at a position (1-based line, column in
//! characters, like `nixty check` prints them).

use std::path::PathBuf;
use std::process::ExitCode;

use nixty_check::infer::{self, FsImports, NoImports};
use nixty_parse::{LineCol, LineIndex, TextRange, TextSize};

#[derive(clap::Args)]
#[command(after_help = "\
The type is printed in nixty's type syntax (see types.md): `Int -> Int`, `{ name: String, .. }`, \
`\"a\" | \"b\"`, `?` for what cannot be known. With --format json: \
{\"type\": \"…\", \"range\": {\"start\": {\"line\": L, \"column\": C}, \"end\": {…}}} \
(1-based, columns in characters, end just past the expression).")]
pub struct Args {
    /// The Nix file (`-` reads standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Type of the innermost expression or name at this position (1-based LINE:COL).
    #[arg(long, value_name = "LINE:COL")]
    at: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Longest type printed before it is folded with `…`.
    #[arg(long, default_value_t = 2000, value_name = "CHARS")]
    max_width: usize,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> ExitCode {
    let shown = args.file.display().to_string();
    let from_stdin = shown == "-";
    let text = match crate::source_input::read_source("type", &args.file) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let text = text.as_str();
    let index = LineIndex::new(text);
    let offset = match &args.at {
        None => None,
        Some(at) => match parse_position(at, text, &index) {
            Ok(offset) => Some(offset),
            Err(message) => {
                eprintln!("nixty type: --at {at}: {message}");
                return ExitCode::from(2);
            }
        },
    };
    let parsed = nixty_parse::parse(text);
    let root = parsed.root();
    let inference = if from_stdin {
        infer::infer_root(&root, &NoImports)
    } else {
        infer::infer_root(&root, &FsImports::for_file(&args.file))
    };
    let whole = TextRange::up_to(TextSize::of(text));
    let (range, ty) = match offset {
        None => (
            infer::root_expr_range(&root).unwrap_or(whole),
            inference.root.clone(),
        ),
        Some(offset) => match inference.type_at(offset) {
            Some(found) => found,
            None => (TextRange::empty(offset), infer::Ty::dyn_()),
        },
    };
    let printed = infer::display(&ty, args.max_width);
    match args.format {
        Format::Text => println!("{printed}"),
        Format::Json => {
            let (start_line, start_col) = position(text, &index, range.start());
            let (end_line, end_col) = position(text, &index, range.end());
            let value = serde_json::json!({
                "type": printed,
                "range": {
                    "start": {"line": start_line, "column": start_col},
                    "end": {"line": end_line, "column": end_col},
                },
            });
            println!("{value}");
        }
    }
    ExitCode::SUCCESS
}

/// `LINE:COL` (1-based, column in characters) → byte offset.
fn parse_position(at: &str, text: &str, index: &LineIndex) -> Result<TextSize, String> {
    let (line, col) = at
        .split_once(':')
        .ok_or_else(|| "expected LINE:COL, for example 3:14".to_string())?;
    let line: u32 = line
        .trim()
        .parse()
        .map_err(|_| format!("`{line}` is not a line number"))?;
    let col: u32 = col
        .trim()
        .parse()
        .map_err(|_| format!("`{col}` is not a column number"))?;
    if line == 0 || col == 0 {
        return Err("lines and columns start at 1".into());
    }
    let start = index
        .offset(LineCol {
            line: line - 1,
            col: 0,
        })
        .ok_or_else(|| format!("the file has only {} lines", index.line_count()))?;
    let line_text = &text[usize::from(start)..];
    let line_text = line_text.split('\n').next().unwrap_or("");
    let chars = line_text.chars().count() as u32;
    if col > chars + 1 {
        return Err(format!("line {line} has only {chars} characters"));
    }
    let byte: usize = line_text
        .chars()
        .take((col - 1) as usize)
        .map(char::len_utf8)
        .sum();
    Ok(start + TextSize::from(byte as u32))
}

/// Byte offset → 1-based (line, character column).
fn position(text: &str, index: &LineIndex, offset: TextSize) -> (u32, u32) {
    let lc = index.line_col(offset);
    let line_start = usize::from(offset) - lc.col as usize;
    let col = text
        .get(line_start..usize::from(offset))
        .map(|s| s.chars().count())
        .unwrap_or(lc.col as usize);
    (lc.line + 1, col as u32 + 1)
}
