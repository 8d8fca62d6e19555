//! Offset <-> position conversion in all three encodings, with CJK, astral characters,
//! CRLF, lone CR and a BOM.

use dlint_syntax::line_index::{Encoding, LineIndex, PositionError};

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

/// (offset, line, utf8 col, utf16 col, utf32 col): both directions must agree.
fn check(text: &str, cases: &[(usize, u32, u32, u32, u32)]) {
    let idx = LineIndex::new(text);
    for &(offset, line, c8, c16, c32) in cases {
        for (enc, col) in ENCODINGS.into_iter().zip([c8, c16, c32]) {
            assert_eq!(
                idx.position(text, offset, enc),
                (line, col),
                "{text:?} offset {offset} {enc:?}"
            );
            assert_eq!(
                idx.offset(text, line, col, enc),
                Ok(offset),
                "{text:?} ({line},{col}) {enc:?}"
            );
        }
    }
}

#[test]
fn ascii_and_line_endings() {
    check(
        "ab\ncd",
        &[
            (0, 0, 0, 0, 0),
            (2, 0, 2, 2, 2),
            (3, 1, 0, 0, 0),
            (5, 1, 2, 2, 2),
        ],
    );
    check("a\r\nb", &[(1, 0, 1, 1, 1), (3, 1, 0, 0, 0)]);
    check(
        "a\rb\r",
        &[(2, 1, 0, 0, 0), (3, 1, 1, 1, 1), (4, 2, 0, 0, 0)],
    );
    assert_eq!(LineIndex::new("a\r\nb\rc\n").line_count(), 4);
    assert_eq!(LineIndex::new("").line_count(), 1);
}

#[test]
fn multibyte_text() {
    // 日 is 3 bytes / 1 UTF-16 unit; 😀 is 4 bytes / 2 units / 1 scalar.
    check(
        "日本\n😀x",
        &[
            (3, 0, 3, 1, 1),
            (6, 0, 6, 2, 2),
            (7, 1, 0, 0, 0),
            (11, 1, 4, 2, 1),
            (12, 1, 5, 3, 2),
        ],
    );
    // A BOM is an ordinary character of line 0.
    check("\u{feff}FROM", &[(3, 0, 3, 1, 1), (7, 0, 7, 5, 5)]);
}

#[test]
fn columns_inside_characters_snap_to_their_start() {
    let text = "a😀b";
    let idx = LineIndex::new(text);
    assert_eq!(idx.offset(text, 0, 2, Encoding::Utf16), Ok(1));
    assert_eq!(idx.offset(text, 0, 3, Encoding::Utf8), Ok(1));
    assert_eq!(idx.position(text, 3, Encoding::Utf16), (0, 1));
}

#[test]
fn out_of_range() {
    let text = "ab\r\ncd";
    let idx = LineIndex::new(text);
    // Past the end of a line: the line end, before its line break.
    assert_eq!(idx.offset(text, 0, 99, Encoding::Utf16), Ok(2));
    assert_eq!(idx.offset(text, 1, 99, Encoding::Utf16), Ok(6));
    assert_eq!(
        idx.offset(text, 2, 0, Encoding::Utf16),
        Err(PositionError::LineOutOfRange { line: 2, lines: 2 })
    );
    assert!(matches!(
        idx.offset("other", 0, 0, Encoding::Utf8),
        Err(PositionError::StaleIndex { .. })
    ));
    // Offsets past the end clamp; an offset inside CRLF is the end of its line.
    assert_eq!(idx.position(text, 999, Encoding::Utf8), (1, 2));
    assert_eq!(idx.position(text, 3, Encoding::Utf8), (0, 2));
    assert_eq!(idx.line_of(4), 1);
}
