//! The never-blocking front of resolution, for the language server: `request` answers at once
//! from trust and cache, and starts one background evaluation per project when the cache is
//! stale; `on_event` hears when it starts and when its result is ready.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::discover::Project;
use crate::model::Environment;
use crate::process::{self, CancelToken};
use crate::resolve::{self, EnvResult, Options};
use crate::trust::TrustState;

#[derive(Clone, Debug)]
pub enum Event {
    /// An evaluation of `root` started (for progress reporting).
    Started { root: PathBuf, source: String },
    /// It finished; `result.environment.status` is `ready` or `failed`.
    Finished {
        root: PathBuf,
        result: Box<EnvResult>,
    },
}

type Listener = Arc<dyn Fn(Event) + Send + Sync>;

/// After a failure that says nothing about the project (timeout, Nix missing, cancelled),
/// requests do not start a new evaluation for this long, so an editor that asks again on
/// every `environmentChanged` cannot loop. `reload` and `allow` retry at once.
const RETRY_AFTER: Duration = Duration::from_secs(60);

pub struct Loader {
    options: Mutex<Options>,
    running: Mutex<HashMap<PathBuf, CancelToken>>,
    /// Roots whose last evaluation failed transiently: when, and the answer to give meanwhile.
    transient: Mutex<HashMap<PathBuf, (Instant, Environment)>>,
    on_event: Listener,
}

impl Loader {
    pub fn new(options: Options, on_event: impl Fn(Event) + Send + Sync + 'static) -> Arc<Loader> {
        Arc::new(Loader {
            options: Mutex::new(options),
            running: Mutex::new(HashMap::new()),
            transient: Mutex::new(HashMap::new()),
            on_event: Arc::new(on_event),
        })
    }

    pub fn options(&self) -> Options {
        lock(&self.options).clone()
    }

    /// Changes the limit for evaluations started from now on (a setting of the editor).
    pub fn set_timeout(&self, timeout: Duration) {
        lock(&self.options).timeout = timeout;
    }

    /// The environment now (untrusted, ready, failed, or evaluating with the last good one),
    /// starting a background evaluation when the cache is stale. Only hashes files and reads
    /// the cache; never waits for Nix.
    pub fn request(self: &Arc<Self>, project: &Project) -> (Environment, TrustState) {
        let snapshot = resolve::peek(project, &self.options());
        if snapshot.trust == TrustState::Allowed
            && !snapshot.fresh
            && !self.is_running(&project.root)
        {
            let recent = lock(&self.transient)
                .get(&project.root)
                .filter(|(at, _)| at.elapsed() < RETRY_AFTER)
                .map(|(_, environment)| environment.clone());
            if let Some(environment) = recent {
                return (environment, snapshot.trust);
            }
            self.start(project, false);
        }
        (snapshot.environment, snapshot.trust)
    }

    /// Re-evaluates even if the cache is fresh.
    pub fn reload(self: &Arc<Self>, project: &Project) {
        lock(&self.transient).remove(&project.root);
        self.start(project, true);
    }

    /// Records the user's permission and starts evaluating.
    pub fn allow(self: &Arc<Self>, project: &Project) -> std::io::Result<()> {
        crate::allow(project, &self.options())?;
        lock(&self.transient).remove(&project.root);
        self.start(project, false);
        Ok(())
    }

    pub fn deny(&self, project: &Project) -> std::io::Result<()> {
        crate::deny(project, &self.options())
    }

    /// Whether an evaluation of this root is running.
    pub fn is_running(&self, root: &std::path::Path) -> bool {
        self.running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(root)
    }

    fn start(self: &Arc<Self>, project: &Project, force: bool) {
        let cancel = CancelToken::new();
        {
            let mut running = lock(&self.running);
            if running.contains_key(&project.root) {
                return;
            }
            running.insert(project.root.clone(), cancel.clone());
        }
        let this = Arc::clone(self);
        let project = project.clone();
        std::thread::spawn(move || {
            (this.on_event)(Event::Started {
                root: project.root.clone(),
                source: project.kind.file_name().to_string(),
            });
            let mut options = this.options();
            options.force = force;
            let result = resolve::resolve(&project, &options, &cancel);
            if result.transient_failure {
                lock(&this.transient).insert(
                    project.root.clone(),
                    (Instant::now(), result.environment.clone()),
                );
            } else {
                lock(&this.transient).remove(&project.root);
            }
            this.running
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&project.root);
            (this.on_event)(Event::Finished {
                root: project.root.clone(),
                result: Box::new(result),
            });
        });
    }

    /// Cancels every running evaluation and kills the Nix processes (server shutdown).
    pub fn shutdown(&self) {
        for cancel in self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
        {
            cancel.cancel();
        }
        process::kill_all_running();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dirs::Dirs;
    use std::sync::mpsc;

    #[test]
    fn a_transient_failure_is_not_retried_on_every_request() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap().join("p");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("shell.nix"), "{}").unwrap();
        // So short that every evaluation fails at once (timed out, or Nix not found).
        let options = Options {
            dirs: Dirs::under(&tmp.path().join("xdg")),
            timeout: Duration::from_nanos(1),
            force: false,
        };
        let project = crate::discover(&root, None).unwrap();
        crate::allow(&project, &options).unwrap();
        let (send, receive) = mpsc::channel();
        let loader = Loader::new(options, move |event| {
            let _ = send.send(event);
        });
        let finished = |receive: &mpsc::Receiver<Event>| loop {
            match receive.recv_timeout(Duration::from_secs(30)).unwrap() {
                Event::Finished { result, .. } => return result,
                Event::Started { .. } => {}
            }
        };
        loader.request(&project);
        let result = finished(&receive);
        assert!(result.transient_failure, "{:?}", result.environment.error);
        assert_eq!(result.environment.status, crate::Status::Failed);

        let (again, _) = loader.request(&project);
        assert_eq!(again.status, crate::Status::Failed);
        assert!(
            !loader.is_running(&project.root),
            "a request restarted the failed evaluation"
        );
        assert!(receive.try_recv().is_err());

        loader.reload(&project);
        assert!(finished(&receive).transient_failure);
    }
}
