use nixty_ide::FilePosition;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::{on_file_limited, Targets};
use crate::limits::{truncate, MAX_LOCATIONS};
use crate::server::Server;

pub(crate) async fn references(
    server: &Server,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let position = params.text_document_position;
    let include_declaration = params.context.include_declaration;
    on_file_limited(
        server,
        "references",
        &position.text_document.uri,
        move |snap, index| {
            let offset = snap.offset(index, position.position)?;
            let references = snap.analysis.references(
                FilePosition {
                    file: snap.file,
                    offset,
                },
                include_declaration,
            );
            let mut files = Targets::new(&snap.analysis);
            let mut locations: Vec<_> = references
                .into_iter()
                .filter_map(|r| files.location(r.file, r.range))
                .collect();
            let cut = truncate(&mut locations, MAX_LOCATIONS, "references");
            Ok(Some((locations, cut)))
        },
    )
    .await
}
