//! Publishing diagnostics: debounced after edits, computed on a snapshot off the async
//! threads, tagged with the document version they were computed for, dropped when stale.

use std::sync::Arc;
use std::time::Duration;

use nixty_ide::Severity;
use tower_lsp::lsp_types::{self as lsp, DiagnosticSeverity, NumberOrString, Url};
use tower_lsp::Client;

use crate::convert;
use crate::dispatch::run_blocking;
use crate::server::Server;
use crate::state::State;

/// Computes and publishes the diagnostics of `uri` after `delay`, unless another run for the
/// same document is scheduled meanwhile (only the newest one runs).
pub(crate) fn schedule(server: &Server, uri: Url, delay: Duration) {
    schedule_with(&server.state, &server.client, uri, delay);
}

/// [`schedule`] without delay, for callers that hold the state rather than the server.
pub(crate) fn schedule_on(state: &Arc<State>, client: &Client, uri: Url) {
    schedule_with(state, client, uri, Duration::ZERO);
}

fn schedule_with(state: &Arc<State>, client: &Client, uri: Url, delay: Duration) {
    let generation = {
        let mut entry = state.diagnostics_generation.entry(uri.clone()).or_insert(0);
        *entry += 1;
        *entry
    };
    let state = state.clone();
    let client = client.clone();
    tokio::spawn(async move {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let is_latest = || state.diagnostics_generation.get(&uri).map(|g| *g) == Some(generation);
        if !is_latest() {
            return;
        }
        // One run per document at a time: a run still computing an older version finishes
        // first (it cannot be interrupted), then only the newest waiting run goes on.
        let run = state
            .diagnostics_runs
            .entry(uri.clone())
            .or_default()
            .clone();
        let _running = run.lock().await;
        if !is_latest() {
            return;
        }
        let open = state
            .world()
            .docs
            .get(&uri)
            .map(|doc| (doc.version, doc.refused.clone()));
        let Some((version, refused)) = open else {
            // Not open: only the environments extension has something to say.
            let env = state.env_diagnostics(&uri);
            client.publish_diagnostics(uri, env, None).await;
            return;
        };
        let diagnostics = match refused {
            Some(reason) => vec![lsp::Diagnostic {
                range: lsp::Range::default(),
                severity: Some(DiagnosticSeverity::WARNING),
                code: Some(NumberOrString::String("file-refused".into())),
                source: Some("nixty".into()),
                message: format!("{reason}; nixty does not analyze this file"),
                ..lsp::Diagnostic::default()
            }],
            None => {
                let Some(snapshot) = state.file_snapshot(&uri) else {
                    return;
                };
                if snapshot.version != Some(version) {
                    return;
                }
                let computed = run_blocking("diagnostics", move || {
                    let Some(index) = snapshot.line_index() else {
                        return Ok(Vec::new());
                    };
                    let all = snapshot.analysis.diagnostics(snapshot.file);
                    Ok(limit(all.len(), all.into_iter().map(|d| to_lsp(&index, d))))
                })
                .await;
                match computed {
                    Ok(diagnostics) => diagnostics,
                    Err(e) => {
                        client
                            .log_message(lsp::MessageType::ERROR, e.message.to_string())
                            .await;
                        return;
                    }
                }
            }
        };
        release_memory_when_idle(&state, &uri, generation);
        let mut diagnostics = diagnostics;
        diagnostics.extend(state.env_diagnostics(&uri));
        // Stale: the document changed while we computed; the newer run publishes.
        if state.current_version(&uri) != Some(version) || !is_latest() {
            return;
        }
        // Re-runs for other files' edits mostly find nothing new: don't repeat ourselves.
        let published = (Some(version), diagnostics.clone());
        if state.published_diagnostics.get(&uri).as_deref() == Some(&published) {
            return;
        }
        state.published_diagnostics.insert(uri.clone(), published);
        client
            .publish_diagnostics(uri, diagnostics, Some(version))
            .await;
    });
}

/// How long after an analysis, with no newer edit, the memory it freed is given back.
const IDLE_BEFORE_RELEASE: Duration = Duration::from_secs(1);

/// Once typing pauses, gives the memory that analyses freed (scratch data, old versions) back
/// to the system: about 18 MB after analyzing a 630 kB file. Not after every analysis: the next
/// one would fault those pages in again (~8 % of an edit's CPU).
fn release_memory_when_idle(state: &Arc<State>, uri: &Url, generation: u64) {
    let state = state.clone();
    let uri = uri.clone();
    tokio::spawn(async move {
        tokio::time::sleep(IDLE_BEFORE_RELEASE).await;
        if state.diagnostics_generation.get(&uri).map(|g| *g) == Some(generation) {
            tokio::task::spawn_blocking(nixty_ide::release_free_memory);
        }
    });
}

/// At most this many diagnostics are published per file: editors slow down on more, and
/// nobody reads them; `nixty check` lists them all.
pub(crate) const MAX_PUBLISHED: usize = 1000;

/// The first [`MAX_PUBLISHED`] diagnostics (errors before warnings, each in position order),
/// and a note saying how many were left out.
fn limit(total: usize, diagnostics: impl Iterator<Item = lsp::Diagnostic>) -> Vec<lsp::Diagnostic> {
    let mut out: Vec<lsp::Diagnostic> = diagnostics.collect();
    if total <= MAX_PUBLISHED {
        return out;
    }
    // Stable: position order is kept within each severity.
    out.sort_by_key(|d| {
        d.severity.map_or(4, |s| match s {
            DiagnosticSeverity::ERROR => 0,
            DiagnosticSeverity::WARNING => 1,
            DiagnosticSeverity::INFORMATION => 2,
            _ => 3,
        })
    });
    out.truncate(MAX_PUBLISHED);
    out.push(lsp::Diagnostic {
        range: lsp::Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String("too-many-diagnostics".into())),
        source: Some("nixty".into()),
        message: format!(
            "{} more diagnostics not shown: nixty shows at most {MAX_PUBLISHED} per file \
             (`nixty check FILE` lists them all)",
            total - MAX_PUBLISHED
        ),
        ..lsp::Diagnostic::default()
    });
    out
}

pub(crate) fn to_lsp(index: &nixty_ide::LineIndex, d: nixty_ide::Diagnostic) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: convert::range(index, d.range),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code)),
        source: Some("nixty".into()),
        message: d.message,
        ..lsp::Diagnostic::default()
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}
