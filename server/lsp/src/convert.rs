//! Byte offsets <-> LSP positions, in the position encoding negotiated at `initialize`.
//!
//! Everything inside dlint works in byte offsets into the document text. This module is
//! the only place that knows about LSP lines and UTF-16/UTF-32 columns. LSP counts three
//! line terminators (`\n`, `\r\n`, `\r`), which is what [`LineIndex`] splits on.

use dlint_syntax::line_index;
use dlint_syntax::Span;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

/// The unit LSP columns are counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// The LSP default and the only one VS Code speaks.
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// Picks the encoding for a session from the client's preference list: the first one
    /// we support, else UTF-16 (which every client must accept).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered
            .unwrap_or_default()
            .iter()
            .find_map(|kind| Encoding::from_kind(kind))
            .unwrap_or(Encoding::Utf16)
    }

    fn from_kind(kind: &PositionEncodingKind) -> Option<Encoding> {
        match kind.as_str() {
            "utf-8" => Some(Encoding::Utf8),
            "utf-16" => Some(Encoding::Utf16),
            "utf-32" => Some(Encoding::Utf32),
            _ => None,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn syntax(self) -> line_index::Encoding {
        match self {
            Encoding::Utf8 => line_index::Encoding::Utf8,
            Encoding::Utf16 => line_index::Encoding::Utf16,
            Encoding::Utf32 => line_index::Encoding::Utf32,
        }
    }
}

/// Why a position could not be mapped to the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PositionError {
    pub position: Position,
    pub line_count: u32,
}

impl std::fmt::Display for PositionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "position {}:{} is outside the document ({} lines)",
            self.position.line, self.position.character, self.line_count
        )
    }
}

impl std::error::Error for PositionError {}

/// Line starts of one text, for converting in both directions: `dlint_syntax`'s line
/// index (LSP's three line terminators, columns in any encoding), with LSP's types.
#[derive(Clone, Debug)]
pub struct LineIndex {
    inner: line_index::LineIndex,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            inner: line_index::LineIndex::new(text),
        }
    }

    /// The index of `text`, this index's text with the bytes `old` replaced by `new_len`
    /// bytes (see [`line_index::LineIndex::edited`]).
    pub fn edited(&self, text: &str, old: std::ops::Range<usize>, new_len: usize) -> LineIndex {
        LineIndex {
            inner: self.inner.edited(text, old, new_len),
        }
    }

    pub fn line_count(&self) -> u32 {
        self.inner.line_count() as u32
    }

    /// The 0-based line holding byte `offset` (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.inner.line_of(offset)
    }

    /// The LSP position of byte `offset`. Offsets inside a character or a line terminator
    /// are moved back to the character's start or to the end of the line; offsets past the
    /// end map to the end of the text.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let (line, character) = self.inner.position(text, offset, enc.syntax());
        Position::new(line, character)
    }

    /// The byte offset of an LSP position. A column past the end of its line means the end
    /// of the line (as the LSP specification says); a column inside a character (half a
    /// surrogate pair, part of a UTF-8 sequence) means the start of that character. A line
    /// past the last one is an error.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> Result<usize, PositionError> {
        self.inner
            .offset(text, pos.line, pos.character, enc.syntax())
            .map_err(|_| PositionError {
                position: pos,
                line_count: self.line_count(),
            })
    }

    /// The bytes of line `line` without its terminator.
    #[cfg(test)]
    fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.inner.line_start(line).expect("line exists");
        let end = self
            .inner
            .offset(text, line as u32, u32::MAX, line_index::Encoding::Utf8)
            .expect("line exists");
        Span::new(start, end)
    }

    pub fn range(&self, text: &str, span: Span, enc: Encoding) -> Range {
        Range::new(
            self.position(text, span.start, enc),
            self.position(text, span.end, enc),
        )
    }

    pub fn span(&self, text: &str, range: Range, enc: Encoding) -> Result<Span, PositionError> {
        let start = self.offset(text, range.start, enc)?;
        let end = self.offset(text, range.end, enc)?;
        Ok(Span::new(start.min(end), end.max(start)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "FROM a\r\nRUN echo \"🐳 café\"\rX\n\nend";

    #[test]
    fn lines_split_on_all_three_terminators() {
        let idx = LineIndex::new(TEXT);
        assert_eq!(idx.line_count(), 5);
        assert_eq!(idx.line_span(TEXT, 0), Span::new(0, 6));
        assert_eq!(&TEXT[idx.line_span(TEXT, 2).range()], "X");
        assert_eq!(&TEXT[idx.line_span(TEXT, 3).range()], "");
        assert_eq!(&TEXT[idx.line_span(TEXT, 4).range()], "end");
    }

    #[test]
    fn columns_in_each_encoding() {
        let idx = LineIndex::new(TEXT);
        let e = TEXT.find('é').unwrap();
        for (enc, col) in [
            (Encoding::Utf8, 18),
            (Encoding::Utf16, 16),
            (Encoding::Utf32, 15),
        ] {
            let pos = idx.position(TEXT, e, enc);
            assert_eq!(pos, Position::new(1, col), "{enc:?}");
            assert_eq!(idx.offset(TEXT, pos, enc).unwrap(), e, "{enc:?}");
        }
    }

    #[test]
    fn odd_positions_are_clamped_or_refused() {
        let idx = LineIndex::new(TEXT);
        // Past the end of line 0: the end of the line, before the CRLF.
        assert_eq!(
            idx.offset(TEXT, Position::new(0, 99), Encoding::Utf16)
                .unwrap(),
            6
        );
        // Inside the surrogate pair of the whale: the start of the whale.
        let whale = TEXT.find('🐳').unwrap();
        assert_eq!(
            idx.offset(TEXT, Position::new(1, 11), Encoding::Utf16)
                .unwrap(),
            whale
        );
        assert!(idx
            .offset(TEXT, Position::new(5, 0), Encoding::Utf16)
            .is_err());
        // An offset on the `\n` of a CRLF maps to the end of its line.
        assert_eq!(idx.position(TEXT, 7, Encoding::Utf16), Position::new(0, 6));
        assert_eq!(
            idx.position(TEXT, 999, Encoding::Utf16),
            Position::new(4, 3)
        );
    }

    #[test]
    fn negotiation_takes_the_first_supported() {
        let offered = [
            PositionEncodingKind::new("utf-7"),
            PositionEncodingKind::UTF32,
            PositionEncodingKind::UTF8,
        ];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf32);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
