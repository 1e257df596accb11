//! The `nixty` binary: one entry point for the language server and the command-line tools.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check_cmd;
mod env_cmd;
mod highlight_cmd;
mod install_cmd;
mod lsp_cmd;
mod source_input;
mod type_cmd;

/// A typed language server and editor toolkit for the Nix language.
#[derive(Parser)]
#[command(name = "nixty", version, about, disable_help_subcommand = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Language Server Protocol over stdin/stdout.
    Lsp(lsp_cmd::Args),
    /// Analyze Nix files or directories and print diagnostics.
    Check(check_cmd::Args),
    /// Print the inferred type of a file's root expression or of the expression at a position.
    Type(type_cmd::Args),
    /// Resolve, trust and print a project's development environment.
    Env(env_cmd::Args),
    /// Highlight a Nix file with nixty's tree-sitter queries.
    Highlight(highlight_cmd::Args),
    /// Install nixty's syntax files for an editor.
    Install(install_cmd::Args),
    /// Print this help, or the help of a subcommand.
    Help { command: Option<String> },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Lsp(args) => lsp_cmd::run(args),
        Command::Check(args) => check_cmd::run(args),
        Command::Type(args) => type_cmd::run(args),
        Command::Env(args) => env_cmd::run(args),
        Command::Highlight(args) => highlight_cmd::run(args),
        Command::Install(args) => install_cmd::run(args),
        Command::Help { command } => print_help(command.as_deref()),
    }
}

fn print_help(command: Option<&str>) -> ExitCode {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    // Building propagates bin names, so a subcommand's usage reads `nixty check …`.
    cmd.build();
    let target = match command {
        None => &mut cmd,
        Some(name) => match cmd.find_subcommand_mut(name) {
            Some(sub) => sub,
            None => {
                eprintln!("nixty: no such command `{name}`; run `nixty help` for the list");
                return ExitCode::from(2);
            }
        },
    };
    let _ = target.print_long_help();
    ExitCode::SUCCESS
}
