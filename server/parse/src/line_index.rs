//! Byte offset ↔ line/column conversion, in UTF-8 bytes and in UTF-16 code units (LSP).

use rowan::TextSize;

/// Zero-based line and UTF-8 byte column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Zero-based line and UTF-16 code-unit column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct WideLineCol {
    pub line: u32,
    pub col: u32,
}

/// Line starts of a text, and where its lines hold non-ASCII characters.
/// A line ends after `\n`; a `\r` before it belongs to the line's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<TextSize>,
    len: TextSize,
    /// For each line holding non-ASCII, (byte offset in line, utf8 len, utf16 len) of each char.
    wide_chars: Vec<Vec<(u32, u8, u8)>>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![TextSize::from(0)];
        let mut wide_chars = vec![Vec::new()];
        let mut line_start = 0usize;
        for (offset, c) in text.char_indices() {
            if c == '\n' {
                line_start = offset + 1;
                line_starts.push(TextSize::from(line_start as u32));
                wide_chars.push(Vec::new());
            } else if !c.is_ascii() {
                wide_chars.last_mut().unwrap().push((
                    (offset - line_start) as u32,
                    c.len_utf8() as u8,
                    c.len_utf16() as u8,
                ));
            }
        }
        LineIndex {
            line_starts,
            len: TextSize::of(text),
            wide_chars,
        }
    }

    pub fn len(&self) -> TextSize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == TextSize::from(0)
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// The line and byte column of an offset; offsets past the end clamp to the end.
    pub fn line_col(&self, offset: TextSize) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        LineCol {
            line: line as u32,
            col: u32::from(offset - self.line_starts[line]),
        }
    }

    /// The offset of a line and byte column, or `None` when the line does not exist.
    /// A column past the end of the line clamps to the line's end.
    pub fn offset(&self, pos: LineCol) -> Option<TextSize> {
        let start = *self.line_starts.get(pos.line as usize)?;
        let end = self.line_end(pos.line as usize);
        Some((start + TextSize::from(pos.col)).min(end))
    }

    fn line_end(&self, line: usize) -> TextSize {
        self.line_starts
            .get(line + 1)
            .map(|s| *s - TextSize::from(1))
            .unwrap_or(self.len)
    }

    pub fn to_wide(&self, pos: LineCol) -> WideLineCol {
        let mut col = pos.col;
        if let Some(chars) = self.wide_chars.get(pos.line as usize) {
            for &(at, u8len, u16len) in chars {
                if at >= pos.col {
                    break;
                }
                col = col - u8len as u32 + u16len as u32;
            }
        }
        WideLineCol {
            line: pos.line,
            col,
        }
    }

    /// Converts a UTF-16 position to a byte position; a column inside a character or past the
    /// end of the line snaps to the character boundary before it / the line end.
    pub fn to_utf8(&self, pos: WideLineCol) -> LineCol {
        let mut utf8_col = 0u32;
        let mut utf16_col = 0u32;
        let chars: &[(u32, u8, u8)] = self
            .wide_chars
            .get(pos.line as usize)
            .map(|v| v.as_slice())
            .unwrap_or(&[]);
        for &(at, u8len, u16len) in chars {
            let ascii_run = at - utf8_col;
            if utf16_col + ascii_run >= pos.col {
                break;
            }
            utf16_col += ascii_run;
            utf8_col = at;
            if utf16_col + u16len as u32 > pos.col {
                return LineCol {
                    line: pos.line,
                    col: utf8_col,
                };
            }
            utf16_col += u16len as u32;
            utf8_col += u8len as u32;
        }
        LineCol {
            line: pos.line,
            col: utf8_col + (pos.col - utf16_col),
        }
    }
}
