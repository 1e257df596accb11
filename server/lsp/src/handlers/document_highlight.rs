use nixty_ide::{FilePosition, HighlightKind};
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::on_file_limited;
use crate::convert;
use crate::limits::{truncate, MAX_LOCATIONS};
use crate::server::Server;

pub(crate) async fn document_highlight(
    server: &Server,
    params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    let position = params.text_document_position_params;
    on_file_limited(
        server,
        "document highlight",
        &position.text_document.uri,
        move |snap, index| {
            let offset = snap.offset(index, position.position)?;
            let highlights = snap.analysis.document_highlight(FilePosition {
                file: snap.file,
                offset,
            });
            let mut ranges: Vec<_> = highlights
                .into_iter()
                .map(|h| DocumentHighlight {
                    range: convert::range(index, h.range),
                    kind: Some(match h.kind {
                        HighlightKind::Write => DocumentHighlightKind::WRITE,
                        HighlightKind::Read => DocumentHighlightKind::READ,
                    }),
                })
                .collect();
            let cut = truncate(&mut ranges, MAX_LOCATIONS, "highlighted ranges");
            Ok(Some((ranges, cut)))
        },
    )
    .await
}
