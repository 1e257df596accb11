//! `nixty check`: analyze files and directories, print diagnostics, exit 0/1/2.
//!
//! The pipeline: find the files (`files`), find each file's `nixty.toml` and merge the CLI
//! overrides (`settings`), analyze every file in parallel (`analyze`), then print in file-path
//! order (`render`). Exit codes: 0 no errors, 1 errors (or warnings with `--deny-warnings`),
//! 2 usage or IO errors.

mod analyze;
mod files;
mod render;
mod settings;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use nixty_check::Severity;

#[derive(clap::Args)]
#[command(after_help = "\
Output (human): `file:line:col: severity[code]: message`, one per line, files in path order. \
Lines and columns are 1-based; columns count Unicode characters. With colors on (a terminal, or \
--color always) each diagnostic is followed by the source line with carets under the range.
Output (json): one array of {file, line, column, end_line, end_column, severity, code, message}; \
end_line/end_column point just after the range.
Configuration: the nearest `nixty.toml` above each file, e.g.
  [diagnostics]
  disable = [\"unused-let-binding\"]
  severity = { \"unused-with\" = \"hint\" }
then --config, --severity and --disable on top (--disable wins).
Files over 16 MB, binary or not UTF-8 are not analyzed: each gets an error (io-file-too-large, \
io-binary-file, io-not-utf8). Files imported by the checked files are read for their types, \
not reported.
Exit status: 0 no errors, 1 errors (or warnings with --deny-warnings), 2 usage or IO error.")]
pub struct Args {
    /// Files or directories to analyze; directories are searched recursively for `*.nix`,
    /// skipping hidden directories and what `.gitignore`/`.ignore` exclude.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Exit with status 1 when there are warnings, not only errors.
    #[arg(long)]
    deny_warnings: bool,

    /// Number of threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,

    /// Use this configuration file instead of looking for `nixty.toml` above each file.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Turn off a diagnostic code (repeatable).
    #[arg(long, value_name = "CODE")]
    disable: Vec<String>,

    /// Change a code's severity: LEVEL is error, warning, info, hint or off (repeatable).
    #[arg(long, value_name = "CODE=LEVEL", value_parser = settings::parse_severity_flag)]
    severity: Vec<(String, String)>,

    /// Colors and source excerpts in human output (auto: when stdout is a terminal and
    /// NO_COLOR is not set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

pub fn run(args: Args) -> ExitCode {
    match run_checked(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("nixty check: {message}");
            ExitCode::from(2)
        }
    }
}

/// Runs the command; `Err` is a usage or configuration error (exit 2, nothing analyzed).
fn run_checked(args: &Args) -> Result<ExitCode, String> {
    let overrides = settings::CliOverrides {
        disable: args.disable.clone(),
        severity: args.severity.clone(),
    };
    let found = files::find_nix_files(&args.paths)?;
    let resolved = settings::resolve_configs(&found.files, args.config.as_deref(), &overrides)?;
    for warning in &resolved.warnings {
        eprintln!("nixty check: warning: {warning}");
    }
    let rich = args.format == Format::Human
        && match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            // https://no-color.org: a non-empty NO_COLOR turns automatic colors off.
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };

    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(jobs) = args.jobs {
        pool = pool.num_threads(jobs as usize);
    }
    let pool = pool
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let results = pool.install(|| analyze::analyze_files(&found.files, &resolved.configs, rich));

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Human => render::write_human(&mut out, &results, rich),
        Format::Json => render::write_json(&mut out, &results),
    };
    // A closed pipe (`nixty check | head`) is not an error of the analysis.
    let _ = written.and_then(|()| out.flush());
    drop(out);

    let mut io_errors = found.walk_errors.len();
    for error in &found.walk_errors {
        eprintln!("nixty check: {error}");
    }
    for result in &results {
        if let Err(error) = &result.outcome {
            eprintln!(
                "nixty check: {}: cannot read: {error}",
                result.file.display()
            );
            io_errors += 1;
        }
    }
    let tally = render::Tally::of(&results);
    if found.files.is_empty() {
        eprintln!("nixty check: no .nix files found");
    }
    eprintln!("{}", tally.summary(rich));

    let failed = tally.count(Severity::Error) > 0
        || (args.deny_warnings && tally.count(Severity::Warning) > 0);
    Ok(if io_errors > 0 {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
