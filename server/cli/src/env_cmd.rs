//! `nixty env`: resolve, trust and print a project's development environment, or run a
//! program inside it. The logic is in `nixty-env`; this module parses arguments and prints.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use nixty_env::{CancelToken, Environment, Format, Options, Project, Status, TrustState};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// A file or directory of the project (default: the current directory).
    dir: Option<PathBuf>,
    /// Output: json (data), sh (`eval "$(nixty env --format sh)"`), fish, elisp.
    #[arg(long, default_value = "json")]
    format: String,
    /// Limit for the Nix evaluation, in seconds (default 300, or NIXTY_ENV_TIMEOUT).
    #[arg(long, value_name = "SECS")]
    timeout: Option<String>,
    /// Evaluate again even if the cached environment is up to date.
    #[arg(long)]
    reload: bool,
    /// Run CMD with its arguments inside the environment (everything after --exec is CMD's).
    #[arg(long, num_args = 1.., allow_hyphen_values = true, value_name = "CMD")]
    exec: Vec<OsString>,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Allow evaluating the project's Nix files as they are now.
    Allow { dir: Option<PathBuf> },
    /// Deny the project: it is never evaluated, and editors stop asking.
    Deny { dir: Option<PathBuf> },
    /// Show trust and cache state without evaluating anything.
    Status {
        dir: Option<PathBuf>,
        /// text or json.
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// List nixty's GC roots and remove those of projects that no longer exist.
    Gc {
        /// Only list what would be removed.
        #[arg(long)]
        dry_run: bool,
    },
}

const EXIT_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("nixty env: {message}");
    ExitCode::from(code)
}

pub fn run(args: Args) -> ExitCode {
    let mut options = match Options::from_env() {
        Ok(options) => options,
        Err(message) => return fail(EXIT_USAGE, message),
    };
    if let Some(text) = &args.timeout {
        match nixty_env::parse_timeout(text) {
            Some(timeout) => options.timeout = timeout,
            None => {
                return fail(
                    EXIT_USAGE,
                    format!("--timeout {text:?} is not a positive number of seconds"),
                )
            }
        }
    }
    options.force = args.reload;
    match args.action {
        Some(Action::Allow { dir }) => allow(dir, &options),
        Some(Action::Deny { dir }) => deny(dir, &options),
        Some(Action::Status { dir, format }) => status(dir, &format, &options),
        Some(Action::Gc { dry_run }) => gc(dry_run, &options),
        None => {
            let format = match args.format.parse::<Format>() {
                Ok(format) => format,
                Err(message) => return fail(EXIT_USAGE, message),
            };
            resolve(args.dir, format, args.exec, &options)
        }
    }
}

fn find_project(dir: Option<PathBuf>) -> Result<Project, ExitCode> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    if !dir.exists() {
        return Err(fail(
            EXIT_USAGE,
            format!("{}: no such file or directory", dir.display()),
        ));
    }
    nixty_env::discover(&dir, None).ok_or_else(|| {
        fail(
            EXIT_FAILED,
            format!(
                "no project found at {} or above: none of dir-locals.nix, flake.nix (with devShells), shell.nix, default.nix",
                dir.display()
            ),
        )
    })
}

fn allow(dir: Option<PathBuf>, options: &Options) -> ExitCode {
    let project = match find_project(dir) {
        Ok(project) => project,
        Err(code) => return code,
    };
    if let Err(e) = nixty_env::allow(&project, options) {
        return fail(
            EXIT_USAGE,
            format!(
                "could not write {}: {e}",
                options.dirs.trust_file().display()
            ),
        );
    }
    let inputs = nixty_env::collect_inputs(&project);
    eprintln!(
        "allowed {} ({} file{}):",
        project.source_file().display(),
        inputs.files.len(),
        plural(inputs.files.len())
    );
    for path in inputs.files.keys() {
        eprintln!("  {}", path.display());
    }
    ExitCode::SUCCESS
}

fn deny(dir: Option<PathBuf>, options: &Options) -> ExitCode {
    let project = match find_project(dir) {
        Ok(project) => project,
        Err(code) => return code,
    };
    if let Err(e) = nixty_env::deny(&project, options) {
        return fail(
            EXIT_USAGE,
            format!(
                "could not write {}: {e}",
                options.dirs.trust_file().display()
            ),
        );
    }
    eprintln!("denied {}", project.root.display());
    ExitCode::SUCCESS
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn trust_text(trust: &TrustState) -> String {
    match trust {
        TrustState::Allowed => "allowed".into(),
        TrustState::Denied => "denied".into(),
        TrustState::Unknown => "not allowed yet (run `nixty env allow`)".into(),
        TrustState::Changed(files) => format!(
            "changed since allowed: {} (review, then run `nixty env allow`)",
            files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn status(dir: Option<PathBuf>, format: &str, options: &Options) -> ExitCode {
    let project = match find_project(dir) {
        Ok(project) => project,
        Err(code) => return code,
    };
    let snapshot = nixty_env::status(&project, options);
    match format {
        "json" => print!("{}", nixty_env::render(&snapshot.environment, Format::Json)),
        "text" => {
            let env = &snapshot.environment;
            println!("project: {}", env.root);
            println!("source:  {}", env.source);
            println!("trust:   {}", trust_text(&snapshot.trust));
            if snapshot.trust == TrustState::Allowed {
                let cache = match (env.status, snapshot.fresh) {
                    (Status::Ready, true) => "up to date".to_string(),
                    (Status::Failed, true) => {
                        "the last evaluation of these files failed".to_string()
                    }
                    (_, _) if env.evaluated_at.is_some() => {
                        "stale (files changed since the last evaluation)".to_string()
                    }
                    _ => "not evaluated yet".to_string(),
                };
                println!("cache:   {cache}");
                if let Some(at) = &env.evaluated_at {
                    println!("evaluated at: {at}");
                }
                if let Some(error) = &env.error {
                    println!("error:   {error}");
                }
            }
        }
        other => {
            return fail(
                EXIT_USAGE,
                format!("unknown status format `{other}`; use text or json"),
            )
        }
    }
    ExitCode::SUCCESS
}

fn gc(dry_run: bool, options: &Options) -> ExitCode {
    let roots = nixty_env::list_gc_roots(&options.dirs);
    if roots.is_empty() {
        println!("no GC roots in {}", options.dirs.gc_roots().display());
        return ExitCode::SUCCESS;
    }
    for root in &roots {
        let state = match (root.project_exists, dry_run) {
            (true, _) => "kept",
            (false, true) => "would remove (project gone)",
            (false, false) => "removed (project gone)",
        };
        println!(
            "{}\t{}\t{} store path{}\t{state}",
            root.project.display(),
            root.dir.display(),
            root.targets.len(),
            plural(root.targets.len())
        );
    }
    if !dry_run {
        if let Err(e) = nixty_env::remove_stale_gc_roots(&options.dirs) {
            return fail(EXIT_USAGE, format!("could not remove GC roots: {e}"));
        }
    }
    ExitCode::SUCCESS
}

fn resolve(
    dir: Option<PathBuf>,
    format: Format,
    exec: Vec<OsString>,
    options: &Options,
) -> ExitCode {
    let project = match find_project(dir) {
        Ok(project) => project,
        Err(code) => return code,
    };
    let cancel = CancelToken::new();
    let result = nixty_env::resolve(&project, options, &cancel);
    for warning in &result.warnings {
        eprintln!("nixty env: warning: {warning}");
    }
    let outer_path = std::env::var("PATH").ok();
    let env = result.environment.with_path(outer_path.as_deref());
    let usable = report(&env, &result.trust, &project);
    if !exec.is_empty() {
        if !usable {
            return ExitCode::from(EXIT_FAILED);
        }
        return exec_in(&env, &exec);
    }
    print!("{}", nixty_env::render(&env, format));
    if env.status == Status::Ready {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

/// Explains on stderr what is not ready; returns whether the variables can be applied.
fn report(env: &Environment, trust: &TrustState, project: &Project) -> bool {
    match env.status {
        Status::Ready => true,
        Status::Untrusted => {
            let how = format!(
                "nixty env allow {}",
                nixty_env::sh_quote(&project.root.to_string_lossy())
            );
            match trust {
                TrustState::Denied => eprintln!(
                    "nixty env: {} is denied; to use it anyway run: {how}",
                    project.root.display()
                ),
                _ => eprintln!(
                    "nixty env: {} was not evaluated: {}; after reviewing it, run: {how}",
                    project.source_file().display(),
                    trust_text(trust)
                ),
            }
            false
        }
        Status::Failed | Status::Evaluating => {
            if let Some(error) = &env.error {
                eprintln!("{}", located(error, &env.root));
            }
            if env.evaluated_at.is_some() {
                eprintln!(
                    "nixty env: using the last good environment (evaluated at {})",
                    env.evaluated_at.as_deref().unwrap_or("?")
                );
                true
            } else {
                false
            }
        }
    }
}

fn located(error: &nixty_env::EnvError, root: &str) -> String {
    match (&error.file, error.line, error.column) {
        (Some(file), Some(line), Some(column)) => {
            let shown = Path::new(file)
                .strip_prefix(root)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| file.clone());
            format!("{shown}:{line}:{column}: error: {}", error.message)
        }
        _ => format!("nixty env: error: {}", error.message),
    }
}

fn exec_in(env: &Environment, argv: &[OsString]) -> ExitCode {
    let mut command = std::process::Command::new(&argv[0]);
    command.args(&argv[1..]);
    for name in &env.unset {
        command.env_remove(name);
    }
    command.envs(&env.set);
    // exec only returns on failure.
    let error = command.exec();
    fail(
        127,
        format!("could not run {}: {error}", argv[0].to_string_lossy()),
    )
}
