//! BuildKit's word splitters: quote-aware words (`parseWords`), plain whitespace
//! splitting (`reWhitespace.Split`) and builder flags (`extractBuilderFlags`).
//!
//! All offsets are byte offsets into the string given, so callers can map them through a
//! [`crate::ast::LogicalText`] back to the source.

use super::text::{is_go_space, is_sep};

/// A word of `parseWords`: quotes and escapes kept. `text` is always a prefix of
/// `s[start..end]` (only a lone escape at the very end of the input is dropped).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// BuildKit's `parseWords`: splits at unquoted Go whitespace; quotes and escapes stay in
/// the words. Inside `'…'` the escape character is not special.
pub(crate) fn quote_aware_words(s: &str, escape: char) -> Vec<RawWord> {
    let mut words = Vec::new();
    let mut chars = s.char_indices().peekable();
    let mut word = String::new();
    let mut start = 0;
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut blank_ok = false;
    while let Some((pos, ch)) = chars.next() {
        if !in_word {
            if is_go_space(ch) {
                continue;
            }
            in_word = true;
            start = pos;
        }
        match quote {
            None => {
                if is_go_space(ch) {
                    if blank_ok || !word.is_empty() {
                        words.push(RawWord {
                            text: std::mem::take(&mut word),
                            start,
                            end: pos,
                        });
                    }
                    word.clear();
                    in_word = false;
                    blank_ok = false;
                    continue;
                }
                if ch == '\'' || ch == '"' {
                    quote = Some(ch);
                    blank_ok = true;
                }
                if ch == escape {
                    match chars.next() {
                        // An escape at the very end of the input is dropped.
                        None => continue,
                        Some((_, next)) => {
                            word.push(ch);
                            word.push(next);
                            continue;
                        }
                    }
                }
                word.push(ch);
            }
            Some(q) => {
                if ch == q {
                    quote = None;
                }
                if ch == escape && q != '\'' {
                    match chars.next() {
                        None => {
                            quote = None;
                            continue;
                        }
                        Some((_, next)) => {
                            word.push(ch);
                            word.push(next);
                            continue;
                        }
                    }
                }
                word.push(ch);
            }
        }
    }
    if in_word && (blank_ok || !word.is_empty()) {
        words.push(RawWord {
            text: word,
            start,
            end: s.len(),
        });
    }
    words
}

/// `reWhitespace.Split(s, -1)` on an already trimmed string: byte ranges of the pieces.
pub(crate) fn split_ws(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (is_sep(c), start) {
            (true, Some(st)) => {
                out.push((st, i));
                start = None;
            }
            (true, None) => {
                // A leading or doubled separator: Go's Split yields an empty piece only
                // at the start, which a trimmed input never has.
                if i == 0 {
                    out.push((0, 0));
                }
            }
            (false, None) => start = Some(i),
            (false, Some(_)) => {}
        }
    }
    match start {
        Some(st) => out.push((st, s.len())),
        None if !s.is_empty() => out.push((s.len(), s.len())),
        None => {}
    }
    out
}

/// `reWhitespace.Split(s, 2)`: the first piece and, if there is a separator, the start
/// of the rest (after the whole separator run).
pub(crate) fn split_first(s: &str) -> (usize, Option<usize>) {
    match s.char_indices().find(|&(_, c)| is_sep(c)) {
        None => (s.len(), None),
        Some((i, _)) => {
            let rest = s[i..]
                .char_indices()
                .find(|&(_, c)| !is_sep(c))
                .map_or(s.len(), |(j, _)| i + j);
            (i, Some(rest))
        }
    }
}

/// One `--flag` word with quotes removed and escapes applied.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawFlag {
    /// Processed text, `--name=value`.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Offset in `s` of the character that produced the first `=` of `text`.
    pub eq_at: Option<usize>,
}

/// BuildKit's `extractBuilderFlags`: leading words starting with `--`. Returns the flags
/// and the offset where the arguments start (a bare `--` ends the flags and is dropped).
pub(crate) fn extract_flags(s: &str, escape: char) -> (Vec<RawFlag>, usize) {
    let mut flags = Vec::new();
    let mut pos = 0;
    loop {
        pos += s[pos..]
            .find(|c: char| !is_go_space(c))
            .unwrap_or(s.len() - pos);
        if !s[pos..].starts_with("--") {
            return (flags, pos);
        }
        let start = pos;
        let mut text = String::new();
        let mut eq_at = None;
        let mut quote: Option<char> = None;
        let mut chars = s[pos..]
            .char_indices()
            .map(|(i, c)| (pos + i, c))
            .peekable();
        let mut end = s.len();
        while let Some((i, ch)) = chars.next() {
            if quote.is_none() && is_go_space(ch) {
                end = i;
                break;
            }
            if quote == Some(ch) {
                quote = None;
                continue;
            }
            if quote.is_none() && (ch == '\'' || ch == '"') {
                quote = Some(ch);
                continue;
            }
            let (at, c) = if ch == escape {
                match chars.next() {
                    Some(next) => next,
                    // A trailing escape is skipped (and closes an open quote).
                    None => break,
                }
            } else {
                (i, ch)
            };
            if c == '=' && eq_at.is_none() {
                eq_at = Some(at);
            }
            text.push(c);
        }
        pos = end;
        if text == "--" {
            return (flags, pos);
        }
        flags.push(RawFlag {
            text,
            start,
            end,
            eq_at,
        });
        if pos >= s.len() {
            return (flags, s.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str, e: char) -> Vec<String> {
        quote_aware_words(s, e)
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    #[test]
    fn quote_aware_words_keep_quotes_and_escapes() {
        assert_eq!(texts(r#"a="b c" d\ e"#, '\\'), [r#"a="b c""#, r"d\ e"]);
        // Inside '…' the escape is literal, so the second ' closes and a third opens.
        assert_eq!(texts(r"a='x\'y' z", '\\'), [r"a='x\'y' z"]);
        assert_eq!(texts(r#"name="a\"b""#, '\\'), [r#"name="a\"b""#]);
        assert_eq!(texts("a `b", '`'), ["a", "`b"]);
        assert_eq!(texts("x\\", '\\'), ["x"]);
        assert_eq!(texts("\"\"", '\\'), ["\"\""]);
        let w = quote_aware_words("  ab  cd ", '\\');
        assert_eq!((w[1].start, w[1].end), (6, 8));
    }

    #[test]
    fn whitespace_split() {
        assert_eq!(split_ws("a  b\tc"), [(0, 1), (3, 4), (5, 6)]);
        assert_eq!(split_ws(""), Vec::<(usize, usize)>::new());
        assert_eq!(split_first("RUN  x y"), (3, Some(5)));
        assert_eq!(split_first("RUN"), (3, None));
    }

    #[test]
    fn flags_are_unquoted_and_stop_at_first_non_flag() {
        let (f, rest) = extract_flags(r#"--a=1 --label="x y" --b=c\ d -- --not x"#, '\\');
        let t: Vec<&str> = f.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(t, ["--a=1", "--label=x y", "--b=c d"]);
        assert_eq!(f[1].eq_at, Some(13));
        assert_eq!(rest, 31);
        let (f, rest) = extract_flags("--link", '\\');
        assert_eq!((f.len(), f[0].eq_at, rest), (1, None, 6));
        let (f, rest) = extract_flags("foo --x", '\\');
        assert_eq!((f.len(), rest), (0, 0));
        let (f, rest) = extract_flags("--x --", '\\');
        assert_eq!((f.len(), rest), (1, 6));
    }
}
