//! `nixty highlight FILE [--format ansi|html]`: tree-sitter highlighting with the shipped
//! queries (see nixty-highlight).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(after_help = "\
ansi: the source with terminal colours (keywords yellow, strings green, builtins cyan, …).
html: a <pre class=\"nixty-highlight\"> block; every highlighted token is a \
<span class=\"CAPTURE\"> whose class is the tree-sitter capture name (keyword, string.escape, \
variable.builtin, …), for a stylesheet to colour. Shell code in build phases is highlighted too.")]
pub struct Args {
    /// The Nix file to highlight (`-` reads standard input).
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Ansi)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Ansi,
    Html,
}

pub fn run(args: Args) -> ExitCode {
    let shown = args.file.display().to_string();
    let source = match crate::source_input::read_source("highlight", &args.file) {
        Ok(source) => source,
        Err(code) => return code,
    };
    let source = source.as_str();
    let spans = match nixty_highlight::highlight(source) {
        Ok(spans) => spans,
        Err(e) => {
            eprintln!("nixty highlight: {shown}: {e}");
            return ExitCode::from(2);
        }
    };
    let output = match args.format {
        Format::Ansi => nixty_highlight::render::to_ansi(source, &spans),
        Format::Html => format!(
            "<pre class=\"nixty-highlight\">{}</pre>\n",
            nixty_highlight::render::to_html(source, &spans)
        ),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush());
    ExitCode::SUCCESS
}
