//! The environments LSP extension: a thin adapter from tower-lsp to `nixty_env::Loader`.
//!
//! - request `nixty/environment { uri }` → the environment JSON of environments.md (`null` when
//!   the file belongs to no project). Never waits for Nix: it answers from trust and cache and
//!   starts a background evaluation when the cache is stale.
//! - notification `nixty/environmentChanged { root }` when an evaluation finished (ready or
//!   failed): the editor asks again and swaps the environment in.
//! - commands `nixty.env.allow`, `nixty.env.deny`, `nixty.env.reload`, with one argument:
//!   `{ "uri": "file:///…" }`, `{ "root": "/path" }`, or a URI/path string.
//! - an untrusted project triggers one `window/showMessageRequest` per project and session
//!   ("Load the Nix environment from shell.nix? Allow / Deny").
//! - evaluations report `$/progress` (when the client supports it), and Nix errors become
//!   diagnostics on the file they point into.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use nixty_env::{EnvError, Environment, Event, Loader, Options, Project, Status, TrustState};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp::lsp_types::notification::{Notification, Progress};
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::{
    Diagnostic, DiagnosticSeverity, ExecuteCommandParams, MessageActionItem, MessageType,
    NumberOrString, Position, ProgressParams, ProgressParamsValue, Range, Url, WorkDoneProgress,
    WorkDoneProgressBegin, WorkDoneProgressCreateParams, WorkDoneProgressEnd,
};
use tower_lsp::Client;

/// The custom request.
pub const REQUEST: &str = "nixty/environment";
pub const ALLOW_COMMAND: &str = "nixty.env.allow";
pub const DENY_COMMAND: &str = "nixty.env.deny";
pub const RELOAD_COMMAND: &str = "nixty.env.reload";
/// Commands to advertise in `ExecuteCommandOptions`.
pub const COMMANDS: &[&str] = &[ALLOW_COMMAND, DENY_COMMAND, RELOAD_COMMAND];

/// `nixty/environmentChanged`.
pub enum EnvironmentChanged {}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentChangedParams {
    pub root: String,
}

impl Notification for EnvironmentChanged {
    type Params = EnvironmentChangedParams;
    const METHOD: &'static str = "nixty/environmentChanged";
}

#[derive(Debug, Deserialize)]
struct EnvironmentParams {
    uri: Url,
}

type DiagnosticsHook = Arc<dyn Fn(Url) + Send + Sync>;

struct Shared {
    client: Client,
    runtime: OnceLock<tokio::runtime::Handle>,
    /// Roots the user was already asked about in this session.
    prompted: Mutex<HashSet<PathBuf>>,
    /// Nix-error diagnostics per file, and the files of each root that have some.
    diagnostics: Mutex<HashMap<Url, Vec<Diagnostic>>>,
    files_of_root: Mutex<HashMap<PathBuf, Vec<Url>>>,
    progress_tokens: Mutex<HashMap<PathBuf, NumberOrString>>,
    next_token: AtomicU64,
    work_done_progress: AtomicBool,
    diagnostics_hook: OnceLock<DiagnosticsHook>,
}

/// Held by the server; cheap to share (`Clone`).
#[derive(Clone)]
pub struct EnvironmentService {
    shared: Arc<Shared>,
    loader: Option<Arc<Loader>>,
    /// Why environments are unavailable (no HOME/XDG dirs, bad NIXTY_ENV_TIMEOUT), if so.
    unavailable: Option<String>,
    workspace_root: Arc<Mutex<Option<PathBuf>>>,
}

impl EnvironmentService {
    /// Create it inside the tokio runtime (for example in `Server::new`).
    pub fn new(client: Client) -> EnvironmentService {
        Self::with_options(client, Options::from_env())
    }

    pub fn with_options(
        client: Client,
        options: std::result::Result<Options, String>,
    ) -> EnvironmentService {
        let shared = Arc::new(Shared {
            client,
            runtime: OnceLock::new(),
            prompted: Mutex::new(HashSet::new()),
            diagnostics: Mutex::new(HashMap::new()),
            files_of_root: Mutex::new(HashMap::new()),
            progress_tokens: Mutex::new(HashMap::new()),
            next_token: AtomicU64::new(0),
            work_done_progress: AtomicBool::new(false),
            diagnostics_hook: OnceLock::new(),
        });
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            let _ = shared.runtime.set(handle);
        }
        let (loader, unavailable) = match options {
            Ok(options) => {
                let events = Arc::clone(&shared);
                (
                    Some(Loader::new(options, move |event| on_event(&events, event))),
                    None,
                )
            }
            Err(message) => (None, Some(message)),
        };
        EnvironmentService {
            shared,
            loader,
            unavailable,
            workspace_root: Arc::new(Mutex::new(None)),
        }
    }

    /// From `initialize`: whether the client accepts `window/workDoneProgress/create`.
    pub fn set_work_done_progress(&self, supported: bool) {
        self.shared
            .work_done_progress
            .store(supported, Ordering::SeqCst);
    }

    /// The limit for Nix evaluations (for example from a `nixty.env.timeout` setting, in
    /// seconds); the default is `NIXTY_ENV_TIMEOUT` or 300 s.
    pub fn set_timeout(&self, timeout: std::time::Duration) {
        if let Some(loader) = &self.loader {
            loader.set_timeout(timeout);
        }
    }

    /// From `initialize`: discovery does not walk above the workspace root.
    pub fn set_workspace_root(&self, root: Option<PathBuf>) {
        *lock(&self.workspace_root) = root;
    }

    /// Let the server publish Nix-error diagnostics merged with its own: after this, the
    /// service calls `hook(uri)` instead of publishing, and the server appends
    /// [`EnvironmentService::diagnostics`] for that URI to what it publishes.
    pub fn set_diagnostics_hook(&self, hook: impl Fn(Url) + Send + Sync + 'static) {
        let _ = self.shared.diagnostics_hook.set(Arc::new(hook));
    }

    /// The Nix-error diagnostics this extension holds for `uri`.
    pub fn diagnostics(&self, uri: &Url) -> Vec<Diagnostic> {
        lock(&self.shared.diagnostics)
            .get(uri)
            .cloned()
            .unwrap_or_default()
    }

    fn project_of(&self, path: &Path) -> Option<Project> {
        let stop = lock(&self.workspace_root).clone();
        let stop = stop.filter(|root| path.starts_with(root));
        nixty_env::discover(path, stop.as_deref())
    }

    fn capture_runtime(&self) {
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            let _ = self.shared.runtime.set(handle);
        }
    }

    /// `nixty/environment`: register with `.custom_method(REQUEST, Server::environment)` where
    /// `async fn environment(&self, params: Value) -> Result<Value> { self.env.handle_request(params).await }`.
    pub async fn handle_request(&self, params: Value) -> Result<Value> {
        self.capture_runtime();
        let params: EnvironmentParams = serde_json::from_value(params).map_err(|e| {
            Error::invalid_params(format!(
                "nixty/environment expects {{ \"uri\": \"file:///…\" }}: {e}"
            ))
        })?;
        let path = params
            .uri
            .to_file_path()
            .map_err(|_| Error::invalid_params(format!("{} is not a file URI", params.uri)))?;
        let Some(loader) = self.loader.clone() else {
            return Err(request_failed(self.unavailable.clone().unwrap_or_default()));
        };
        let this = self.clone();
        // Hashing the project's files and reading the cache is file IO: off the async threads.
        let answer = tokio::task::spawn_blocking(move || {
            let project = this.project_of(&path)?;
            let (environment, trust) = loader.request(&project);
            Some((project, environment, trust))
        })
        .await
        .map_err(|e| request_failed(format!("environment lookup failed: {e}")))?;
        let Some((project, environment, trust)) = answer else {
            return Ok(Value::Null);
        };
        match trust {
            TrustState::Unknown | TrustState::Changed(_) => self.prompt_once(project, trust),
            // Allowed now: a later change of its files may ask again.
            TrustState::Allowed => {
                lock(&self.shared.prompted).remove(&project.root);
            }
            TrustState::Denied => {}
        }
        Ok(to_json(environment))
    }

    fn prompt_once(&self, project: Project, trust: TrustState) {
        if !lock(&self.shared.prompted).insert(project.root.clone()) {
            return;
        }
        let this = self.clone();
        self.spawn(async move {
            let source = project.kind.file_name();
            let message = match &trust {
                TrustState::Changed(files) => format!(
                    "The Nix environment of {} changed ({}). Load it from {source}?",
                    project.root.display(),
                    files
                        .iter()
                        .map(|f| f
                            .strip_prefix(&project.root)
                            .unwrap_or(f)
                            .display()
                            .to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => format!(
                    "Load the Nix environment from {source}? ({})",
                    project.root.display()
                ),
            };
            let actions = vec![
                MessageActionItem {
                    title: "Allow".into(),
                    properties: HashMap::new(),
                },
                MessageActionItem {
                    title: "Deny".into(),
                    properties: HashMap::new(),
                },
            ];
            let answer = this
                .shared
                .client
                .show_message_request(MessageType::INFO, message, Some(actions))
                .await;
            let choice = answer.ok().flatten().map(|item| item.title);
            match choice.as_deref() {
                Some("Allow") => {
                    let _ = this.decide(&project, Decision::Allow).await;
                }
                Some("Deny") => {
                    let _ = this.decide(&project, Decision::Deny).await;
                }
                // Dismissed: ask again next session (or through the command).
                _ => {}
            }
        });
    }

    async fn decide(&self, project: &Project, decision: Decision) -> Result<Value> {
        let Some(loader) = self.loader.clone() else {
            return Err(request_failed(self.unavailable.clone().unwrap_or_default()));
        };
        let project2 = project.clone();
        let outcome = tokio::task::spawn_blocking(move || match decision {
            Decision::Allow => loader.allow(&project2),
            Decision::Deny => loader.deny(&project2),
            Decision::Reload => {
                loader.reload(&project2);
                Ok(())
            }
        })
        .await
        .map_err(|e| request_failed(e.to_string()))?;
        outcome.map_err(|e| request_failed(format!("could not record the decision: {e}")))?;
        if decision == Decision::Deny {
            // The status changed to "denied": tell the editor so it can update its display.
            let root = project.root.to_string_lossy().into_owned();
            self.shared
                .client
                .send_notification::<EnvironmentChanged>(EnvironmentChangedParams { root })
                .await;
        }
        Ok(serde_json::json!({ "root": project.root.to_string_lossy() }))
    }

    /// `workspace/executeCommand` for [`COMMANDS`]; returns `{ "root": … }`.
    pub async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        self.capture_runtime();
        let decision = match params.command.as_str() {
            ALLOW_COMMAND => Decision::Allow,
            DENY_COMMAND => Decision::Deny,
            RELOAD_COMMAND => Decision::Reload,
            other => return Err(Error::invalid_params(format!("unknown command `{other}`"))),
        };
        let target = params.arguments.first().and_then(command_target).ok_or_else(|| {
            Error::invalid_params(format!(
                "{} expects one argument: {{ \"uri\": \"file:///…\" }}, {{ \"root\": \"/path\" }} or a path",
                params.command
            ))
        })?;
        let project = self.project_of(&target).ok_or_else(|| {
            Error::invalid_params(format!("no Nix project at {} or above", target.display()))
        })?;
        self.decide(&project, decision).await.map(Some)
    }

    /// Cancels evaluations and stops their Nix processes (call from `shutdown`:
    /// `self.env.shutdown().await`). Waits at most a few seconds, off the async threads.
    pub async fn shutdown(&self) {
        if let Some(loader) = self.loader.clone() {
            let _ = tokio::task::spawn_blocking(move || loader.shutdown()).await;
        }
    }

    fn spawn(&self, task: impl std::future::Future<Output = ()> + Send + 'static) {
        if let Some(handle) = self.shared.runtime.get() {
            handle.spawn(task);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Decision {
    Allow,
    Deny,
    Reload,
}

/// LSP's RequestFailed (-32803): the request was valid but could not be served.
fn request_failed(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::ServerError(-32803),
        message: message.into().into(),
        data: None,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn to_json(environment: Environment) -> Value {
    let path = std::env::var("PATH").ok();
    serde_json::to_value(environment.with_path(path.as_deref())).unwrap_or(Value::Null)
}

/// `{ "uri": … }`, `{ "root": … }`, or a string (URI or path).
fn command_target(argument: &Value) -> Option<PathBuf> {
    let text = match argument {
        Value::String(text) => text.as_str(),
        Value::Object(map) => map
            .get("uri")
            .or_else(|| map.get("root"))
            .and_then(Value::as_str)?,
        _ => return None,
    };
    if text.starts_with("file:") {
        Url::parse(text).ok()?.to_file_path().ok()
    } else {
        Some(PathBuf::from(text))
    }
}

/// Loader events arrive on its evaluation thread; LSP messages go out on the runtime.
fn on_event(shared: &Arc<Shared>, event: Event) {
    let Some(handle) = shared.runtime.get().cloned() else {
        return;
    };
    let shared = Arc::clone(shared);
    handle.spawn(async move {
        match event {
            Event::Started { root, source } => begin_progress(&shared, root, source).await,
            Event::Finished { root, result } => {
                end_progress(&shared, &root, result.environment.status).await;
                update_diagnostics(&shared, &root, result.environment.error.as_ref()).await;
                let root = root.to_string_lossy().into_owned();
                shared
                    .client
                    .send_notification::<EnvironmentChanged>(EnvironmentChangedParams { root })
                    .await;
            }
        }
    });
}

async fn begin_progress(shared: &Shared, root: PathBuf, source: String) {
    if !shared.work_done_progress.load(Ordering::SeqCst) {
        return;
    }
    let token = NumberOrString::String(format!(
        "nixty-env-{}",
        shared.next_token.fetch_add(1, Ordering::SeqCst)
    ));
    let created = shared
        .client
        .send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
            token: token.clone(),
        })
        .await;
    if created.is_err() {
        return;
    }
    lock(&shared.progress_tokens).insert(root.clone(), token.clone());
    let begin = WorkDoneProgressBegin {
        title: "Loading the Nix environment".into(),
        cancellable: Some(false),
        message: Some(format!("{} ({})", source, root.display())),
        percentage: None,
    };
    shared
        .client
        .send_notification::<Progress>(ProgressParams {
            token,
            value: ProgressParamsValue::WorkDone(WorkDoneProgress::Begin(begin)),
        })
        .await;
}

async fn end_progress(shared: &Shared, root: &Path, status: Status) {
    let Some(token) = lock(&shared.progress_tokens).remove(root) else {
        return;
    };
    let message = match status {
        Status::Ready => "ready",
        _ => "failed",
    };
    shared
        .client
        .send_notification::<Progress>(ProgressParams {
            token,
            value: ProgressParamsValue::WorkDone(WorkDoneProgress::End(WorkDoneProgressEnd {
                message: Some(message.into()),
            })),
        })
        .await;
}

/// The diagnostic for a Nix error that points into a file (1-based line/column from Nix).
pub fn error_diagnostic(error: &EnvError) -> Option<(Url, Diagnostic)> {
    let file = error.file.as_ref()?;
    let uri = Url::from_file_path(file).ok()?;
    let line = error.line.unwrap_or(1).saturating_sub(1);
    let column = error.column.unwrap_or(1).saturating_sub(1);
    let range = Range {
        start: Position {
            line,
            character: column,
        },
        end: Position {
            line,
            character: column + 1,
        },
    };
    let diagnostic = Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("env-nix-error".into())),
        source: Some("nix".into()),
        message: format!("Nix could not load the environment: {}", error.message),
        ..Diagnostic::default()
    };
    Some((uri, diagnostic))
}

async fn update_diagnostics(shared: &Shared, root: &Path, error: Option<&EnvError>) {
    let new = error
        .and_then(error_diagnostic)
        .filter(|(uri, _)| uri.to_file_path().is_ok_and(|p| p.starts_with(root)));
    let mut touched: Vec<Url> = lock(&shared.files_of_root).remove(root).unwrap_or_default();
    {
        let mut diagnostics = lock(&shared.diagnostics);
        for uri in &touched {
            diagnostics.remove(uri);
        }
        if let Some((uri, diagnostic)) = &new {
            diagnostics.insert(uri.clone(), vec![diagnostic.clone()]);
            lock(&shared.files_of_root).insert(root.to_path_buf(), vec![uri.clone()]);
            if !touched.contains(uri) {
                touched.push(uri.clone());
            }
        }
    }
    for uri in touched {
        if let Some(hook) = shared.diagnostics_hook.get() {
            hook(uri);
        } else {
            let list = lock(&shared.diagnostics)
                .get(&uri)
                .cloned()
                .unwrap_or_default();
            shared.client.publish_diagnostics(uri, list, None).await;
        }
    }
}
