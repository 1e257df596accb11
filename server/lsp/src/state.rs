//! The server's shared state: the analysis host and the open documents behind one lock, held
//! only to apply a change or to take a snapshot (never while computing a feature).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use dashmap::DashMap;
use nixty_ide::{Analysis, AnalysisHost, DiagnosticsConfig, FileId, LineIndex};
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{Position, Url};

use crate::config::Settings;
use crate::convert;
use crate::dispatch::invalid_params;
use crate::documents::OpenDocument;

#[derive(Default)]
pub(crate) struct World {
    pub host: AnalysisHost,
    pub docs: HashMap<Url, OpenDocument>,
}

impl World {
    /// Sets a file read from disk, unless the editor has it open (the editor's text wins).
    pub fn set_disk_file(&mut self, path: &Path, text: String) {
        if !self.is_open(path) {
            self.host.set_file_text(path, text);
        }
    }

    pub fn remove_disk_file(&mut self, path: &Path) {
        if !self.is_open(path) {
            if let Some(file) = self.host.file_id(path) {
                self.host.remove_file(file);
            }
        }
    }

    fn is_open(&self, path: &Path) -> bool {
        self.docs.values().any(|d| d.path == path)
    }
}

/// What the client said about itself in `initialize`.
#[derive(Default, Clone, Debug)]
pub(crate) struct ClientFlags {
    pub configuration: bool,
    pub work_done_progress: bool,
    pub watched_files_registration: bool,
    pub hierarchical_symbols: bool,
    pub inlay_hint_refresh: bool,
    pub markdown_hover: bool,
    /// `foldingRange.rangeLimit`: the most folding ranges the client wants.
    pub folding_range_limit: Option<u32>,
}

#[derive(Default)]
pub(crate) struct State {
    world: Mutex<World>,
    pub settings: Mutex<Settings>,
    /// From `nixty.toml` at the workspace root.
    pub toml_config: Mutex<DiagnosticsConfig>,
    pub client: Mutex<ClientFlags>,
    pub roots: Mutex<Vec<PathBuf>>,
    /// Per document, the number of the latest scheduled diagnostics run (debouncing).
    pub diagnostics_generation: DashMap<Url, u64>,
    /// Per document, held while its diagnostics are computed: runs for one document never
    /// overlap, and a run that waited finds out whether a newer one replaced it.
    pub diagnostics_runs: DashMap<Url, Arc<tokio::sync::Mutex<()>>>,
    /// Per document, when it was last edited (to tell a burst of keystrokes from a pause).
    pub last_edit: DashMap<Url, std::time::Instant>,
    /// What was last published per open document (version, diagnostics).
    pub published_diagnostics: DashMap<Url, (Option<i32>, Vec<tower_lsp::lsp_types::Diagnostic>)>,
    /// The (kind of item, document) whose answers were cut by a limit and said so (`limits`).
    pub reported_limits: dashmap::DashSet<(&'static str, Url)>,
    pub shutdown_requested: AtomicBool,
    /// The environments extension (set once in `Server::new`).
    pub env: OnceLock<crate::environment::EnvironmentService>,
}

/// An immutable view of one file for a request: compute on it without any lock.
pub(crate) struct FileSnapshot {
    pub analysis: Analysis,
    pub file: FileId,
    /// The editor's version, when the document is open.
    pub version: Option<i32>,
}

impl FileSnapshot {
    pub fn line_index(&self) -> Option<Arc<LineIndex>> {
        self.analysis.line_index(self.file)
    }

    /// The byte offset of a request's position; a line past the end is `InvalidParams`.
    pub fn offset(&self, index: &LineIndex, position: Position) -> Result<nixty_ide::TextSize> {
        convert::offset(index, position).map_err(invalid_params)
    }
}

/// Locks poisoned by a panic elsewhere still hold consistent data (every update is a single
/// assignment), so keep serving.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl State {
    pub fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }

    /// A snapshot for a request about `uri`, or `None` when nixty does not know that document
    /// (never opened and not in the workspace) or refused to analyze it.
    pub fn file_snapshot(&self, uri: &Url) -> Option<FileSnapshot> {
        let world = self.world();
        let (path, version) = match world.docs.get(uri) {
            Some(doc) if doc.refused.is_some() => return None,
            Some(doc) => (doc.path.clone(), Some(doc.version)),
            None => (convert::path_of_uri(uri), None),
        };
        let file = world.host.file_id(&path)?;
        Some(FileSnapshot {
            analysis: world.host.analysis(),
            file,
            version,
        })
    }

    pub fn analysis(&self) -> Analysis {
        self.world().host.analysis()
    }

    pub fn current_version(&self, uri: &Url) -> Option<i32> {
        self.world().docs.get(uri).map(|d| d.version)
    }

    /// Nix-error diagnostics of the environments extension for `uri`.
    pub fn env_diagnostics(&self, uri: &Url) -> Vec<tower_lsp::lsp_types::Diagnostic> {
        self.env
            .get()
            .map(|env| env.diagnostics(uri))
            .unwrap_or_default()
    }

    pub fn open_documents(&self) -> Vec<Url> {
        self.world().docs.keys().cloned().collect()
    }
}
