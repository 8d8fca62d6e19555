//! Byte offsets <-> (line, column) in UTF-8, UTF-16 and UTF-32 units.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as LSP defines them. (BuildKit itself only
//! splits at `\n`; that matters for its line numbers, not for editor positions.) A BOM,
//! if the text has one, is an ordinary character of the first line.

use std::fmt;

/// The unit a column counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Bytes.
    Utf8,
    /// UTF-16 code units (LSP's default): astral characters count 2.
    Utf16,
    /// Unicode scalar values.
    Utf32,
}

impl Encoding {
    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// Why a position could not be converted to an offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PositionError {
    /// The line does not exist (`lines` is how many there are).
    LineOutOfRange { line: u32, lines: usize },
    /// The index was built for a text of another length.
    StaleIndex { index_len: usize, text_len: usize },
}

impl fmt::Display for PositionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PositionError::LineOutOfRange { line, lines } => {
                write!(
                    f,
                    "line {line} is out of range (the text has {lines} lines)"
                )
            }
            PositionError::StaleIndex {
                index_len,
                text_len,
            } => write!(
                f,
                "line index built for {index_len} bytes used with a text of {text_len} bytes"
            ),
        }
    }
}

impl std::error::Error for PositionError {}

/// Start offsets of every line of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// `starts[0] == 0`; one entry per line (a text ending in a line break has an empty
    /// last line).
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let b = text.as_bytes();
        let mut starts = Vec::with_capacity(b.len() / 32 + 1);
        starts.push(0);
        // Built on every keystroke for the whole text: jump between line breaks.
        let mut after_cr = None;
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            if b[i] == b'\n' && after_cr == Some(i) {
                // The `\n` of a `\r\n`: its line started after both.
                *starts.last_mut().expect("pushed above") = i + 1;
            } else {
                starts.push(i + 1);
            }
            after_cr = (b[i] == b'\r').then_some(i + 1);
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The index of `text`, which is this index's text with the bytes `old` replaced by
    /// `new_len` bytes: equal to `LineIndex::new(text)`, but only the lines from the one
    /// before the edit to the first line start after it that the old text had too are
    /// read again; the later starts are the old ones, moved. A keystroke in a long file
    /// reads one or two lines instead of the whole text.
    pub fn edited(&self, text: &str, old: std::ops::Range<usize>, new_len: usize) -> Self {
        let moved = |x: usize, by: isize| x.checked_add_signed(by);
        let delta = new_len as isize - old.len() as isize;
        if old.start > old.end || moved(self.len, delta) != Some(text.len()) || old.end > self.len {
            // Not an edit of this index's text.
            return LineIndex::new(text);
        }
        // The line holding the byte before the edit starts before it, so its start and all
        // earlier ones stand (a line break is never split from what precedes it).
        let from_line = self.line_of(old.start.saturating_sub(1));
        let from = self.starts[from_line];
        let mut starts = Vec::with_capacity(self.starts.len() + 8);
        starts.extend_from_slice(&self.starts[..=from_line]);
        let b = text.as_bytes();
        let new_end = old.start + new_len;
        let mut after_cr = None;
        for i in memchr::memchr2_iter(b'\n', b'\r', &b[from..]).map(|i| i + from) {
            // As in `new`.
            if b[i] == b'\n' && after_cr == Some(i) {
                *starts.last_mut().expect("pushed above") = i + 1;
            } else {
                starts.push(i + 1);
            }
            after_cr = (b[i] == b'\r').then_some(i + 1);
            // A start after a `\n` is settled. Past the edit, if the old text had it
            // too (moved), the lines from there on are the old ones.
            let start = i + 1;
            if b[i] == b'\n' && start > new_end + 1 {
                let Some(was) = moved(start, -delta) else {
                    continue;
                };
                if let Ok(k) = self.starts.binary_search(&was) {
                    let rest = self.starts[k + 1..].iter();
                    starts.extend(rest.map(|&x| (x as isize + delta) as usize));
                    break;
                }
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The byte offset where `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The 0-based line containing `offset` (offsets past the end give the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Byte range of the line's content, line break excluded.
    fn content(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let Some(&next) = self.starts.get(line + 1) else {
            return (start, text.len()); // the last line has no line break
        };
        let b = text.as_bytes();
        let mut end = next;
        if b[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && b[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// (line, column) of a byte offset. Offsets past the end clamp to the end; an offset
    /// inside a character snaps to its start; an offset inside a line break is the end
    /// of its line.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> (u32, u32) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset).min(self.starts.len() - 1);
        let (start, end) = self.content(text, line);
        let upto = offset.clamp(start, end);
        let before = &text[start..upto];
        // An ASCII character is one unit in every encoding; nearly every line is ASCII,
        // and a publish converts hundreds of positions.
        let col: usize = if before.is_ascii() {
            before.len()
        } else {
            before.chars().map(|c| enc.units(c)).sum()
        };
        (line as u32, col as u32)
    }

    /// Byte offset of (line, column). A column past the end of the line clamps to the
    /// line end (before its line break); a column inside a character (the middle of a
    /// UTF-16 surrogate pair, or of a multi-byte UTF-8 sequence) snaps to its start.
    pub fn offset(
        &self,
        text: &str,
        line: u32,
        col: u32,
        enc: Encoding,
    ) -> Result<usize, PositionError> {
        if text.len() != self.len {
            return Err(PositionError::StaleIndex {
                index_len: self.len,
                text_len: text.len(),
            });
        }
        let l = line as usize;
        if l >= self.starts.len() {
            return Err(PositionError::LineOutOfRange {
                line,
                lines: self.starts.len(),
            });
        }
        let (start, end) = self.content(text, l);
        let col = col as usize;
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            let next = units + enc.units(c);
            if next > col {
                return Ok(start + i);
            }
            units = next;
        }
        Ok(end)
    }
}

/// The same conversions over a [`ropey::Rope`], for callers that keep the text as a rope
/// and do not want to rebuild a [`LineIndex`] after each edit. (The workspace builds
/// ropey with `cr_lines` and without `unicode_lines`, so its lines are LSP's.)
pub mod rope {
    use super::{Encoding, PositionError};
    use ropey::{Rope, RopeSlice};

    /// The line's characters without its line break.
    fn content(line: RopeSlice<'_>) -> RopeSlice<'_> {
        let mut end = line.len_chars();
        if end > 0 && line.char(end - 1) == '\n' {
            end -= 1;
        }
        if end > 0 && line.char(end - 1) == '\r' {
            end -= 1;
        }
        line.slice(..end)
    }

    /// See [`super::LineIndex::position`].
    pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> (u32, u32) {
        let mut offset = offset.min(rope.len_bytes());
        // Snap to a char start: byte_to_char rounds down to the containing char.
        offset = rope.char_to_byte(rope.byte_to_char(offset));
        let line = rope.byte_to_line(offset);
        let start = rope.line_to_byte(line);
        let text = content(rope.line(line));
        let upto = (offset - start).min(text.len_bytes());
        let chars = text.byte_to_char(upto);
        let col: usize = text.slice(..chars).chars().map(|c| enc.units(c)).sum();
        (line as u32, col as u32)
    }

    /// See [`super::LineIndex::offset`].
    pub fn offset(rope: &Rope, line: u32, col: u32, enc: Encoding) -> Result<usize, PositionError> {
        let l = line as usize;
        if l >= rope.len_lines() {
            return Err(PositionError::LineOutOfRange {
                line,
                lines: rope.len_lines(),
            });
        }
        let start = rope.line_to_byte(l);
        let text = content(rope.line(l));
        let (mut units, mut bytes) = (0, 0);
        for c in text.chars() {
            let next = units + enc.units(c);
            if next > col as usize {
                break;
            }
            units = next;
            bytes += c.len_utf8();
        }
        Ok(start + bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_index_equals_a_new_one() {
        // Every replacement of every range of short texts full of line-break corner
        // cases by pieces that are line breaks themselves, or join or split them.
        let texts = [
            "a\r\nb\rc\n",
            "\r\r\n\n",
            "x\ny\nz",
            "é\r\n日\n",
            "",
            "\n\n\r",
        ];
        let pieces = ["", "\n", "\r", "\r\n", "q", "a\nb", "\n\r"];
        for t in texts {
            let index = LineIndex::new(t);
            for start in 0..=t.len() {
                for end in start..=t.len() {
                    if !t.is_char_boundary(start) || !t.is_char_boundary(end) {
                        continue;
                    }
                    for piece in pieces {
                        let edited = format!("{}{piece}{}", &t[..start], &t[end..]);
                        assert_eq!(
                            index.edited(&edited, start..end, piece.len()),
                            LineIndex::new(&edited),
                            "{t:?} with {start}..{end} replaced by {piece:?}"
                        );
                    }
                }
            }
        }
        // Not an edit of the indexed text: read afresh.
        let index = LineIndex::new("a\nb");
        assert_eq!(index.edited("x\n\ny", 0..1, 1), LineIndex::new("x\n\ny"));
    }

    #[test]
    fn content_excludes_line_breaks() {
        let t = "a\r\nb\rc\n";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.content(t, 0), (0, 1));
        assert_eq!(idx.content(t, 1), (3, 4));
        assert_eq!(idx.content(t, 2), (5, 6));
        assert_eq!(idx.content(t, 3), (7, 7));
    }

    #[test]
    fn line_starts_agree_with_the_rope_for_mixed_breaks() {
        for t in ["\r\r\n", "\n\r\n\r", "\r", "\r\n\r\n", "a\r\rb\n\n\rc", ""] {
            let r = ropey::Rope::from_str(t);
            let idx = LineIndex::new(t);
            assert_eq!(idx.line_count(), r.len_lines(), "{t:?}");
            for line in 0..r.len_lines() {
                assert_eq!(
                    idx.line_start(line),
                    Some(r.line_to_byte(line)),
                    "{t:?} {line}"
                );
            }
        }
    }

    #[test]
    fn rope_agrees_with_line_index() {
        let t = "\u{feff}a\r\n日😀\rb\n\nxy";
        let r = ropey::Rope::from_str(t);
        let idx = LineIndex::new(t);
        assert_eq!(r.len_lines(), idx.line_count());
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for off in 0..=t.len() + 1 {
                assert_eq!(
                    rope::position(&r, off, enc),
                    idx.position(t, off, enc),
                    "{off} {enc:?}"
                );
            }
            for line in 0..6 {
                for col in 0..8 {
                    assert_eq!(
                        rope::offset(&r, line, col, enc).ok(),
                        idx.offset(t, line, col, enc).ok(),
                        "({line},{col}) {enc:?}"
                    );
                }
            }
        }
    }
}
