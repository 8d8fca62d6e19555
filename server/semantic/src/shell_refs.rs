//! Variable references in text the builder leaves to the shell (RUN, CMD, ENTRYPOINT
//! shell form, RUN heredoc bodies).
//!
//! This is not a shell parser: it finds `$name` and `${name...}` under POSIX quoting so
//! that editors can offer hover, go-to-definition and rename on them. Single quotes (and
//! `$'...'`) suppress references, `\` escapes the next character whatever the Dockerfile
//! escape character is (the shell receives the text as written), and `#` comments are
//! skipped so that an apostrophe in a comment does not open a quote.

use crate::expand::{RefForm, VarRef};

/// References in shell text, in source order. Ranges are byte offsets into `text`.
pub fn shell_refs(text: &str) -> Vec<VarRef> {
    let mut out = Vec::new();
    shell_refs_into(text, &mut out);
    out
}

/// [`shell_refs`] appended to a caller-owned buffer.
pub fn shell_refs_into(text: &str, out: &mut Vec<VarRef>) {
    if !text.contains('$') {
        return;
    }
    let first = out.len();
    let out = &mut *out;
    let b = text.as_bytes();
    let closes = brace_pairs(text);
    let mut i = 0;
    let mut in_double = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => {
                in_double = !in_double;
                i += 1;
            }
            b'\'' if !in_double => i = skip_single_quoted(text, i + 1, out),
            b'#' if !in_double && starts_word(b, i) => {
                i = text[i..].find('\n').map_or(b.len(), |p| i + p);
            }
            b'$' => i = dollar(text, i, in_double, &closes, out),
            _ => i += 1,
        }
    }
    out[first..].sort_by_key(|r| r.range.start);
}

fn starts_word(b: &[u8], i: usize) -> bool {
    i == 0
        || matches!(
            b[i - 1],
            b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'('
        )
}

/// Skips a single-quoted string whose body starts at `from`, noting the `$name` texts
/// inside it as non-references. Returns the offset after the closing quote.
fn skip_single_quoted(text: &str, from: usize, out: &mut Vec<VarRef>) -> usize {
    let end = text[from..].find('\'').map_or(text.len(), |p| from + p);
    out.extend(quoted_refs(&text[from..end], from));
    (end + 1).min(text.len())
}

/// `$name` / `${name...}` spans in text that is literal (single-quoted), reported with
/// `in_single_quotes` so that nothing treats them as real references.
pub(crate) fn quoted_refs(body: &str, base: usize) -> Vec<VarRef> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let braced = bytes.get(i + 1) == Some(&b'{');
        let name_start = i + 1 + braced as usize;
        let name_len: usize = body[name_start..]
            .chars()
            .take_while(|c| crate::expand::is_name_char(*c))
            .map(char::len_utf8)
            .sum();
        if name_len == 0 || body[name_start..].starts_with(|c: char| c.is_numeric()) {
            i += 1;
            continue;
        }
        let name_end = name_start + name_len;
        let end = if braced {
            body[name_end..]
                .find('}')
                .map_or(body.len(), |p| name_end + p + 1)
        } else {
            name_end
        };
        out.push(VarRef {
            name: body[name_start..name_end].to_string(),
            range: base + i..base + end,
            name_range: base + name_start..base + name_end,
            form: if braced {
                RefForm::Braced
            } else {
                RefForm::Bare
            },
            in_single_quotes: true,
            set: None,
        });
        i = end.max(i + 1);
    }
    out
}

/// Length of a named variable at the start of `s` (letters, digits, `_`; not starting
/// with a digit).
fn name_len(s: &str) -> usize {
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return 0;
    }
    s.bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
        .count()
}

/// Handles the `$` at `at`; returns where scanning continues.
fn dollar(
    text: &str,
    at: usize,
    in_double: bool,
    closes: &[(usize, usize)],
    out: &mut Vec<VarRef>,
) -> usize {
    let b = text.as_bytes();
    let next = b.get(at + 1).copied();
    match next {
        // `$'...'` is ANSI-C quoting: literal for our purposes.
        Some(b'\'') if !in_double => skip_single_quoted(text, at + 2, out),
        Some(b'{') => braced(text, at, closes, out),
        Some(c) if c.is_ascii_digit() || b"@*#?-$!".contains(&c) => {
            out.push(plain(text, at, at + 1, at + 2));
            at + 2
        }
        _ => {
            let len = name_len(&text[at + 1..]);
            if len == 0 {
                return at + 1;
            }
            out.push(plain(text, at, at + 1, at + 1 + len));
            at + 1 + len
        }
    }
}

fn plain(text: &str, at: usize, name_start: usize, name_end: usize) -> VarRef {
    VarRef {
        name: text[name_start..name_end].to_string(),
        range: at..name_end,
        name_range: name_start..name_end,
        form: RefForm::Bare,
        in_single_quotes: false,
        set: None,
    }
}

/// `${...}`: records the reference through its matching `}` and continues right after
/// the name, so references nested in the word (`${A:-$B}`) are found too.
fn braced(text: &str, at: usize, closes: &[(usize, usize)], out: &mut Vec<VarRef>) -> usize {
    let b = text.as_bytes();
    let mut name_start = at + 2;
    // `${#v}` (length) and `${!v}` (indirection) still reference v.
    let prefixed = matches!(b.get(name_start), Some(b'#' | b'!'))
        && b.get(name_start + 1)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
    if prefixed {
        name_start += 1;
    }
    let mut name_end = name_start + name_len(&text[name_start..]);
    if name_end == name_start {
        // Positional or special: `${1}`, `${@}`.
        let digits = text[name_start..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        name_end = if digits > 0 {
            name_start + digits
        } else if b.get(name_start).is_some_and(|c| b"@*#?-$!".contains(c)) {
            name_start + 1
        } else {
            return at + 2;
        };
    }
    let close = closes
        .binary_search_by_key(&at, |&(open, _)| open)
        .map_or(text.len(), |i| closes[i].1)
        .max(name_end);
    let rest = &text[name_end..close.min(text.len())];
    let form = if prefixed {
        RefForm::Other
    } else {
        form_of(rest)
    };
    out.push(VarRef {
        name: text[name_start..name_end].to_string(),
        range: at..close.min(text.len()).max(name_end) + usize::from(close < text.len()),
        name_range: name_start..name_end,
        form,
        in_single_quotes: false,
        set: None,
    });
    name_end
}

fn form_of(rest: &str) -> RefForm {
    let colon = rest.starts_with(':');
    let op = if colon { &rest[1..] } else { rest };
    match op.as_bytes().first() {
        None if !colon => RefForm::Braced,
        Some(b'-') => RefForm::Default { colon },
        Some(b'+') => RefForm::Alternative { colon },
        Some(b'?') => RefForm::Required { colon },
        Some(b'#') if !colon => RefForm::TrimPrefix {
            longest: op.starts_with("##"),
        },
        Some(b'%') if !colon => RefForm::TrimSuffix {
            longest: op.starts_with("%%"),
        },
        Some(b'/') if !colon => RefForm::Replace {
            all: op.starts_with("//"),
        },
        _ => RefForm::Other,
    }
}

/// For every `${` in `text` (by offset, ascending), the offset of its closing `}`, or
/// `text.len()` when unterminated. One pass with a stack: nested `${...}`, quotes,
/// escapes and comments are respected, and each brace level starts outside double
/// quotes (`"${A:-"x"}"` closes where the shell closes it).
fn brace_pairs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut pairs = Vec::new();
    if !text.contains("${") {
        return pairs;
    }
    // (index in `pairs`, double-quote state outside the brace)
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut in_double = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'"' => in_double = !in_double,
            b'\'' if !in_double => {
                i = text[i + 1..].find('\'').map_or(b.len(), |p| i + 1 + p);
            }
            b'#' if !in_double && open.is_empty() && starts_word(b, i) => {
                i = text[i..].find('\n').map_or(b.len(), |p| i + p);
            }
            b'$' if b.get(i + 1) == Some(&b'{') => {
                open.push((pairs.len(), in_double));
                pairs.push((i, b.len()));
                in_double = false;
                i += 1;
            }
            b'}' if !in_double => {
                if let Some((n, outer)) = open.pop() {
                    pairs[n].1 = i;
                    in_double = outer;
                }
            }
            _ => {}
        }
        i += 1;
    }
    pairs
}
