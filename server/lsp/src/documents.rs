//! Open documents: the editor's text and version, with incremental edits applied in order.

use std::path::PathBuf;

use nixty_ide::LineIndex;
use tower_lsp::lsp_types::TextDocumentContentChangeEvent;

use crate::convert;

pub(crate) struct OpenDocument {
    pub version: i32,
    pub text: String,
    /// The host's key for this document (see `convert::path_of_uri`).
    pub path: PathBuf,
    /// Why the text is not analyzed (too large, binary), shown as its only diagnostic.
    pub refused: Option<String>,
}

/// Applies `didChange` content changes in order; each range refers to the text left by the
/// previous change. Ranges past the end clamp to the end, reversed ranges are swapped.
pub(crate) fn apply_changes(text: &mut String, changes: Vec<TextDocumentContentChangeEvent>) {
    let mut index: Option<LineIndex> = None;
    for change in changes {
        let Some(range) = change.range else {
            *text = change.text;
            index = None;
            continue;
        };
        let line_index = index.get_or_insert_with(|| LineIndex::new(text));
        let start = usize::from(convert::offset_clamped(line_index, range.start));
        let end = usize::from(convert::offset_clamped(line_index, range.end));
        let (start, end) = (start.min(end), start.max(end));
        text.replace_range(start..end, &change.text);
        index = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::{Position, Range};

    fn change(range: ((u32, u32), (u32, u32)), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(range.0 .0, range.0 .1),
                Position::new(range.1 .0, range.1 .1),
            )),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn changes_apply_in_order_on_the_text_left_by_the_previous_one() {
        let mut text = "let a = 1;\nin a\n".to_string();
        apply_changes(
            &mut text,
            vec![
                change(((0, 4), (0, 5)), "abc"),
                change(((1, 3), (1, 4)), "abc"),
                change(((2, 0), (2, 0)), "# end\n"),
            ],
        );
        assert_eq!(text, "let abc = 1;\nin abc\n# end\n");
    }

    #[test]
    fn positions_are_utf16_and_never_split_a_character() {
        let mut text = "\"é😀\" x".to_string();
        // Columns: `"`=0 `é`=1 `😀`=2..4 `"`=4 ` `=5 `x`=6.
        apply_changes(&mut text, vec![change(((0, 6), (0, 7)), "y")]);
        assert_eq!(text, "\"é😀\" y");
        apply_changes(&mut text, vec![change(((0, 3), (0, 3)), "!")]);
        assert_eq!(text, "\"é!😀\" y");
    }

    #[test]
    fn a_full_text_change_replaces_everything_and_out_of_range_clamps() {
        let mut text = "old".to_string();
        apply_changes(
            &mut text,
            vec![
                TextDocumentContentChangeEvent {
                    range: None,
                    range_length: None,
                    text: "new\r\n".to_string(),
                },
                change(((9, 0), (9, 9)), "tail"),
            ],
        );
        assert_eq!(text, "new\r\ntail");
    }
}
