use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::{on_file, text_edits};
use crate::dispatch::request_failed;
use crate::server::Server;

pub(crate) async fn formatting(
    server: &Server,
    params: DocumentFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    on_file(
        server,
        "formatting",
        &params.text_document.uri,
        move |snap, index| {
            let edits = snap.analysis.format(snap.file).map_err(request_failed)?;
            Ok(Some(text_edits(index, edits)))
        },
    )
    .await
}
