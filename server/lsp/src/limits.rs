//! Output limits: no answer grows with the file without bound. Editors slow down or stall on
//! huge answers (and nobody reads 100 000 references); past a limit nixty sends the first items
//! in document order and says once per document and feature, in a `window/logMessage`
//! warning, what was cut and why. Completion says it in the answer (`isIncomplete`).
//! Diagnostics have their own note (`diagnostics::MAX_PUBLISHED`); document symbols stop at
//! `nixty_ide::MAX_DOCUMENT_SYMBOLS` (outer levels kept first, logged here too); workspace
//! symbols at 256 per query.

use tower_lsp::lsp_types::{MessageType, Url};

use crate::server::Server;

/// Semantic tokens per answer (full or range): about 2 MB of JSON, a 2 MB file of Nix.
pub(crate) const MAX_SEMANTIC_TOKENS: usize = 100_000;
/// Folding ranges per document (VS Code's own default limit); lower if the client asks.
pub(crate) const MAX_FOLDING_RANGES: usize = 5_000;
/// Inlay hints per answer.
pub(crate) const MAX_INLAY_HINTS: usize = 5_000;
/// References, document highlights and document links per answer.
pub(crate) const MAX_LOCATIONS: usize = 10_000;
/// Completion items per answer (the rest come as the user types more: `isIncomplete`).
pub(crate) const MAX_COMPLETIONS: usize = 1_000;

/// What a limit cut from an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cut {
    /// What the items are ("semantic tokens", "references", …).
    pub what: &'static str,
    pub total: usize,
    /// `total` is a lower bound (counting stopped).
    pub at_least: bool,
    pub kept: usize,
    /// Which ones are kept.
    pub order: &'static str,
}

/// The cut of an outline: `found` symbols (as counted by ide, which stops counting at 4 times
/// the limit), `kept` sent.
pub(crate) fn symbols_cut(found: Option<usize>, kept: usize) -> Option<Cut> {
    found.map(|total| Cut {
        what: "document symbols",
        total,
        at_least: total >= 4 * kept,
        kept,
        order: "outer levels first",
    })
}

/// Keeps the first `max` items; says what was cut, if anything.
pub(crate) fn truncate<T>(items: &mut Vec<T>, max: usize, what: &'static str) -> Option<Cut> {
    let total = items.len();
    if total <= max {
        return None;
    }
    items.truncate(max);
    Some(Cut {
        what,
        total,
        at_least: false,
        kept: max,
        order: "in document order",
    })
}

/// The warning for a cut answer.
pub(crate) fn message(uri: &Url, cut: &Cut) -> String {
    format!(
        "nixty: {uri} has {}{} {what}; only the first {} ({order}) are sent, because editors \
         slow down on more. Split the file to get all of them.",
        if cut.at_least { "at least " } else { "" },
        cut.total,
        cut.kept,
        what = cut.what,
        order = cut.order,
    )
}

/// Logs a cut, once per document and kind of item (answers are requested again on every edit).
pub(crate) async fn report(server: &Server, uri: &Url, cut: Option<Cut>) {
    let Some(cut) = cut else {
        return;
    };
    if server.state.reported_limits.insert((cut.what, uri.clone())) {
        server
            .client
            .log_message(MessageType::WARNING, message(uri, &cut))
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_keeps_the_first_items_and_counts_the_rest() {
        let mut items: Vec<u32> = (0..10).collect();
        assert_eq!(truncate(&mut items, 10, "things"), None);
        assert_eq!(items.len(), 10);
        let cut = truncate(&mut items, 3, "things");
        assert_eq!(items, [0, 1, 2]);
        let cut = cut.unwrap();
        assert_eq!((cut.total, cut.kept), (10, 3));
        let uri = Url::parse("file:///a.nix").unwrap();
        assert_eq!(
            message(&uri, &cut),
            "nixty: file:///a.nix has 10 things; only the first 3 (in document order) are sent, \
             because editors slow down on more. Split the file to get all of them."
        );
    }
}
