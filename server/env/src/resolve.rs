//! Resolution: trust check, cache lookup, one evaluation per project at a time (threads of this
//! process and other processes alike), Nix, GC roots, and the cache update.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::cache::{self, CachedFailure, Good};
use crate::dirs::{now_rfc3339, Dirs};
use crate::discover::{Project, SourceKind};
use crate::gcroot;
use crate::inputs::{self, sha256_hex, Inputs};
use crate::model::{EnvError, Environment, Status};
use crate::nix::{Failure, Runner, Target};
use crate::process::CancelToken;
use crate::shape::{shape, store_paths, Shaped};
use crate::trust::{self, TrustState};

/// Default limit for one resolution (all Nix runs of it together).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
/// Bumped when the cached data or the way it is computed changes.
const CACHE_VERSION: &str = "nixty-env-cache-v1";

#[derive(Clone, Debug)]
pub struct Options {
    pub dirs: Dirs,
    pub timeout: Duration,
    /// Evaluate even when the cache is fresh.
    pub force: bool,
}

impl Options {
    /// XDG directories, and the timeout from `NIXTY_ENV_TIMEOUT` (seconds) or the default.
    pub fn from_env() -> Result<Options, String> {
        let timeout = match std::env::var("NIXTY_ENV_TIMEOUT") {
            Ok(text) => parse_timeout(&text).ok_or_else(|| {
                format!("NIXTY_ENV_TIMEOUT={text:?} is not a number of seconds; set it to, for example, 300")
            })?,
            Err(_) => DEFAULT_TIMEOUT,
        };
        Ok(Options {
            dirs: Dirs::from_env()?,
            timeout,
            force: false,
        })
    }
}

/// Seconds, possibly fractional (`"2.5"`); must be positive.
pub fn parse_timeout(text: &str) -> Option<Duration> {
    let seconds: f64 = text.trim().parse().ok()?;
    (seconds.is_finite() && seconds > 0.0).then(|| Duration::from_secs_f64(seconds))
}

/// What a resolution produced.
#[derive(Clone, Debug)]
pub struct EnvResult {
    pub environment: Environment,
    pub trust: TrustState,
    /// Served from the cache without running Nix.
    pub from_cache: bool,
    /// Non-fatal problems (for example GC roots that could not be registered).
    pub warnings: Vec<String>,
    /// The evaluation failed for a reason outside the project (timeout, cancelled, Nix
    /// missing); the failure is not cached.
    pub transient_failure: bool,
}

/// The state of a project as known without evaluating: trust, and the cache for its inputs.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub environment: Environment,
    pub trust: TrustState,
    /// The environment (or failure) is the one for the current inputs; nothing to evaluate.
    pub fresh: bool,
}

fn lossy(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Trust and cache state, never running Nix. Stale or missing results come back as
/// `evaluating` holding the last good environment, if any.
pub fn peek(project: &Project, options: &Options) -> Snapshot {
    let inputs = inputs::collect(project);
    peek_with(project, options, &inputs)
}

fn peek_with(project: &Project, options: &Options, inputs: &Inputs) -> Snapshot {
    let root = lossy(&project.root);
    let source = project.kind.file_name();
    let trust = trust::check(&options.dirs, project, inputs);
    if trust != TrustState::Allowed {
        let mut environment = Environment::empty(&root, source, Status::Untrusted);
        environment.inputs = inputs.paths().iter().map(|p| lossy(p)).collect();
        return Snapshot {
            environment,
            trust,
            fresh: true,
        };
    }
    let key = cache_key(project, inputs);
    let record = cache::load(&options.dirs, &project.root);
    let last_good = record.good.as_ref().map(|g| g.environment.clone());
    let base = |status| {
        let mut env = last_good
            .clone()
            .unwrap_or_else(|| Environment::empty(&root, source, status));
        env.status = status;
        env
    };
    if let Some(failure) = record.failure.as_ref().filter(|f| f.key == key) {
        let mut environment = base(Status::Failed);
        environment.error = Some(failure.error.clone());
        return Snapshot {
            environment,
            trust,
            fresh: true,
        };
    }
    if let Some(good) = record.good.as_ref().filter(|g| g.key == key) {
        return Snapshot {
            environment: good.environment.clone(),
            trust,
            fresh: true,
        };
    }
    Snapshot {
        environment: base(Status::Evaluating),
        trust,
        fresh: false,
    }
}

/// The key of everything an evaluation depends on: input contents, the Nix installation and
/// `NIX_PATH`.
fn cache_key(project: &Project, inputs: &Inputs) -> String {
    let mut text = format!(
        "{CACHE_VERSION}\n{:?}\n{}\n",
        project.kind,
        lossy(&project.root)
    );
    for (path, hash) in &inputs.files {
        text.push_str(&format!("{}\0{hash}\n", lossy(path)));
    }
    text.push_str(&format!("nix={}\n", crate::nix::identity()));
    text.push_str(&format!(
        "NIX_PATH={}\n",
        std::env::var("NIX_PATH").unwrap_or_default()
    ));
    sha256_hex(text.as_bytes())
}

/// Resolves the environment of `project`, blocking. Untrusted projects are not evaluated; a
/// fresh cache entry is returned without running Nix; otherwise Nix runs (once per project at a
/// time) and the cache, GC roots and last failure are updated.
pub fn resolve(project: &Project, options: &Options, cancel: &CancelToken) -> EnvResult {
    let deadline = Instant::now() + options.timeout;
    let inputs = inputs::collect(project);
    let snapshot = peek_with(project, options, &inputs);
    let result = |snapshot: Snapshot, from_cache| EnvResult {
        environment: snapshot.environment,
        trust: snapshot.trust,
        from_cache,
        warnings: Vec::new(),
        transient_failure: false,
    };
    if snapshot.trust != TrustState::Allowed {
        return result(snapshot, false);
    }
    if snapshot.fresh && !options.force {
        return result(snapshot, true);
    }
    let _guard = match ProjectLock::acquire(&options.dirs, &project.root, deadline, cancel) {
        Ok(guard) => guard,
        Err(message) => {
            return failed(
                snapshot,
                EnvError {
                    message,
                    file: None,
                    line: None,
                    column: None,
                },
                true,
            )
        }
    };
    // Another thread or process may have evaluated these inputs while we waited.
    let snapshot = peek_with(project, options, &inputs);
    if snapshot.fresh && !options.force {
        return result(snapshot, true);
    }
    let runner = Runner {
        deadline,
        timeout: options.timeout,
        cancel,
    };
    let key = cache_key(project, &inputs);
    let mut record = cache::load(&options.dirs, &project.root);
    match evaluate(project, &runner).map_err(|failure| in_project(failure, project)) {
        Ok(evaluated) => {
            let mut warnings = Vec::new();
            let environment = Environment {
                root: lossy(&project.root),
                source: project.kind.file_name().to_string(),
                status: Status::Ready,
                set: evaluated.shaped.set,
                unset: evaluated.unset,
                path_prepend: evaluated.shaped.path_prepend,
                editor: evaluated.editor,
                inputs: inputs.paths().iter().map(|p| lossy(p)).collect(),
                evaluated_at: Some(now_rfc3339()),
                nix_version: Some(evaluated.nix_version),
                error: None,
            };
            let store_dir =
                std::env::var("NIX_STORE_DIR").unwrap_or_else(|_| "/nix/store".to_string());
            let values = environment
                .set
                .values()
                .chain(environment.path_prepend.iter())
                .map(String::as_str);
            let roots: Vec<String> = store_paths(values, &store_dir)
                .into_iter()
                .filter(|p| Path::new(p).exists())
                .collect();
            if let Err(failure) = gcroot::register(
                &options.dirs,
                &cache::project_key(&project.root),
                &project.root,
                &roots,
                &runner,
            ) {
                warnings.push(format!(
                    "the environment is not protected from garbage collection: {}",
                    failure.error
                ));
            }
            record.good = Some(Good {
                key,
                environment: environment.clone(),
            });
            record.failure = None;
            if let Err(e) = cache::store(&options.dirs, &project.root, &record) {
                warnings.push(format!(
                    "could not write the cache in {}: {e}",
                    options.dirs.env_cache().display()
                ));
            }
            EnvResult {
                environment,
                trust: TrustState::Allowed,
                from_cache: false,
                warnings,
                transient_failure: false,
            }
        }
        Err(failure) => {
            if !failure.transient {
                record.failure = Some(CachedFailure {
                    key,
                    error: failure.error.clone(),
                });
                let _ = cache::store(&options.dirs, &project.root, &record);
            }
            failed(snapshot, failure.error, failure.transient)
        }
    }
}

fn failed(snapshot: Snapshot, error: EnvError, transient: bool) -> EnvResult {
    let mut environment = snapshot.environment;
    environment.status = Status::Failed;
    environment.error = Some(error);
    EnvResult {
        environment,
        trust: snapshot.trust,
        from_cache: false,
        warnings: Vec::new(),
        transient_failure: transient,
    }
}

struct Evaluated {
    shaped: Shaped,
    unset: Vec<String>,
    editor: serde_json::Value,
    nix_version: String,
}

/// Flakes are evaluated from a copy in the store (`/nix/store/<hash>-source/…`): point errors
/// back at the project's own file.
fn in_project(mut failure: Failure, project: &Project) -> Failure {
    let Some(file) = failure.error.file.as_deref() else {
        // Errors in nixty's own wrapper (a dir-locals.nix of the wrong shape) are the file's.
        if project.kind == SourceKind::DirLocals && !failure.transient {
            failure.error.file = Some(lossy(&project.source_file()));
        }
        return failure;
    };
    let store_dir = std::env::var("NIX_STORE_DIR").unwrap_or_else(|_| "/nix/store".to_string());
    let Some(rest) = file.strip_prefix(&format!("{}/", store_dir.trim_end_matches('/'))) else {
        return failure;
    };
    let Some((name, relative)) = rest.split_once('/') else {
        return failure;
    };
    if name.ends_with("-source") {
        let local = project.root.join(relative);
        if local.is_file() {
            failure.error.file = Some(lossy(&local));
        }
    }
    failure
}

fn evaluate(project: &Project, runner: &Runner) -> Result<Evaluated, Failure> {
    let nix_version = runner.version()?;
    let outer_path = std::env::var("PATH").ok();
    let dev_env = |target: Target| -> Result<Shaped, Failure> {
        let (vars, from_print_dev_env) = runner.dev_env(&target)?;
        Ok(shape(
            vars,
            if from_print_dev_env {
                None
            } else {
                outer_path.as_deref()
            },
        ))
    };
    let empty_editor = serde_json::Value::Object(Default::default());
    let source = project.source_file();
    let root = project.root.clone();
    let evaluated = |shaped, unset, editor| Evaluated {
        shaped,
        unset,
        editor,
        nix_version: nix_version.clone(),
    };
    match project.kind {
        SourceKind::Shell | SourceKind::Default => Ok(evaluated(
            dev_env(Target::File(source))?,
            Vec::new(),
            empty_editor,
        )),
        SourceKind::Flake => Ok(evaluated(
            dev_env(Target::Flake(root))?,
            Vec::new(),
            empty_editor,
        )),
        SourceKind::DirLocals => {
            let data = runner.dir_locals_data(&root, &source)?;
            if data.get("kind").and_then(|k| k.as_str()) == Some("derivation") {
                let shaped = dev_env(Target::DirLocals {
                    root,
                    file: source,
                    part: "self",
                })?;
                return Ok(evaluated(shaped, Vec::new(), empty_editor));
            }
            let mut shaped = if data.get("shell").and_then(|s| s.as_bool()) == Some(true) {
                dev_env(Target::DirLocals {
                    root: root.clone(),
                    file: source.clone(),
                    part: "shell",
                })?
            } else {
                Shaped {
                    set: BTreeMap::new(),
                    path_prepend: Vec::new(),
                }
            };
            if data.get("packages").and_then(|n| n.as_u64()).unwrap_or(0) > 0 {
                let bins: Vec<String> = runner
                    .build_packages(&root, &source)?
                    .into_iter()
                    .map(|out| format!("{out}/bin"))
                    .filter(|bin| Path::new(bin).is_dir())
                    .collect();
                shaped.path_prepend.retain(|p| !bins.contains(p));
                shaped.path_prepend.splice(0..0, bins);
            }
            if let Some(env) = data.get("env").and_then(|e| e.as_object()) {
                for (name, value) in env {
                    if let Some(value) = value.as_str() {
                        shaped.set.insert(name.clone(), value.to_string());
                    }
                }
            }
            let unset: Vec<String> = data
                .get("unset")
                .and_then(|u| u.as_array())
                .map(|names| {
                    names
                        .iter()
                        .filter_map(|n| n.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            for name in &unset {
                shaped.set.remove(name);
                if name == "PATH" {
                    shaped.path_prepend.clear();
                }
            }
            let editor = data.get("editor").cloned().unwrap_or(empty_editor);
            Ok(evaluated(shaped, unset, editor))
        }
    }
}

/// Holds a project for one evaluation: a per-root slot in this process and a lock file for
/// other processes. Waiting honours the deadline and cancellation.
struct ProjectLock {
    root: PathBuf,
    _file: File,
}

static BUSY: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
static RELEASED: Condvar = Condvar::new();

impl ProjectLock {
    fn acquire(
        dirs: &Dirs,
        root: &Path,
        deadline: Instant,
        cancel: &CancelToken,
    ) -> Result<ProjectLock, String> {
        let waited_too_long = || {
            if cancel.is_cancelled() {
                Some("the evaluation was cancelled".to_string())
            } else if Instant::now() >= deadline {
                Some(
                    "another evaluation of this project did not finish within the timeout"
                        .to_string(),
                )
            } else {
                None
            }
        };
        {
            let mut busy = BUSY.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                let set = busy.get_or_insert_with(HashSet::new);
                if set.insert(root.to_path_buf()) {
                    break;
                }
                if let Some(message) = waited_too_long() {
                    return Err(message);
                }
                busy = RELEASED
                    .wait_timeout(busy, Duration::from_millis(50))
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
        let release_slot = || {
            if let Some(set) = BUSY.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
                set.remove(root);
            }
            RELEASED.notify_all();
        };
        let path = cache::lock_file(dirs, root);
        let file = std::fs::create_dir_all(dirs.env_cache()).and_then(|_| File::create(&path));
        let file = match file {
            Ok(file) => file,
            Err(e) => {
                release_slot();
                return Err(format!(
                    "could not create the lock file {}: {e}",
                    path.display()
                ));
            }
        };
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => {
                    release_slot();
                    return Err(format!("could not lock {}: {e}", path.display()));
                }
            }
            if let Some(message) = waited_too_long() {
                release_slot();
                return Err(message);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(ProjectLock {
            root: root.to_path_buf(),
            _file: file,
        })
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // The file lock goes with the file; the in-process slot is released here.
        if let Some(set) = BUSY.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            set.remove(&self.root);
        }
        RELEASED.notify_all();
    }
}
