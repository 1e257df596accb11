use nixty_ide::{FilePosition, NavigationTarget};
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::{on_file, Targets};
use crate::server::Server;

pub(crate) async fn definition(
    server: &Server,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    navigate(server, "goto definition", params, |a, p| {
        a.goto_definition(p)
    })
    .await
}

pub(crate) async fn type_definition(
    server: &Server,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    navigate(server, "goto type definition", params, |a, p| {
        a.goto_type_definition(p)
    })
    .await
}

async fn navigate(
    server: &Server,
    feature: &'static str,
    params: GotoDefinitionParams,
    find: fn(&nixty_ide::Analysis, FilePosition) -> Vec<NavigationTarget>,
) -> Result<Option<GotoDefinitionResponse>> {
    let position = params.text_document_position_params;
    on_file(
        server,
        feature,
        &position.text_document.uri,
        move |snap, index| {
            let offset = snap.offset(index, position.position)?;
            let targets = find(
                &snap.analysis,
                FilePosition {
                    file: snap.file,
                    offset,
                },
            );
            if targets.is_empty() {
                return Ok(None);
            }
            // Plain locations of the names work in every client, with link support or not.
            let mut files = Targets::new(&snap.analysis);
            let locations: Vec<Location> = targets
                .into_iter()
                .filter_map(|t| files.location(t.file, t.focus_range))
                .collect();
            Ok(Some(GotoDefinitionResponse::Array(locations)))
        },
    )
    .await
}
