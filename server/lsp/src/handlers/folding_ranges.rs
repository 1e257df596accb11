use nixty_ide::FoldKind;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::on_file_limited;
use crate::convert;
use crate::limits::{truncate, MAX_FOLDING_RANGES};
use crate::server::Server;
use crate::state::lock;

pub(crate) async fn folding_range(
    server: &Server,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    // The client may ask for fewer (`rangeLimit`).
    let max = lock(&server.state.client)
        .folding_range_limit
        .map_or(MAX_FOLDING_RANGES, |limit| {
            MAX_FOLDING_RANGES.min(limit as usize)
        });
    on_file_limited(
        server,
        "folding ranges",
        &params.text_document.uri,
        move |snap, index| {
            let ranges = snap.analysis.folding_ranges(snap.file);
            let mut folds: Vec<FoldingRange> = ranges
                .into_iter()
                .filter_map(|fold| {
                    let range = convert::range(index, fold.range);
                    // Lines only: a fold on one line folds nothing.
                    (range.end.line > range.start.line).then_some(FoldingRange {
                        start_line: range.start.line,
                        start_character: None,
                        end_line: range.end.line,
                        end_character: None,
                        kind: Some(match fold.kind {
                            FoldKind::Comment => FoldingRangeKind::Comment,
                            FoldKind::Region => FoldingRangeKind::Region,
                        }),
                        collapsed_text: None,
                    })
                })
                .collect();
            let cut = truncate(&mut folds, max, "folding ranges");
            Ok(Some((folds, cut)))
        },
    )
    .await
}
