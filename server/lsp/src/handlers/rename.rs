use nixty_ide::FilePosition;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::{on_file, Targets};
use crate::convert;
use crate::dispatch::request_failed;
use crate::server::Server;

pub(crate) async fn prepare_rename(
    server: &Server,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    on_file(
        server,
        "prepare rename",
        &params.text_document.uri,
        move |snap, index| {
            let offset = snap.offset(index, params.position)?;
            match snap.analysis.prepare_rename(FilePosition {
                file: snap.file,
                offset,
            }) {
                Ok(range) => Ok(Some(PrepareRenameResponse::Range(convert::range(
                    index, range,
                )))),
                // The spec: an error with a reason the client shows to the user.
                Err(e) => Err(request_failed(e)),
            }
        },
    )
    .await
}

pub(crate) async fn rename(server: &Server, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let position = params.text_document_position;
    let new_name = params.new_name;
    on_file(
        server,
        "rename",
        &position.text_document.uri,
        move |snap, index| {
            let offset = snap.offset(index, position.position)?;
            let change = snap
                .analysis
                .rename(
                    FilePosition {
                        file: snap.file,
                        offset,
                    },
                    &new_name,
                )
                .map_err(request_failed)?;
            Ok(Some(Targets::new(&snap.analysis).workspace_edit(change)))
        },
    )
    .await
}
