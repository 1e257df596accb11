//! Conversions between nixty's plain data (byte offsets, paths) and LSP's (UTF-16 positions,
//! URIs). Nothing else in nixty knows that LSP counts columns in UTF-16 code units.

use std::path::{Path, PathBuf};

use nixty_ide::{LineIndex, TextRange, TextSize};
use nixty_parse::WideLineCol;
use tower_lsp::lsp_types::{Position, Range, Url};

/// A position the document does not have (a line past its end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PositionOutOfRange {
    pub position: Position,
    pub line_count: u32,
}

impl std::fmt::Display for PositionOutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "position {}:{} is outside the document, which has {} lines",
            self.position.line, self.position.character, self.line_count
        )
    }
}

/// The byte offset of an LSP position. A column past the end of its line means the line's end
/// (as the spec says); a line past the end of the document is an error.
pub(crate) fn offset(
    index: &LineIndex,
    position: Position,
) -> Result<TextSize, PositionOutOfRange> {
    let line_col = index.to_utf8(WideLineCol {
        line: position.line,
        col: position.character,
    });
    index.offset(line_col).ok_or(PositionOutOfRange {
        position,
        line_count: index.line_count(),
    })
}

/// Like [`offset`], but a line past the end means the end of the document: for edits, where
/// clients sometimes address "the line after the last one".
pub(crate) fn offset_clamped(index: &LineIndex, position: Position) -> TextSize {
    offset(index, position).unwrap_or(index.len())
}

pub(crate) fn text_range(index: &LineIndex, range: Range) -> Result<TextRange, PositionOutOfRange> {
    let start = offset(index, range.start)?;
    let end = offset(index, range.end)?;
    Ok(TextRange::new(start.min(end), start.max(end)))
}

pub(crate) fn position(index: &LineIndex, offset: TextSize) -> Position {
    let wide = index.to_wide(index.line_col(offset));
    Position::new(wide.line, wide.col)
}

pub(crate) fn range(index: &LineIndex, range: TextRange) -> Range {
    Range::new(position(index, range.start()), position(index, range.end()))
}

/// The length of `text` in UTF-16 code units.
pub(crate) fn utf16_len(text: &str) -> u32 {
    text.chars().map(|c| c.len_utf16() as u32).sum()
}

/// Documents that are not files (`untitled:…`) live under this pseudo-directory in the host,
/// with their whole URI as the rest of the path, so the mapping is reversible without a table.
const VIRTUAL_ROOT: &str = "/.nixty-virtual/";

/// The host's key for a document: its file path, or a virtual path for other URI schemes.
pub(crate) fn path_of_uri(uri: &Url) -> PathBuf {
    if uri.scheme() == "file" {
        if let Ok(path) = uri.to_file_path() {
            return path;
        }
    }
    PathBuf::from(format!("{VIRTUAL_ROOT}{uri}"))
}

pub(crate) fn uri_of_path(path: &Path) -> Option<Url> {
    if let Some(rest) = path.to_str().and_then(|p| p.strip_prefix(VIRTUAL_ROOT)) {
        return Url::parse(rest).ok();
    }
    Url::from_file_path(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_round_trip_through_non_ascii_text() {
        // `é` is 2 bytes / 1 UTF-16 unit, `😀` is 4 bytes / 2 units.
        let text = "let s = \"é😀\"; name = 1;\nin name\n";
        let index = LineIndex::new(text);
        let name_byte = text.find("name").unwrap() as u32;
        let pos = position(&index, TextSize::from(name_byte));
        assert_eq!(pos, Position::new(0, 15));
        assert_eq!(offset(&index, pos), Ok(TextSize::from(name_byte)));
    }

    #[test]
    fn a_column_inside_a_surrogate_pair_snaps_before_the_character() {
        let index = LineIndex::new("\"😀x\"");
        assert_eq!(offset(&index, Position::new(0, 2)), Ok(TextSize::from(1)));
        assert_eq!(offset(&index, Position::new(0, 3)), Ok(TextSize::from(5)));
    }

    #[test]
    fn columns_past_the_line_end_clamp_and_lines_past_the_end_are_errors() {
        let index = LineIndex::new("ab\ncd");
        assert_eq!(offset(&index, Position::new(0, 99)), Ok(TextSize::from(2)));
        assert_eq!(
            offset(&index, Position::new(5, 0)),
            Err(PositionOutOfRange {
                position: Position::new(5, 0),
                line_count: 2
            })
        );
        assert_eq!(
            offset_clamped(&index, Position::new(5, 0)),
            TextSize::from(5)
        );
    }

    #[test]
    fn crlf_lines_count_the_carriage_return_as_content() {
        let text = "a = 1;\r\nb = 2;\r\n";
        let index = LineIndex::new(text);
        assert_eq!(position(&index, TextSize::from(8)), Position::new(1, 0));
        assert_eq!(offset(&index, Position::new(1, 2)), Ok(TextSize::from(10)));
    }

    #[test]
    fn uris_map_to_paths_and_back() {
        let file = Url::parse("file:///home/me/pkgs/default.nix").unwrap();
        assert_eq!(
            path_of_uri(&file),
            PathBuf::from("/home/me/pkgs/default.nix")
        );
        assert_eq!(uri_of_path(&path_of_uri(&file)), Some(file));
        let untitled = Url::parse("untitled:Untitled-1").unwrap();
        assert_eq!(uri_of_path(&path_of_uri(&untitled)), Some(untitled));
    }
}
