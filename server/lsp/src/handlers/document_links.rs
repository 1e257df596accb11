use nixty_ide::LinkTarget;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::on_file_limited;
use crate::convert;
use crate::limits::{truncate, MAX_LOCATIONS};
use crate::server::Server;

pub(crate) async fn document_link(
    server: &Server,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    on_file_limited(
        server,
        "document links",
        &params.text_document.uri,
        move |snap, index| {
            let links = snap.analysis.document_links(snap.file);
            let mut out: Vec<_> = links
                .into_iter()
                .filter_map(|link| {
                    let target = match link.target {
                        LinkTarget::File(path) => convert::uri_of_path(&path)?,
                        LinkTarget::Url(url) => Url::parse(&url).ok()?,
                    };
                    Some(DocumentLink {
                        range: convert::range(index, link.range),
                        target: Some(target),
                        tooltip: link.tooltip,
                        data: None,
                    })
                })
                .collect();
            let cut = truncate(&mut out, MAX_LOCATIONS, "document links");
            Ok(Some((out, cut)))
        },
    )
    .await
}
