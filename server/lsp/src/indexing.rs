//! Workspace indexing: every `*.nix` file under the workspace folders (honouring `.gitignore`)
//! is handed to the host in the background, with `$/progress`, so cross-file features and
//! workspace symbols see files the editor has not opened. File events keep it current.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp::lsp_types::notification::Progress;
use tower_lsp::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp::lsp_types::*;
use tower_lsp::Client;

use crate::server::Server;
use crate::state::{lock, State};

/// Stop indexing after this many files: a whole nixpkgs checkout would take several hundred
/// MB of text; the files opened in the editor are always analyzed.
const MAX_INDEXED_FILES: usize = 20_000;
/// Files handed to the host per lock acquisition, so edits never wait long behind indexing.
const BATCH: usize = 64;

fn read_nix_file(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    nixty_parse::decode_source(&bytes).ok().map(str::to_owned)
}

fn is_nix_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "nix")
}

fn nix_files(roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in roots {
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .follow_links(false)
            .build();
        for entry in walker.flatten() {
            if entry.file_type().is_some_and(|t| t.is_file()) && is_nix_file(entry.path()) {
                files.push(entry.into_path());
                if files.len() >= MAX_INDEXED_FILES {
                    return files;
                }
            }
        }
    }
    files
}

enum Event {
    Found(usize),
    Indexed(usize),
}

/// Indexes `roots` in the background; reports progress when the client supports it.
pub(crate) fn spawn(server: &Server, roots: Vec<PathBuf>) {
    if roots.is_empty() {
        return;
    }
    let state = server.state.clone();
    let client = server.client.clone();
    let progress = lock(&state.client).work_done_progress;
    tokio::spawn(async move {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let worker_state = state.clone();
        let worker = tokio::task::spawn_blocking(move || index(&worker_state, &roots, &tx));
        let token = NumberOrString::String("nixty/indexing".into());
        let progress = progress
            && client
                .send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                    token: token.clone(),
                })
                .await
                .is_ok();
        let mut total = 0;
        let mut began = false;
        while let Some(event) = rx.recv().await {
            match event {
                Event::Found(n) => {
                    total = n;
                    if progress {
                        began = true;
                        report(&client, &token, begin(total)).await;
                    }
                }
                Event::Indexed(done) if progress && total > 0 => {
                    let message = format!("{done}/{total} files");
                    let percentage = (done * 100 / total) as u32;
                    report(
                        &client,
                        &token,
                        WorkDoneProgress::Report(WorkDoneProgressReport {
                            cancellable: Some(false),
                            message: Some(message),
                            percentage: Some(percentage),
                        }),
                    )
                    .await;
                }
                Event::Indexed(_) => {}
            }
        }
        let _ = worker.await;
        if began {
            let end = WorkDoneProgress::End(WorkDoneProgressEnd {
                message: Some(format!("{total} Nix files indexed")),
            });
            report(&client, &token, end).await;
        }
        client
            .log_message(
                MessageType::INFO,
                format!("nixty: indexed {total} Nix files"),
            )
            .await;
        // Open documents may import files that were unknown until now.
        for uri in state.open_documents() {
            crate::diagnostics::schedule_on(&state, &client, uri);
        }
    });
}

fn begin(total: usize) -> WorkDoneProgress {
    WorkDoneProgress::Begin(WorkDoneProgressBegin {
        title: "Indexing Nix files".into(),
        cancellable: Some(false),
        message: Some(format!("0/{total} files")),
        percentage: Some(0),
    })
}

async fn report(client: &Client, token: &NumberOrString, value: WorkDoneProgress) {
    client
        .send_notification::<Progress>(ProgressParams {
            token: token.clone(),
            value: ProgressParamsValue::WorkDone(value),
        })
        .await;
}

fn index(state: &Arc<State>, roots: &[PathBuf], tx: &tokio::sync::mpsc::UnboundedSender<Event>) {
    let files = nix_files(roots);
    let _ = tx.send(Event::Found(files.len()));
    let mut done = 0;
    for chunk in files.chunks(BATCH) {
        let texts: Vec<(&PathBuf, String)> = chunk
            .iter()
            .filter_map(|p| Some((p, read_nix_file(p)?)))
            .collect();
        {
            let mut world = state.world();
            for (path, text) in texts {
                world.set_disk_file(path, text);
            }
        }
        done += chunk.len();
        let _ = tx.send(Event::Indexed(done));
    }
}

/// Applies `workspace/didChangeWatchedFiles`: files the editor has open keep the editor's text.
pub(crate) fn apply_file_events(server: &Server, changes: Vec<FileEvent>) {
    let updates: Vec<(PathBuf, Option<String>)> = changes
        .into_iter()
        .filter_map(|event| {
            let path = event.uri.to_file_path().ok()?;
            if !is_nix_file(&path) {
                return None;
            }
            let text = if event.typ == FileChangeType::DELETED {
                None
            } else {
                read_nix_file(&path)
            };
            Some((path, text))
        })
        .collect();
    let mut world = server.state.world();
    for (path, text) in updates {
        match text {
            Some(text) => world.set_disk_file(&path, text),
            None => world.remove_disk_file(&path),
        }
    }
}

/// Forgets the (unopened) files under removed workspace folders.
pub(crate) fn forget_folders(server: &Server, folders: &[PathBuf]) {
    if folders.is_empty() {
        return;
    }
    let mut world = server.state.world();
    let analysis = world.host.analysis();
    for file in analysis.files() {
        if let Some(path) = analysis.file_path(file) {
            if folders.iter().any(|f| path.starts_with(f)) {
                world.remove_disk_file(&path);
            }
        }
    }
}
