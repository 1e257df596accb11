//! The Nix commands nixty runs, and reading their answers: `nix print-dev-env --json`,
//! the `nix-shell` capture used when that is unavailable, `nix-instantiate --eval` for
//! `dir-locals.nix` data, `nix-build` for its packages, and Nix's error messages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::model::EnvError;
use crate::process::{self, CancelToken, RunError};

/// Why a step failed. `transient` failures (timeout, cancel, Nix missing) are not cached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub error: EnvError,
    pub transient: bool,
}

impl Failure {
    fn transient(message: String) -> Failure {
        Failure {
            error: EnvError {
                message,
                file: None,
                line: None,
                column: None,
            },
            transient: true,
        }
    }
}

impl From<RunError> for Failure {
    fn from(error: RunError) -> Failure {
        Failure::transient(error.to_string())
    }
}

/// What to take the development environment of.
#[derive(Clone, Debug)]
pub enum Target {
    /// A file evaluating to a shell derivation (or a function with defaults returning one).
    File(PathBuf),
    /// A flake's default devShell.
    Flake(PathBuf),
    /// The `dir-locals.nix` wrapper selecting `part` (`shell` or `self`).
    DirLocals {
        root: PathBuf,
        file: PathBuf,
        part: &'static str,
    },
}

impl Target {
    /// Where a shell for this target starts (hooks run there).
    fn directory(&self) -> PathBuf {
        match self {
            Target::File(file) => file
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("/")),
            Target::Flake(root) | Target::DirLocals { root, .. } => root.clone(),
        }
    }
}

/// Variables captured from a shell: name → value, exported variables only.
pub type Vars = BTreeMap<String, String>;

pub struct Runner<'a> {
    pub deadline: Instant,
    /// The configured limit the deadline came from (for messages).
    pub timeout: Duration,
    pub cancel: &'a CancelToken,
}

impl Runner<'_> {
    fn run(&self, command: Command) -> Result<process::Output, Failure> {
        match process::run(command, self.deadline, self.cancel) {
            Ok(output) => Ok(output),
            Err(RunError::TimedOut { program, .. }) => Err(Failure::transient(format!(
                "`{program}` did not finish within {} s and was stopped; raise the limit with --timeout or NIXTY_ENV_TIMEOUT",
                self.timeout.as_secs_f64()
            ))),
            Err(other) => Err(other.into()),
        }
    }

    /// `nix-instantiate --version` → "2.8.0".
    pub fn version(&self) -> Result<String, Failure> {
        let mut command = Command::new("nix-instantiate");
        command.arg("--version");
        let out = self.run(command)?;
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(text.trim().rsplit(' ').next().unwrap_or("").to_string())
    }

    /// The exported variables of the development environment of `target`, and how they were
    /// captured (`true` when through `nix print-dev-env`).
    pub fn dev_env(&self, target: &Target) -> Result<(Vars, bool), Failure> {
        let mut command = Command::new("nix");
        let features = if matches!(target, Target::Flake(_)) {
            "nix-command flakes"
        } else {
            "nix-command"
        };
        command.args([
            "--extra-experimental-features",
            features,
            "print-dev-env",
            "--json",
        ]);
        match target {
            Target::File(file) => {
                command.arg("-f").arg(file);
            }
            Target::Flake(root) => {
                // Writing a lock file would change the project behind the user's back.
                command.arg("--no-write-lock-file").arg(root);
            }
            Target::DirLocals { root, file, part } => {
                command.arg("--impure");
                dir_locals_args(&mut command, root, file, part);
            }
        }
        let out = self.run(command);
        let out = match out {
            Err(Failure {
                error,
                transient: true,
            }) if error.message.contains("`nix` was not found") => {
                return self.nix_shell_env(target).map(|vars| (vars, false));
            }
            other => other?,
        };
        if out.status.success() {
            let (vars, functions) =
                parse_print_dev_env(&out.stdout).map_err(|message| Failure {
                    error: EnvError {
                        message,
                        file: None,
                        line: None,
                        column: None,
                    },
                    transient: false,
                })?;
            if vars
                .get("shellHook")
                .is_some_and(|hook| !hook.trim().is_empty())
            {
                // The hook's output is read like nix-shell's: relative to our own environment.
                return self
                    .run_shell_hook(vars, &functions, &target.directory())
                    .map(|vars| (vars, false));
            }
            return Ok((vars, true));
        }
        if needs_nix_shell(&out.stderr) && !matches!(target, Target::Flake(_)) {
            return self.nix_shell_env(target).map(|vars| (vars, false));
        }
        Err(nix_failure(&out.stderr))
    }

    /// Runs the shell's `shellHook` as `nix-shell` would (in the project directory, with the
    /// environment and bash functions of the shell on top of ours), and captures the result.
    /// The hook and the functions travel in variables: the script itself is constant.
    fn run_shell_hook(
        &self,
        mut vars: Vars,
        functions: &Vars,
        directory: &Path,
    ) -> Result<Vars, Failure> {
        crate::shape::drop_build_variables(&mut vars);
        let ours: BTreeMap<String, String> = std::env::vars().collect();
        let dev_path = vars.remove("PATH").unwrap_or_default();
        let path = [
            dev_path.as_str(),
            ours.get("PATH").map(String::as_str).unwrap_or(""),
        ]
        .iter()
        .flat_map(|p| p.split(':'))
        .filter(|e| !e.is_empty() && !crate::shape::is_placeholder(e))
        .collect::<Vec<_>>()
        .join(":");
        let definitions: String = functions
            .iter()
            .map(|(name, body)| format!("{name} ()\n{{\n{body}}}\n"))
            .collect();
        let mut command = Command::new("bash");
        command
            .args(["--norc", "--noprofile", "-c"])
            .arg(concat!(
                "eval \"$__nixty_functions\"; unset __nixty_functions; ",
                "eval \"$shellHook\" >&2; ",
                "printf '\\0%s\\0' NIXTY-ENV-BEGIN; exec env -0"
            ))
            .current_dir(directory)
            .envs(&vars)
            .env("PATH", path)
            .env("__nixty_functions", definitions);
        let out = self.run(command)?;
        let captured = after_marker(&out.stdout).ok_or_else(|| Failure {
            error: EnvError {
                message: format!(
                    "the shellHook ended the shell before nixty could read its environment: {}",
                    out.stderr.trim()
                ),
                file: None,
                line: None,
                column: None,
            },
            transient: false,
        })?;
        // Keep the shell's variables, and whatever the hook set or changed.
        Ok(captured
            .into_iter()
            .filter(|(name, value)| {
                name == "PATH" || vars.contains_key(name) || ours.get(name) != Some(value)
            })
            .collect())
    }

    /// `nix-shell … --run` capturing the environment exactly (NUL-separated), after a marker so
    /// that whatever a shellHook prints is ignored.
    fn nix_shell_env(&self, target: &Target) -> Result<Vars, Failure> {
        let mut command = Command::new("nix-shell");
        match target {
            Target::File(file) => {
                command.arg(file);
            }
            Target::DirLocals { root, file, part } => {
                dir_locals_args(&mut command, root, file, part);
            }
            Target::Flake(_) => unreachable!("flakes need `nix print-dev-env`"),
        }
        command.args([
            "--pure",
            "--run",
            "export PATH; printf '\\0%s\\0' NIXTY-ENV-BEGIN; exec env -0",
        ]);
        let out = self.run(command)?;
        if !out.status.success() {
            return Err(nix_failure(&out.stderr));
        }
        let Some(mut vars) = after_marker(&out.stdout) else {
            return Err(nix_failure(&out.stderr));
        };
        // What nix-shell --pure keeps from our own environment is not part of the project's.
        let ours: BTreeMap<String, String> = std::env::vars().collect();
        vars.retain(|name, value| name == "PATH" || ours.get(name) != Some(value));
        Ok(vars)
    }

    /// The `dir-locals.nix` data (see `DIR_LOCALS_WRAPPER`), as JSON.
    pub fn dir_locals_data(&self, root: &Path, file: &Path) -> Result<serde_json::Value, Failure> {
        let mut command = Command::new("nix-instantiate");
        command.args(["--eval", "--strict", "--json"]);
        dir_locals_args(&mut command, root, file, "data");
        let out = self.run(command)?;
        if !out.status.success() {
            return Err(nix_failure(&out.stderr));
        }
        serde_json::from_slice(&out.stdout).map_err(|e| Failure {
            error: EnvError {
                message: format!("nix-instantiate printed invalid JSON: {e}"),
                file: None,
                line: None,
                column: None,
            },
            transient: false,
        })
    }

    /// Builds the `packages` of a `dir-locals.nix` and returns their output paths.
    pub fn build_packages(&self, root: &Path, file: &Path) -> Result<Vec<String>, Failure> {
        let mut command = Command::new("nix-build");
        command.arg("--no-out-link");
        dir_locals_args(&mut command, root, file, "packages");
        let out = self.run(command)?;
        if !out.status.success() {
            return Err(nix_failure(&out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect())
    }

    /// Registers `paths` as indirect GC roots named `link`, `link-2`, … (they must be valid).
    pub fn add_roots(&self, link: &Path, paths: &[String]) -> Result<(), Failure> {
        let mut command = Command::new("nix-store");
        command
            .arg("--realise")
            .arg("--add-root")
            .arg(link)
            .arg("--indirect")
            .args(paths);
        let out = self.run(command)?;
        if !out.status.success() {
            return Err(nix_failure(&out.stderr));
        }
        Ok(())
    }
}

/// The wrapper that reads a `dir-locals.nix`: called with `--argstr` (never spliced into text).
const DIR_LOCALS_WRAPPER: &str = r#"{ nixtyRoot, nixtyFile, nixtyPart }:
let
  root = /. + nixtyRoot;
  raw = import (/. + nixtyFile);
  given = { inherit root; system = builtins.currentSystem; };
  formals = if builtins.isFunction raw then builtins.functionArgs raw else { };
  value =
    if !builtins.isFunction raw then raw
    else if formals == { } then raw given
    else raw (builtins.intersectAttrs formals given);
  isDrv = v: builtins.isAttrs v && (v.type or null) == "derivation";
  getBin = p: p.bin or p.out or p;
  callFile = p: let f = import p; in if builtins.isFunction f then f { } else f;
  shell =
    if !(value ? shell) || value.shell == null then null
    else if builtins.isPath value.shell then callFile value.shell
    else value.shell;
  str = name: v:
    if builtins.isString v || builtins.isPath v then toString v
    else if builtins.isBool v then (if v then "1" else "")
    else if builtins.isInt v || builtins.isFloat v then toString v
    else if isDrv v then v.outPath
    else throw "dir-locals.nix: env.${name} must be a string, path, number or boolean";
  data =
    if isDrv value then { kind = "derivation"; }
    else if !builtins.isAttrs value then
      throw "dir-locals.nix must evaluate to an attribute set (or a function of { root, system } returning one) or a derivation"
    else {
      kind = "data";
      packages = builtins.length (value.packages or [ ]);
      env = builtins.mapAttrs str (value.env or { });
      unset = value.unset or [ ];
      shell = shell != null;
      editor = value.editor or { };
    };
in
if nixtyPart == "data" then data
else if nixtyPart == "packages" then map getBin (value.packages or [ ])
else if nixtyPart == "shell" then shell
else value
"#;

fn dir_locals_args(command: &mut Command, root: &Path, file: &Path, part: &str) {
    command.arg("--argstr").arg("nixtyRoot").arg(root);
    command.arg("--argstr").arg("nixtyFile").arg(file);
    command.args(["--argstr", "nixtyPart", part]);
    command.arg("--expr").arg(DIR_LOCALS_WRAPPER);
}

/// The variables printed by `env -0` after our marker (whatever came before is a hook's noise).
fn after_marker(stdout: &[u8]) -> Option<Vars> {
    let marker = b"\0NIXTY-ENV-BEGIN\0";
    let start = stdout.windows(marker.len()).position(|w| w == marker)?;
    let mut vars = Vars::new();
    for entry in stdout[start + marker.len()..].split(|b| *b == 0) {
        let entry = String::from_utf8_lossy(entry);
        if let Some((name, value)) = entry.split_once('=') {
            vars.insert(name.to_string(), value.to_string());
        }
    }
    Some(vars)
}

/// When `nix print-dev-env` cannot serve this Nix or this derivation, `nix-shell` can.
fn needs_nix_shell(stderr: &str) -> bool {
    [
        "only works on derivations that use 'bash'",
        "experimental Nix feature",
        "is not a recognised command",
        "unrecognised flag",
    ]
    .iter()
    .any(|needle| stderr.contains(needle))
}

/// The exported variables of `nix print-dev-env --json`.
/// The exported variables and the bash functions of `nix print-dev-env --json`.
pub fn parse_print_dev_env(stdout: &[u8]) -> Result<(Vars, Vars), String> {
    let json: serde_json::Value = serde_json::from_slice(stdout)
        .map_err(|e| format!("`nix print-dev-env --json` printed invalid JSON: {e}"))?;
    let variables = json
        .get("variables")
        .and_then(|v| v.as_object())
        .ok_or("`nix print-dev-env --json` printed no \"variables\" object")?;
    let vars = variables
        .iter()
        .filter(|(_, v)| v.get("type").and_then(|t| t.as_str()) == Some("exported"))
        .filter_map(|(name, v)| Some((name.clone(), v.get("value")?.as_str()?.to_string())))
        .collect();
    let functions = json
        .get("bashFunctions")
        .and_then(|f| f.as_object())
        .map(|functions| {
            functions
                .iter()
                .filter_map(|(name, body)| Some((name.clone(), body.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Ok((vars, functions))
}

fn nix_failure(stderr: &str) -> Failure {
    Failure {
        error: parse_nix_error(stderr),
        transient: false,
    }
}

/// Reads Nix's error message and the first `at FILE:LINE:COLUMN:` location after it.
pub fn parse_nix_error(stderr: &str) -> EnvError {
    let clean = strip_ansi(stderr);
    let lines: Vec<&str> = clean.lines().collect();
    let start = lines.iter().position(|l| l.starts_with("error:"));
    let Some(start) = start else {
        let tail: Vec<&str> = lines
            .iter()
            .rev()
            .filter(|l| !l.trim().is_empty())
            .take(5)
            .copied()
            .collect();
        let message = tail.into_iter().rev().collect::<Vec<_>>().join("\n");
        let message = if message.is_empty() {
            "Nix failed without a message".to_string()
        } else {
            message
        };
        return EnvError {
            message,
            file: None,
            line: None,
            column: None,
        };
    };
    let mut message_lines = vec![lines[start].trim_start_matches("error:").trim().to_string()];
    let mut location = None;
    for line in &lines[start + 1..] {
        let trimmed = line.trim();
        if let Some(place) = trimmed.strip_prefix("at ") {
            location = parse_location(place);
            break;
        }
        if !trimmed.is_empty()
            && !trimmed.starts_with("(use '--show-trace'")
            && message_lines.len() < 12
        {
            message_lines.push(trimmed.to_string());
        }
    }
    let message = message_lines
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    match location {
        Some((file, line, column)) => EnvError {
            message,
            file: Some(file),
            line: Some(line),
            column: Some(column),
        },
        None => EnvError {
            message,
            file: None,
            line: None,
            column: None,
        },
    }
}

/// `/path/file.nix:12:5:` → (file, 12, 5); only real files (not `«string»`).
fn parse_location(text: &str) -> Option<(String, u32, u32)> {
    let text = text.strip_suffix(':').unwrap_or(text);
    let mut parts = text.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let file = parts.next()?;
    file.starts_with('/')
        .then(|| (file.to_string(), line, column))
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Identifies the installed Nix without running it (for the cache key): the resolved path of
/// `nix-instantiate` on PATH with its size and modification time.
pub fn identity() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let candidate = dir.join("nix-instantiate");
        if let Ok(meta) = std::fs::metadata(&candidate) {
            let real = std::fs::canonicalize(&candidate).unwrap_or(candidate);
            return format!(
                "{}:{}:{:?}",
                real.display(),
                meta.len(),
                meta.modified().ok()
            );
        }
    }
    "nix-not-found".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    #[test]
    fn reads_nix_errors_with_locations() {
        let stderr = "building '/nix/store/x.drv'...\nerror: cannot add a string to an integer\n\n       at /tmp/p/bad.nix:1:19:\n\n            1| let x = 1; in x + \"a\"\n             |                   ^\n(use '--show-trace' to show detailed location information)\n";
        expect![[r#"EnvError { message: "cannot add a string to an integer", file: Some("/tmp/p/bad.nix"), line: Some(1), column: Some(19) }"#]]
            .assert_eq(&format!("{:?}", parse_nix_error(stderr)));
        let stderr = "\u{1b}[31;1merror:\u{1b}[0m syntax error, unexpected ';'\n\n       at \u{1b}[35;1m/p/a b.nix:3:7\u{1b}[0m:\n";
        expect![[r#"EnvError { message: "syntax error, unexpected ';'", file: Some("/p/a b.nix"), line: Some(3), column: Some(7) }"#]]
            .assert_eq(&format!("{:?}", parse_nix_error(stderr)));
        let stderr = "error: undefined variable 'x'\n\n       at «string»:1:1:\n";
        expect![[r#"EnvError { message: "undefined variable 'x'", file: None, line: None, column: None }"#]]
            .assert_eq(&format!("{:?}", parse_nix_error(stderr)));
        expect![[r#"EnvError { message: "something odd", file: None, line: None, column: None }"#]]
            .assert_eq(&format!("{:?}", parse_nix_error("something odd\n")));
    }

    #[test]
    fn keeps_only_exported_variables() {
        let json = br#"{"bashFunctions":{"f":"echo hi\n"},"variables":{"BASH":{"type":"var","value":"/bin/bash"},"FOO":{"type":"exported","value":"x y"},"arr":{"type":"array","value":["a"]}}}"#;
        expect![[r#"({"FOO": "x y"}, {"f": "echo hi\n"})"#]]
            .assert_eq(&format!("{:?}", parse_print_dev_env(json).unwrap()));
    }
}
