//! The never-blocking front of resolution, for the language server: `request` answers at once
//! from trust and cache, and starts one background evaluation per project when the cache is
//! stale; `on_event` hears when it starts and when its result is ready.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

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

pub struct Loader {
    options: Options,
    running: Mutex<HashMap<PathBuf, CancelToken>>,
    on_event: Listener,
}

impl Loader {
    pub fn new(options: Options, on_event: impl Fn(Event) + Send + Sync + 'static) -> Arc<Loader> {
        Arc::new(Loader {
            options,
            running: Mutex::new(HashMap::new()),
            on_event: Arc::new(on_event),
        })
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The environment now (untrusted, ready, failed, or evaluating with the last good one),
    /// starting a background evaluation when the cache is stale. Only hashes files and reads
    /// the cache; never waits for Nix.
    pub fn request(self: &Arc<Self>, project: &Project) -> (Environment, TrustState) {
        let snapshot = resolve::peek(project, &self.options);
        if snapshot.trust == TrustState::Allowed && !snapshot.fresh {
            self.start(project, false);
        }
        (snapshot.environment, snapshot.trust)
    }

    /// Re-evaluates even if the cache is fresh.
    pub fn reload(self: &Arc<Self>, project: &Project) {
        self.start(project, true);
    }

    /// Records the user's permission and starts evaluating.
    pub fn allow(self: &Arc<Self>, project: &Project) -> std::io::Result<()> {
        crate::allow(project, &self.options)?;
        self.start(project, false);
        Ok(())
    }

    pub fn deny(&self, project: &Project) -> std::io::Result<()> {
        crate::deny(project, &self.options)
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
            let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
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
            let mut options = this.options.clone();
            options.force = force;
            let result = resolve::resolve(&project, &options, &cancel);
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
