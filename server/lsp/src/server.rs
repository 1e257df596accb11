//! The `LanguageServer` implementation: lifecycle, document sync, configuration, and the
//! dispatch of every request to its handler in `handlers/`.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use nixty_ide::DiagnosticsConfig;
use serde_json::Value;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

use crate::config::Settings;
use crate::documents::{apply_changes, OpenDocument};
use crate::environment::{EnvironmentService, COMMANDS};
use crate::state::{lock, ClientFlags, State};
use crate::{capabilities, convert, handlers, indexing, parent};

/// Wait after an edit that follows another one this closely before computing diagnostics, so
/// a burst of keystrokes costs one run; after a pause, the first edit is checked at once.
const DIAGNOSTICS_DEBOUNCE: Duration = Duration::from_millis(50);
/// Other open documents may import the edited one; re-check them when typing pauses longer.
const DEPENDENTS_DEBOUNCE: Duration = Duration::from_millis(300);

pub struct Server {
    pub(crate) client: Client,
    pub(crate) state: Arc<State>,
}

impl Server {
    /// Call inside the tokio runtime (the environments extension captures it).
    pub fn new(client: Client) -> Server {
        let state = Arc::new(State::default());
        let env = EnvironmentService::new(client.clone());
        // Nix-error diagnostics are merged into ours, so neither overwrites the other.
        let hook_state = Arc::downgrade(&state);
        let hook_client = client.clone();
        env.set_diagnostics_hook(move |uri| {
            if let Some(state) = hook_state.upgrade() {
                crate::diagnostics::schedule_on(&state, &hook_client, uri);
            }
        });
        let _ = state.env.set(env);
        Server { client, state }
    }

    fn env(&self) -> Option<&EnvironmentService> {
        self.state.env.get()
    }

    /// `nixty/environment { uri }` (custom request; see `environment.rs`).
    pub async fn environment(&self, params: Value) -> Result<Value> {
        match self.env() {
            Some(env) => env.handle_request(params).await,
            None => Ok(Value::Null),
        }
    }

    /// Whether the client sent `shutdown` (then `exit` ends the process with status 0).
    pub fn shutdown_requested(&self) -> bool {
        self.state.shutdown_requested.load(Ordering::SeqCst)
    }

    /// Recomputes the features' configuration from `nixty.toml` and the settings, hands it
    /// to the host and reports settings that could not be applied.
    async fn apply_settings(&self, settings: Settings) {
        let base = lock(&self.state.toml_config).clone();
        let (config, problems) = settings.to_analysis_config(&base);
        *lock(&self.state.settings) = settings;
        self.state.world().host.set_config(config);
        for problem in problems {
            self.client
                .show_message(MessageType::WARNING, problem)
                .await;
        }
    }

    async fn settings_from_json(&self, value: &Value) -> Settings {
        let (settings, problem) = Settings::from_json(value);
        if let Some(problem) = problem {
            self.client
                .show_message(MessageType::WARNING, problem)
                .await;
        }
        settings
    }

    /// Asks the client for the `nixty` section (when it supports `workspace/configuration`).
    async fn pull_settings(&self) -> Option<Settings> {
        if !lock(&self.state.client).configuration {
            return None;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("nixty".into()),
        }];
        // A client that never answers must not stall `initialized` (and indexing) forever.
        let answer = tokio::time::timeout(Duration::from_secs(5), self.client.configuration(items));
        match answer
            .await
            .unwrap_or_else(|_| Err(tower_lsp::jsonrpc::Error::internal_error()))
        {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or(Value::Null);
                if value.is_null() {
                    return None;
                }
                Some(self.settings_from_json(&value).await)
            }
            Err(e) => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("workspace/configuration failed: {e}"),
                    )
                    .await;
                None
            }
        }
    }

    fn read_nixty_toml(&self, roots: &[PathBuf]) -> Option<String> {
        for root in roots {
            let path = root.join("nixty.toml");
            if let Ok(text) = std::fs::read_to_string(&path) {
                return match DiagnosticsConfig::from_toml_str(&text) {
                    Ok(config) => {
                        *lock(&self.state.toml_config) = config;
                        None
                    }
                    Err(e) => Some(format!("{}: {e}", path.display())),
                };
            }
        }
        None
    }

    pub(crate) fn schedule_all_diagnostics(&self) {
        for uri in self.state.open_documents() {
            crate::diagnostics::schedule(self, uri, Duration::ZERO);
        }
    }
}

/// Drops a snapshot of the world before an edit on the blocking pool: it may hold the last
/// reference to the old text's analysis (a large tree), whose deallocation would otherwise
/// happen under the state lock, delaying every request.
fn retire(snapshot: nixty_ide::Analysis) {
    tokio::task::spawn_blocking(move || drop(snapshot));
}

fn client_flags(caps: &ClientCapabilities) -> ClientFlags {
    let text = caps.text_document.as_ref();
    let workspace = caps.workspace.as_ref();
    ClientFlags {
        configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        work_done_progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        watched_files_registration: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
        inlay_hint_refresh: workspace
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|h| h.refresh_support)
            .unwrap_or(false),
        hierarchical_symbols: text
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|s| s.hierarchical_document_symbol_support)
            .unwrap_or(false),
        markdown_hover: text
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .map(|formats| formats.contains(&MarkupKind::Markdown))
            .unwrap_or(false),
        folding_range_limit: text
            .and_then(|t| t.folding_range.as_ref())
            .and_then(|f| f.range_limit),
    }
}

fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().ok())
        .collect();
    #[allow(deprecated)]
    if roots.is_empty() {
        if let Some(path) = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()) {
            roots.push(path);
        } else if let Some(path) = params.root_path.as_ref() {
            roots.push(PathBuf::from(path));
        }
    }
    roots
}

#[tower_lsp::async_trait]
impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        if let Some(pid) = params.process_id {
            parent::watch(pid);
        }
        let flags = client_flags(&params.capabilities);
        let roots = workspace_roots(&params);
        if let Some(env) = self.env() {
            env.set_work_done_progress(flags.work_done_progress);
            env.set_workspace_root(roots.first().cloned());
        }
        *lock(&self.state.client) = flags;
        if let Some(problem) = self.read_nixty_toml(&roots) {
            self.client
                .show_message(MessageType::WARNING, problem)
                .await;
        }
        *lock(&self.state.roots) = roots;
        let settings = match &params.initialization_options {
            Some(value) => self.settings_from_json(value).await,
            None => Settings::default(),
        };
        self.apply_settings(settings).await;
        Ok(InitializeResult {
            capabilities: capabilities::server_capabilities(),
            server_info: Some(ServerInfo {
                name: "nixty".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if let Some(settings) = self.pull_settings().await {
            self.apply_settings(settings).await;
            self.schedule_all_diagnostics();
        }
        if lock(&self.state.client).watched_files_registration {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.nix".into()),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "nixty-watch-nix-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("could not watch *.nix files: {e}"),
                    )
                    .await;
            }
        }
        let roots = lock(&self.state.roots).clone();
        indexing::spawn(self, roots);
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutdown_requested.store(true, Ordering::SeqCst);
        if let Some(env) = self.env() {
            env.shutdown().await;
        }
        Ok(())
    }

    // Document sync: each notification applies its change to the world before its first
    // `.await`, so requests that arrive later always see it (tower-lsp polls handlers in
    // arrival order, but runs them concurrently).

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let path = convert::path_of_uri(&doc.uri);
        let refused = nixty_parse::decode_source(doc.text.as_bytes())
            .err()
            .map(|e| e.to_string());
        let retired = {
            let mut world = self.state.world();
            let retired = world.host.analysis();
            if refused.is_none() {
                world.host.set_file_text(&path, doc.text.as_str());
            } else if let Some(file) = world.host.file_id(&path) {
                world.host.remove_file(file);
            }
            world.docs.insert(
                doc.uri.clone(),
                OpenDocument {
                    version: doc.version,
                    text: doc.text,
                    path,
                    refused,
                },
            );
            retired
        };
        retire(retired);
        crate::diagnostics::schedule(self, doc.uri, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let applied = {
            let mut guard = self.state.world();
            let world = &mut *guard;
            match world.docs.get_mut(&uri) {
                None => Err(format!("didChange for {uri}, which is not open; ignored")),
                // An older version than ours: the client is confused; keep what we have.
                Some(doc) if params.text_document.version < doc.version => Err(format!(
                    "didChange for {uri} with version {} older than {}; ignored",
                    params.text_document.version, doc.version
                )),
                Some(doc) => {
                    let retired = world.host.analysis();
                    apply_changes(&mut doc.text, params.content_changes);
                    doc.version = params.text_document.version;
                    doc.refused = nixty_parse::decode_source(doc.text.as_bytes())
                        .err()
                        .map(|e| e.to_string());
                    if doc.refused.is_none() {
                        world.host.set_file_text(&doc.path, doc.text.as_str());
                    } else if let Some(file) = world.host.file_id(&doc.path) {
                        world.host.remove_file(file);
                    }
                    Ok(retired)
                }
            }
        };
        match applied {
            Ok(retired) => retire(retired),
            Err(message) => {
                self.client.log_message(MessageType::WARNING, message).await;
                return;
            }
        }
        for other in self.state.open_documents() {
            if other != uri {
                crate::diagnostics::schedule(self, other, DEPENDENTS_DEBOUNCE);
            }
        }
        let now = std::time::Instant::now();
        let in_burst = self
            .state
            .last_edit
            .insert(uri.clone(), now)
            .is_some_and(|previous| now.duration_since(previous) < DIAGNOSTICS_DEBOUNCE);
        let delay = if in_burst {
            DIAGNOSTICS_DEBOUNCE
        } else {
            Duration::ZERO
        };
        crate::diagnostics::schedule(self, uri, delay);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let in_workspace = |path: &std::path::Path| {
            lock(&self.state.roots)
                .iter()
                .any(|root| path.starts_with(root))
        };
        {
            let mut world = self.state.world();
            if let Some(doc) = world.docs.remove(&uri) {
                // A workspace file stays known with its text on disk; others are forgotten.
                let on_disk = in_workspace(&doc.path)
                    .then(|| std::fs::read(&doc.path).ok())
                    .flatten()
                    .and_then(|b| nixty_parse::decode_source(&b).ok().map(str::to_owned));
                match on_disk {
                    Some(text) => world.set_disk_file(&doc.path, text),
                    None => world.remove_disk_file(&doc.path),
                }
            }
        }
        self.state.diagnostics_generation.remove(&uri);
        self.state.diagnostics_runs.remove(&uri);
        self.state.last_edit.remove(&uri);
        self.state.published_diagnostics.remove(&uri);
        self.state
            .reported_limits
            .retain(|(_, reported)| *reported != uri);
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = if params.settings.is_null()
            || params.settings.as_object().is_some_and(|o| o.is_empty())
        {
            // The "pull" model: the notification only says something changed.
            self.pull_settings().await
        } else {
            Some(self.settings_from_json(&params.settings).await)
        };
        if let Some(settings) = settings {
            self.apply_settings(settings).await;
        }
        self.schedule_all_diagnostics();
        // Inlay hints may have been switched on or off: ask the client to fetch them again.
        if lock(&self.state.client).inlay_hint_refresh {
            let _ = self.client.inlay_hint_refresh().await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        indexing::apply_file_events(self, params.changes);
        self.schedule_all_diagnostics();
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let removed: Vec<PathBuf> = params
            .event
            .removed
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        let added: Vec<PathBuf> = params
            .event
            .added
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        {
            let mut roots = lock(&self.state.roots);
            roots.retain(|r| !removed.contains(r));
            roots.extend(added.iter().cloned());
        }
        indexing::forget_folders(self, &removed);
        indexing::spawn(self, added);
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        handlers::hover::hover(self, params).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        handlers::goto::definition(self, params).await
    }

    async fn goto_type_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        handlers::goto::type_definition(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        handlers::references::references(self, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        handlers::rename::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        handlers::rename::rename(self, params).await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        handlers::document_highlight::document_highlight(self, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        handlers::completion::completion(self, params).await
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        handlers::signature_help::signature_help(self, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        handlers::symbols::document_symbol(self, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<Vec<SymbolInformation>>> {
        handlers::symbols::workspace_symbol(self, params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        handlers::semantic_tokens::full(self, params).await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        handlers::semantic_tokens::range(self, params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        handlers::folding_ranges::folding_range(self, params).await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        handlers::selection_ranges::selection_range(self, params).await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        handlers::document_links::document_link(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        handlers::code_actions::code_action(self, params).await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        handlers::formatting::formatting(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        handlers::inlay_hints::inlay_hint(self, params).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        match self.env() {
            Some(env) if COMMANDS.contains(&params.command.as_str()) => {
                env.execute_command(params).await
            }
            _ => Err(crate::dispatch::invalid_params(format!(
                "unknown command `{}`; nixty handles: {}",
                params.command,
                COMMANDS.join(", ")
            ))),
        }
    }
}
