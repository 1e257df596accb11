use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::on_file_limited;
use crate::convert;
use crate::limits::{truncate, MAX_INLAY_HINTS};
use crate::server::Server;

pub(crate) async fn inlay_hint(
    server: &Server,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    on_file_limited(
        server,
        "inlay hints",
        &params.text_document.uri,
        move |snap, index| {
            let range = convert::text_range(index, params.range)
                .map_err(crate::dispatch::invalid_params)?;
            let hints = snap.analysis.inlay_hints(snap.file, Some(range));
            let mut shown: Vec<_> = hints
                .into_iter()
                .map(|hint| InlayHint {
                    position: convert::position(index, hint.offset),
                    label: InlayHintLabel::String(hint.label),
                    kind: Some(match hint.kind {
                        nixty_ide::InlayHintKind::Type => InlayHintKind::TYPE,
                    }),
                    text_edits: None,
                    tooltip: None,
                    padding_left: None,
                    padding_right: None,
                    data: None,
                })
                .collect();
            let cut = truncate(&mut shown, MAX_INLAY_HINTS, "inlay hints");
            Ok(Some((shown, cut)))
        },
    )
    .await
}
