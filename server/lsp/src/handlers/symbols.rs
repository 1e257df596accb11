use nixty_ide::LineIndex;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::{on_file_limited, symbol_kind, Targets};
use crate::convert;
use crate::dispatch::run_blocking;
use crate::limits::symbols_cut;
use crate::server::Server;
use crate::state::lock;

/// At most this many workspace symbols per query.
const WORKSPACE_SYMBOL_LIMIT: usize = 256;

pub(crate) async fn document_symbol(
    server: &Server,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let uri = params.text_document.uri;
    let hierarchical = lock(&server.state.client).hierarchical_symbols;
    let flat_uri = uri.clone();
    on_file_limited(server, "document symbols", &uri, move |snap, index| {
        let (symbols, found) = snap.analysis.document_symbols_counted(snap.file);
        let cut = symbols_cut(found, nixty_ide::MAX_DOCUMENT_SYMBOLS);
        if hierarchical {
            let nested = symbols.into_iter().map(|s| nested(index, s)).collect();
            Ok(Some((DocumentSymbolResponse::Nested(nested), cut)))
        } else {
            let mut flat = Vec::new();
            flatten(index, &flat_uri, symbols, None, &mut flat);
            Ok(Some((DocumentSymbolResponse::Flat(flat), cut)))
        }
    })
    .await
}

#[allow(deprecated)] // `deprecated` is a required field of the struct literal.
fn nested(index: &LineIndex, symbol: nixty_ide::DocumentSymbol) -> DocumentSymbol {
    DocumentSymbol {
        name: non_empty(symbol.name),
        detail: symbol.detail,
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: convert::range(index, symbol.full_range),
        selection_range: convert::range(index, symbol.focus_range),
        children: (!symbol.children.is_empty()).then(|| {
            symbol
                .children
                .into_iter()
                .map(|c| nested(index, c))
                .collect()
        }),
    }
}

#[allow(deprecated)]
fn flatten(
    index: &LineIndex,
    uri: &Url,
    symbols: Vec<nixty_ide::DocumentSymbol>,
    container: Option<&str>,
    out: &mut Vec<SymbolInformation>,
) {
    for symbol in symbols {
        out.push(SymbolInformation {
            name: non_empty(symbol.name.clone()),
            kind: symbol_kind(symbol.kind),
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), convert::range(index, symbol.focus_range)),
            container_name: container.map(str::to_owned),
        });
        flatten(index, uri, symbol.children, Some(&symbol.name), out);
    }
}

/// VS Code rejects symbols with an empty name.
fn non_empty(name: String) -> String {
    if name.is_empty() {
        "<anonymous>".into()
    } else {
        name
    }
}

#[allow(deprecated)]
pub(crate) async fn workspace_symbol(
    server: &Server,
    params: WorkspaceSymbolParams,
) -> Result<Option<Vec<SymbolInformation>>> {
    let analysis = server.state.analysis();
    run_blocking("workspace symbols", move || {
        let symbols = analysis.workspace_symbols(&params.query, WORKSPACE_SYMBOL_LIMIT);
        let mut files = Targets::new(&analysis);
        Ok(Some(
            symbols
                .into_iter()
                .filter_map(|s| {
                    Some(SymbolInformation {
                        name: non_empty(s.name),
                        kind: symbol_kind(s.kind),
                        tags: None,
                        deprecated: None,
                        location: files.location(s.file, s.focus_range)?,
                        container_name: s.container_name,
                    })
                })
                .collect(),
        ))
    })
    .await
}
