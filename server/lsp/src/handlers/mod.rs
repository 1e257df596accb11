//! One module per LSP feature: convert the request to byte offsets, call the `ide` function
//! on a snapshot (off the async threads), convert the plain data back to LSP.

pub(crate) mod code_actions;
pub(crate) mod completion;
pub(crate) mod document_highlight;
pub(crate) mod document_links;
pub(crate) mod folding_ranges;
pub(crate) mod formatting;
pub(crate) mod goto;
pub(crate) mod hover;
pub(crate) mod inlay_hints;
pub(crate) mod references;
pub(crate) mod rename;
pub(crate) mod selection_ranges;
pub(crate) mod semantic_tokens;
pub(crate) mod signature_help;
pub(crate) mod symbols;

use std::collections::HashMap;
use std::sync::Arc;

use nixty_ide::{Analysis, FileId, LineIndex, SourceChange, TextRange};
use tower_lsp::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp::lsp_types::{self as lsp, Url};

use crate::convert;
use crate::dispatch::run_blocking;
use crate::limits::Cut;
use crate::server::Server;
use crate::state::FileSnapshot;

/// Runs `compute` on a snapshot of the file of `uri`. Documents nixty does not know (never
/// opened, not in the workspace) or refused to analyze answer `null`. A result computed for a
/// version the editor has since changed answers `ContentModified`, as the spec asks.
pub(crate) async fn on_file<T, F>(
    server: &Server,
    feature: &'static str,
    uri: &Url,
    compute: F,
) -> Result<Option<T>>
where
    T: Send + 'static,
    F: FnOnce(&FileSnapshot, &LineIndex) -> Result<Option<T>> + Send + 'static,
{
    let Some(snapshot) = server.state.file_snapshot(uri) else {
        return Ok(None);
    };
    let version = snapshot.version;
    let result = run_blocking(feature, move || {
        let Some(index) = snapshot.line_index() else {
            return Ok(None);
        };
        compute(&snapshot, &index)
    })
    .await?;
    if version.is_some() && server.state.current_version(uri) != version {
        return Err(Error {
            code: ErrorCode::ContentModified,
            message: format!("{uri} changed while nixty computed {feature}").into(),
            data: None,
        });
    }
    Ok(result)
}

/// [`on_file`] for answers that a limit may cut (see `limits`): `compute` says what it cut,
/// and the cut is logged once per document.
pub(crate) async fn on_file_limited<T, F>(
    server: &Server,
    feature: &'static str,
    uri: &Url,
    compute: F,
) -> Result<Option<T>>
where
    T: Send + 'static,
    F: FnOnce(&FileSnapshot, &LineIndex) -> Result<Option<(T, Option<Cut>)>> + Send + 'static,
{
    let Some((answer, cut)) = on_file(server, feature, uri, compute).await? else {
        return Ok(None);
    };
    crate::limits::report(server, uri, cut).await;
    Ok(Some(answer))
}

/// Line indexes and URIs of the files a result points into, looked up once per file.
pub(crate) struct Targets<'a> {
    analysis: &'a Analysis,
    files: HashMap<FileId, Option<(Arc<LineIndex>, Url)>>,
}

impl<'a> Targets<'a> {
    pub fn new(analysis: &'a Analysis) -> Targets<'a> {
        Targets {
            analysis,
            files: HashMap::new(),
        }
    }

    fn file(&mut self, file: FileId) -> Option<&(Arc<LineIndex>, Url)> {
        let analysis = self.analysis;
        self.files
            .entry(file)
            .or_insert_with(|| {
                let index = analysis.line_index(file)?;
                let uri = convert::uri_of_path(&analysis.file_path(file)?)?;
                Some((index, uri))
            })
            .as_ref()
    }

    pub fn location(&mut self, file: FileId, range: TextRange) -> Option<lsp::Location> {
        let (index, uri) = self.file(file)?;
        Some(lsp::Location::new(
            uri.clone(),
            convert::range(index, range),
        ))
    }

    /// A multi-file change as a `WorkspaceEdit` (`changes` form, which every client accepts).
    pub fn workspace_edit(&mut self, change: SourceChange) -> lsp::WorkspaceEdit {
        let mut changes: HashMap<Url, Vec<lsp::TextEdit>> = HashMap::new();
        for file_edit in change.files {
            let Some((index, uri)) = self.file(file_edit.file) else {
                continue;
            };
            let edits = text_edits(index, file_edit.edits);
            changes.entry(uri.clone()).or_default().extend(edits);
        }
        lsp::WorkspaceEdit {
            changes: Some(changes),
            ..lsp::WorkspaceEdit::default()
        }
    }
}

pub(crate) fn text_edits(index: &LineIndex, edits: Vec<nixty_ide::TextEdit>) -> Vec<lsp::TextEdit> {
    edits
        .into_iter()
        .map(|e| lsp::TextEdit::new(convert::range(index, e.range), e.new_text))
        .collect()
}

pub(crate) fn symbol_kind(kind: nixty_ide::SymbolKind) -> lsp::SymbolKind {
    use nixty_ide::SymbolKind as K;
    match kind {
        K::Function => lsp::SymbolKind::FUNCTION,
        K::Object => lsp::SymbolKind::OBJECT,
        K::Variable => lsp::SymbolKind::VARIABLE,
        K::Field => lsp::SymbolKind::FIELD,
        K::String => lsp::SymbolKind::STRING,
        K::Number => lsp::SymbolKind::NUMBER,
        K::Boolean => lsp::SymbolKind::BOOLEAN,
        K::Array => lsp::SymbolKind::ARRAY,
        K::Null => lsp::SymbolKind::NULL,
        K::Inherited => lsp::SymbolKind::PROPERTY,
    }
}
