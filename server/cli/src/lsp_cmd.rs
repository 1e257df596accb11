//! `nixty lsp`: serve the Language Server Protocol over stdin/stdout.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Use stdin/stdout (the default and only transport; accepted for clients that pass it).
    #[arg(long)]
    stdio: bool,
}

pub fn run(args: Args) -> ExitCode {
    let _ = args.stdio;
    ExitCode::from(nixty_lsp::run_stdio() as u8)
}
