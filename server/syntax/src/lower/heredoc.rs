//! Heredoc detection on a joined instruction line (BuildKit's `heredocsFromLine`).
//!
//! BuildKit lexes the whole line with its shell lexer (escape `\` whatever the escape
//! directive says, quotes and escapes kept raw, unset variables kept as written), then
//! tests each word against `^(\d*)<<(-?)\s*([^<]*)$`. The lexer glues whitespace that
//! follows an unquoted `<<` onto the word, which is why `<<  EOF` works.

/// A heredoc word found on the line; offsets are into the line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct HeredocWord {
    pub start: usize,
    pub end: usize,
    pub fd: Option<u32>,
    pub chomp: bool,
    pub name: String,
    pub quoted: bool,
}

fn is_lex_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// The heredocs of `line`, in order. A lexing error (unterminated quote or `${`) means
/// none, as in BuildKit, which ignores the lexer's error and gets no words.
pub(crate) fn heredocs_in_line(line: &str) -> Vec<HeredocWord> {
    if !line.contains("<<") {
        return Vec::new();
    }
    let Some(words) = lex_raw_words(line) else {
        return Vec::new();
    };
    words
        .into_iter()
        .filter_map(|(s, e)| {
            parse_heredoc_word(&line[s..e]).map(|h| HeredocWord {
                start: s,
                end: e,
                ..h
            })
        })
        .collect()
}

/// Splits into raw words (byte ranges). `None` on an unterminated quote or `${`.
fn lex_raw_words(line: &str) -> Option<Vec<(usize, usize)>> {
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    let mut start: Option<usize> = None;
    while i < b.len() {
        let c = b[i];
        if start.is_none() {
            if is_lex_space(c as char) {
                i += 1;
                continue;
            }
            start = Some(i);
        }
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                words.push((start.take()?, i));
                i += 1;
            }
            b'\\' => i = (i + 2).min(b.len()),
            b'\'' => i += 1 + line[i + 1..].find('\'')? + 1,
            b'"' => {
                i += 1;
                loop {
                    match *b.get(i)? {
                        b'\\' => i += 2,
                        b'"' => break,
                        b'$' if b.get(i + 1) == Some(&b'{') => i += line[i..].find('}')? + 1,
                        _ => i += 1,
                    }
                }
                i += 1;
            }
            b'$' if b.get(i + 1) == Some(&b'{') => i += line[i..].find('}')? + 1,
            b'<' if b.get(i + 1) == Some(&b'<') => {
                i += 2;
                while i < b.len() && is_lex_space(b[i] as char) {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    if let Some(s) = start {
        words.push((s, b.len().max(s)));
    }
    // Escapes and quotes may step past the end by one byte; clamp to char boundaries.
    Some(
        words
            .into_iter()
            .map(|(s, e)| (s, e.min(line.len())))
            .collect(),
    )
}

/// Applies `^(\d*)<<(-?)\s*([^<]*)$` and unquotes the delimiter.
fn parse_heredoc_word(word: &str) -> Option<HeredocWord> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let after = word[digits..].strip_prefix("<<")?;
    let (chomp, after) = match after.strip_prefix('-') {
        Some(a) => (true, a),
        None => (false, after),
    };
    let rest = after.trim_start_matches(['\t', '\n', '\x0c', '\r', ' ']);
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let (name, quoted) = unquote_delimiter(rest)?;
    Some(HeredocWord {
        start: 0,
        end: 0,
        fd: if digits == 0 {
            None
        } else {
            word[..digits].parse().ok()
        },
        chomp,
        name,
        quoted,
    })
}

/// Quote removal and escape processing of the delimiter word; `quoted` is true when any
/// quote acted as a quote. `None` when it is not exactly one word.
fn unquote_delimiter(rest: &str) -> Option<(String, bool)> {
    let mut out = String::new();
    let mut quoted = false;
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '\'' => {
                quoted = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        x => out.push(x),
                    }
                }
            }
            '"' => {
                quoted = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.peek() {
                            Some(&n @ ('"' | '$' | '\\')) => {
                                chars.next();
                                out.push(n);
                            }
                            Some(_) => out.push('\\'),
                            None => {}
                        },
                        x => out.push(x),
                    }
                }
            }
            c if is_lex_space(c) => return None,
            c => out.push(c),
        }
    }
    if out.is_empty() {
        return None;
    }
    Some((out, quoted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool, Option<u32>)> {
        heredocs_in_line(line)
            .into_iter()
            .map(|h| (h.name, h.chomp, h.quoted, h.fd))
            .collect()
    }

    #[test]
    fn detection_forms() {
        assert_eq!(names("RUN <<EOF"), [("EOF".into(), false, false, None)]);
        assert_eq!(
            names("RUN 3<<-EOF cat"),
            [("EOF".into(), true, false, Some(3))]
        );
        assert_eq!(
            names("RUN cat <<  EOF"),
            [("EOF".into(), false, false, None)]
        );
        assert_eq!(names("COPY <<A <<B /d").len(), 2);
        assert_eq!(names("RUN <<'EOF'"), [("EOF".into(), false, true, None)]);
        assert_eq!(names("RUN <<eo'f'"), [("eof".into(), false, true, None)]);
        assert_eq!(names(r"RUN <<eo\'f"), [("eo'f".into(), false, false, None)]);
        assert_eq!(
            names(r"RUN <<'e'o\'f"),
            [("eo'f".into(), false, true, None)]
        );
        assert_eq!(
            names(r#"RUN <<"E\"F""#),
            [("E\"F".into(), false, true, None)]
        );
    }

    #[test]
    fn non_heredocs() {
        for line in [
            "RUN echo \"<<NOHEREDOC\"",
            "RUN cat<<EOF",
            "RUN cat <<<EOF",
            "RUN echo it's <<EOF",
            "RUN echo <<",
            "RUN a << ",
        ] {
            assert!(heredocs_in_line(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn word_offsets() {
        let h = heredocs_in_line("RUN cat <<-EOF >f");
        assert_eq!((h[0].start, h[0].end), (8, 14));
    }
}
