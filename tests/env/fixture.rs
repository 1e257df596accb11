//! A temporary project with isolated XDG directories and logging wrappers around Nix.

use std::path::PathBuf;
use std::process::{Command, Stdio};

pub const NIX_CONFIG: &str =
    "substituters =\nsandbox = false\nbuild-users-group =\nexperimental-features = nix-command";
const NIX_PROGRAMS: [&str; 5] = [
    "nix",
    "nix-shell",
    "nix-instantiate",
    "nix-build",
    "nix-store",
];

pub fn nixty_bin() -> String {
    env!("CARGO_BIN_EXE_nixty").to_string()
}

/// PATH as the test process started (one test changes the process's PATH to its wrappers;
/// wrappers must never wrap each other).
fn original_path() -> &'static str {
    static ORIGINAL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ORIGINAL.get_or_init(|| std::env::var("PATH").unwrap_or_default())
}

/// The directory of `program` on the original PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(original_path())
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

pub fn have(program: &str) -> bool {
    which(program).is_some()
}

/// Whether Nix is installed; when CI=true its absence is a failure, not a skip.
pub fn nix_available() -> bool {
    if NIX_PROGRAMS.iter().all(|p| have(p)) {
        return true;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("Nix is missing; install it: apt-get install nix-bin");
    }
    eprintln!(
        "note: Nix is not installed (apt-get install nix-bin); this environment test did nothing"
    );
    false
}

/// A derivation named `shell` built by bash (no nixpkgs needed), with `attrs` (Nix bindings,
/// `A = "x"; B = y;`) as extra attributes: its variables make the environment.
pub fn shell_derivation(attrs: &str) -> String {
    format!(
        r#"derivation {{ name = "shell"; system = builtins.currentSystem; builder = "/bin/bash"; outputs = [ "out" ]; {attrs} }}"#
    )
}

pub fn nix_version() -> String {
    let out = Command::new("nix-instantiate")
        .arg("--version")
        .env("PATH", original_path())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string()
}

/// The processes whose command line contains `pattern` (empty when none).
pub fn pgrep(pattern: &str) -> String {
    let out = Command::new("pgrep")
        .args(["-af", "--", pattern])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn nix_store_delete(paths: &[&str]) -> std::process::Output {
    Command::new("nix-store")
        .arg("--delete")
        .args(paths)
        .env("PATH", original_path())
        .env("NIX_CONFIG", NIX_CONFIG)
        .output()
        .unwrap()
}

fn nonce() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{}{}{}",
        std::process::id(),
        nanos,
        NEXT.fetch_add(1, Ordering::SeqCst)
    )
}

#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }
}

pub struct Fixture {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
    pub xdg: PathBuf,
    pub bin: PathBuf,
    pub log: PathBuf,
    pub nonce: String,
}

impl Fixture {
    /// A fixture when Nix is installed (see `nix_available`): the tests that run Nix start with
    /// `let Some(f) = Fixture::with_nix() else { return };`.
    pub fn with_nix() -> Option<Fixture> {
        nix_available().then(Fixture::new)
    }

    pub fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        let nonce = nonce();
        let root = base.join(format!("project-{nonce}"));
        let xdg = base.join("xdg");
        let bin = base.join("bin");
        for dir in [&root, &xdg, &bin] {
            std::fs::create_dir_all(dir).unwrap();
        }
        let log = base.join("nix-calls.log");
        std::fs::write(&log, "").unwrap();
        for program in NIX_PROGRAMS {
            let Some(real) = which(program) else { continue };
            let wrapper = bin.join(program);
            std::fs::write(
                &wrapper,
                format!(
                    "#!/bin/sh\nprintf '%s %s\\n' {program} \"$*\" >> \"${{NIXTY_TEST_NIX_LOG:-/dev/null}}\"\nexec {} \"$@\"\n",
                    real.display()
                ),
            )
            .unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        Fixture {
            _tmp: tmp,
            root,
            xdg,
            bin,
            log,
            nonce,
        }
    }

    pub fn root_str(&self) -> String {
        self.root.to_string_lossy().into_owned()
    }

    pub fn path_var(&self) -> String {
        format!("{}:{}", self.bin.display(), original_path())
    }

    /// `program` run in the project with the test's Nix settings and isolated XDG directories.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .current_dir(if self.root.exists() {
                &self.root
            } else {
                &self.xdg
            })
            .env("XDG_DATA_HOME", self.xdg.join("data"))
            .env("XDG_CACHE_HOME", self.xdg.join("cache"))
            .env("PATH", self.path_var())
            .env("NIX_CONFIG", NIX_CONFIG)
            .env("NIX_BUILD_SHELL", "/bin/bash")
            .env("NIXTY_TEST_NIX_LOG", &self.log)
            .env_remove("NIXTY_ENV_TIMEOUT");
        command
    }

    pub fn nixty(&self, args: &[&str]) -> Out {
        self.nixty_with_env(args, &[])
    }

    pub fn nixty_with_env(&self, args: &[&str], vars: &[(&str, &str)]) -> Out {
        let mut command = self.command(&nixty_bin());
        command.args(args).envs(vars.iter().copied());
        let out = command.output().unwrap();
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn spawn_nixty(&self, args: &[&str]) -> std::process::Child {
        self.command(&nixty_bin())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Every Nix command run since the last clear, one line each.
    pub fn nix_calls(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }

    /// How many environment evaluations (`print-dev-env`) Nix ran since the last clear.
    pub fn print_dev_env_calls(&self) -> usize {
        self.nix_calls()
            .iter()
            .filter(|c| c.contains("print-dev-env"))
            .count()
    }

    /// `nixty env allow`, then `nixty env`, which must succeed: its JSON answer.
    pub fn allowed_env(&self) -> serde_json::Value {
        let allow = self.nixty(&["env", "allow"]);
        assert_eq!(allow.code, 0, "{allow:?}");
        let out = self.nixty(&["env"]);
        assert_eq!(out.code, 0, "{out:?}");
        out.json()
    }

    /// A `shell.nix` whose build takes two seconds (so concurrent requests overlap).
    pub fn write_slow_shell(&self) {
        let slow = format!(
            r#"let slow = derivation {{ name = "nixty-slow-{}"; system = builtins.currentSystem; builder = "/bin/bash";
                 args = [ "-c" "/bin/sleep 2; echo > $out" ]; }};
               in {}"#,
            self.nonce,
            shell_derivation("SLOW = slow;")
        );
        self.write("shell.nix", &slow);
    }

    pub fn clear_nix_calls(&self) {
        std::fs::write(&self.log, "").unwrap();
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Sets the modification time forward without changing the content.
    pub fn touch(&self, relative: &str) {
        let file = std::fs::File::options()
            .append(true)
            .open(self.root.join(relative))
            .unwrap();
        file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60))
            .unwrap();
    }

    /// Whether the Nix store holds a path whose name ends with `name`.
    pub fn store_has(&self, name: &str) -> bool {
        std::fs::read_dir("/nix/store")
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(name))
    }
}
