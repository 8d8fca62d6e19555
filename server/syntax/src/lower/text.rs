//! Low-level text helpers shared by the lowering: physical lines, BuildKit's notions of
//! whitespace, and line continuation.

/// One physical line: BuildKit splits only at `\n`, so a lone `\r` stays inside a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PhysLine {
    pub start: usize,
    /// End of the content: trailing `\r`/`\n` bytes removed (BuildKit's `trimNewline`).
    pub content_end: usize,
    /// Just past the `\n`, or the end of the text.
    pub end: usize,
}

/// The physical line starting at `start` (which must be `< src.len()`).
pub(crate) fn line_at(src: &str, start: usize) -> PhysLine {
    let bytes = src.as_bytes();
    let nl = memchr_nl(&bytes[start..]).map(|i| start + i);
    let end = nl.map_or(bytes.len(), |i| i + 1);
    let mut content_end = nl.unwrap_or(bytes.len());
    while content_end > start && matches!(bytes[content_end - 1], b'\r' | b'\n') {
        content_end -= 1;
    }
    PhysLine {
        start,
        content_end,
        end,
    }
}

fn memchr_nl(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// Go's `unicode.IsSpace` (the same set as Rust's `char::is_whitespace`).
pub(crate) fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

/// The separator set of BuildKit's `reWhitespace` regex: `[\t\v\f\r ]`.
pub(crate) fn is_sep(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// Offset of the first char of `s[from..to]` that is not Go whitespace (or `to`).
pub(crate) fn skip_space(s: &str, from: usize, to: usize) -> usize {
    match s[from..to].find(|c: char| !is_go_space(c)) {
        Some(i) => from + i,
        None => to,
    }
}

/// End offset of `s[from..to]` with trailing Go whitespace removed.
pub(crate) fn trim_end_space(s: &str, from: usize, to: usize) -> usize {
    from + s[from..to].trim_end_matches(is_go_space).len()
}

/// BuildKit's continuation test on one (newline-trimmed) line: the regex
/// `([^E])E[ \t]*$|^E[ \t]*$`. Returns the end of the kept text when the line continues.
///
/// The regex only looks at one character before E, so `\\` does not continue but `\\\`
/// does not either (an escaped escape followed by a lone one is still "preceded by E").
pub(crate) fn continuation_end(s: &str, start: usize, end: usize, escape: char) -> Option<usize> {
    let body = s[start..end].trim_end_matches([' ', '\t']);
    let before = body.strip_suffix(escape)?;
    match before.chars().next_back() {
        None => Some(start),
        Some(c) if c == escape => None,
        Some(_) => Some(start + before.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_only_at_newline() {
        let src = "a\r\nb\rc\n\nd";
        let l = line_at(src, 0);
        assert_eq!((l.start, l.content_end, l.end), (0, 1, 3));
        let l = line_at(src, 3);
        assert_eq!(&src[l.start..l.content_end], "b\rc");
        let l = line_at(src, l.end);
        assert_eq!((l.content_end - l.start, l.end), (0, 8));
        let l = line_at(src, 8);
        assert_eq!((l.start, l.content_end, l.end), (8, 9, 9));
    }

    #[test]
    fn continuation_regex_quirks() {
        let cases: &[(&str, Option<&str>)] = &[
            ("echo a \\", Some("echo a ")),
            ("echo a\\  \t", Some("echo a")),
            ("\\", Some("")),
            ("\\  ", Some("")),
            ("C:\\\\", None),
            ("a\\\\\\", None),
            ("no", None),
            ("\\x", None),
        ];
        for (line, want) in cases {
            let got = continuation_end(line, 0, line.len(), '\\').map(|e| &line[..e]);
            assert_eq!(got, *want, "line {line:?}");
        }
        assert_eq!(continuation_end("a `", 0, 3, '`'), Some(2));
        assert_eq!(continuation_end("a \\", 0, 3, '`'), None);
    }
}
