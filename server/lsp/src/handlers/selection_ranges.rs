use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::on_file;
use crate::convert;
use crate::server::Server;

pub(crate) async fn selection_range(
    server: &Server,
    params: SelectionRangeParams,
) -> Result<Option<Vec<SelectionRange>>> {
    on_file(
        server,
        "selection ranges",
        &params.text_document.uri,
        move |snap, index| {
            let offsets = params
                .positions
                .iter()
                .map(|&p| snap.offset(index, p))
                .collect::<Result<Vec<_>>>()?;
            let chains = snap.analysis.selection_ranges(snap.file, &offsets);
            // The spec wants one answer per position; an empty chain selects the cursor.
            let result = offsets
                .iter()
                .enumerate()
                .map(|(i, &offset)| {
                    let chain = chains.get(i).cloned().unwrap_or_default();
                    let mut parent: Option<Box<SelectionRange>> = None;
                    for range in chain.iter().rev() {
                        parent = Some(Box::new(SelectionRange {
                            range: convert::range(index, *range),
                            parent,
                        }));
                    }
                    match parent {
                        Some(innermost) => *innermost,
                        None => {
                            let cursor = convert::position(index, offset);
                            SelectionRange {
                                range: Range::new(cursor, cursor),
                                parent: None,
                            }
                        }
                    }
                })
                .collect();
            Ok(Some(result))
        },
    )
    .await
}
