use nixty_ide::{LineIndex, SemanticTokenKind, TextRange, TextSize};
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;

use super::on_file_limited;
use crate::convert;
use crate::limits::{truncate, MAX_SEMANTIC_TOKENS};
use crate::server::Server;

pub(crate) async fn full(
    server: &Server,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    on_file_limited(
        server,
        "semantic tokens",
        &params.text_document.uri,
        move |snap, index| {
            let mut tokens = snap.analysis.semantic_tokens(snap.file, None);
            let cut = truncate(&mut tokens, MAX_SEMANTIC_TOKENS, "semantic tokens");
            let text = snap.analysis.file_text(snap.file).unwrap_or_default();
            let encoded = SemanticTokensResult::Tokens(encode(index, &text, &tokens));
            Ok(Some((encoded, cut)))
        },
    )
    .await
}

pub(crate) async fn range(
    server: &Server,
    params: SemanticTokensRangeParams,
) -> Result<Option<SemanticTokensRangeResult>> {
    on_file_limited(
        server,
        "semantic tokens",
        &params.text_document.uri,
        move |snap, index| {
            let range = convert::text_range(index, params.range)
                .map_err(crate::dispatch::invalid_params)?;
            let mut tokens = snap.analysis.semantic_tokens(snap.file, Some(range));
            let cut = truncate(&mut tokens, MAX_SEMANTIC_TOKENS, "semantic tokens");
            let text = snap.analysis.file_text(snap.file).unwrap_or_default();
            let encoded = SemanticTokensRangeResult::Tokens(encode(index, &text, &tokens));
            Ok(Some((encoded, cut)))
        },
    )
    .await
}

fn kind_index(kind: SemanticTokenKind) -> u32 {
    SemanticTokenKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0) as u32
}

/// The LSP encoding: per token, line and start deltas from the previous token, length and
/// types in UTF-16. Tokens spanning lines are split, since clients need not support them.
pub(crate) fn encode(
    index: &LineIndex,
    text: &str,
    tokens: &[nixty_ide::SemanticToken],
) -> SemanticTokens {
    let mut data = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for token in tokens {
        for piece in split_lines(text, token.range) {
            let start = convert::position(index, piece.start());
            let Some(piece_text) = text.get(std::ops::Range::<usize>::from(piece)) else {
                continue;
            };
            let length = convert::utf16_len(piece_text.trim_end_matches(['\r', '\n']));
            if length == 0 {
                continue;
            }
            let delta_line = start.line - prev_line;
            let delta_start = if delta_line == 0 {
                start.character - prev_start
            } else {
                start.character
            };
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length,
                token_type: kind_index(token.kind),
                token_modifiers_bitset: token.modifiers,
            });
            (prev_line, prev_start) = (start.line, start.character);
        }
    }
    SemanticTokens {
        result_id: None,
        data,
    }
}

fn split_lines(text: &str, range: TextRange) -> Vec<TextRange> {
    let Some(slice) = text.get(std::ops::Range::<usize>::from(range)) else {
        return Vec::new();
    };
    let mut pieces = Vec::new();
    let mut start = range.start();
    for line in slice.split_inclusive('\n') {
        let end = start + TextSize::of(line);
        pieces.push(TextRange::new(start, end));
        start = end;
    }
    pieces
}
