//! The Dockerfile formatter: a plain function from text + syntax to byte edits, so the
//! CLI can reuse it. It upper-cases instruction keywords, removes indentation before
//! instructions and top-level comments, puts one space after a keyword, indents
//! continuation lines one level and empties whitespace-only lines. Heredoc bodies and
//! terminators and the parser directives are never touched.
//!
//! BuildKit appends a continuation line to the previous one *as is* (leading whitespace
//! included), so re-indenting can change the joined text. The formatter therefore only
//! re-indents a continuation line where that cannot change a word: outside quotes, and
//! only when the join already has whitespace there (the line is indented or the previous
//! line has a blank before its escape character). `goodbye\` + `frog` stays `goodbyefrog`.

use dlint_syntax::{Dockerfile, Instruction, Span};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// One indentation level for continuation lines: a tab or some spaces.
    pub indent: String,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            indent: "    ".into(),
        }
    }
}

/// Line spans without terminators (LF, CRLF and CR all end a line).
fn lines(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push(Span::new(start, i));
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push(Span::new(start, b.len()));
    out
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn leading_ws(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_blank).len()
}

/// Quote state while scanning an instruction's text.
#[derive(Clone, Copy, Default, PartialEq)]
enum Quote {
    #[default]
    None,
    Single,
    Double,
}

/// The quote state after `line` (its content, continuation escape included).
fn scan_quotes(mut q: Quote, line: &str, escape: char) -> Quote {
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (q, c) {
            (Quote::Single, '\'') => q = Quote::None,
            (Quote::Single, _) => {}
            (_, e) if e == escape => {
                chars.next();
            }
            (Quote::None, '\'') => q = Quote::Single,
            (Quote::None, '"') => q = Quote::Double,
            (Quote::Double, '"') => q = Quote::None,
            _ => {}
        }
    }
    q
}

/// The content of a line before a trailing continuation escape, if it has one.
fn before_escape(line: &str, escape: char) -> Option<&str> {
    let t = line.trim_end_matches(is_blank);
    let body = t.strip_suffix(escape)?;
    // An escaped escape (`C:\\`) is not a continuation.
    (!body.ends_with(escape)).then_some(body)
}

fn keyword_edits(text: &str, ins: &Instruction, edits: &mut Vec<(Span, String)>) {
    let kw = &text[ins.keyword_span.range()];
    if ins.kind != dlint_syntax::InstructionKind::Unknown && kw != ins.kind.keyword() {
        edits.push((ins.keyword_span, ins.kind.keyword().to_owned()));
    }
    // `AS` follows the keyword's casing (BuildKit's FromAsCasing): upper-casing `from`
    // alone would make `FROM x as y` a new warning.
    if let dlint_syntax::Body::From {
        as_keyword: Some(a),
        ..
    } = &ins.body
    {
        if &text[a.range()] != "AS" {
            edits.push((*a, "AS".to_owned()));
        }
    }
    // Exactly one space between the keyword and what follows on the same line.
    let after = &text[ins.keyword_span.end..];
    let ws = leading_ws(after);
    let next = after[ws..].chars().next();
    if ws > 0 && !matches!(next, None | Some('\n' | '\r')) && &after[..ws] != " " {
        edits.push((
            Span::new(ins.keyword_span.end, ins.keyword_span.end + ws),
            " ".into(),
        ));
    }
}

pub fn format_edits(text: &str, df: &Dockerfile, opts: &FormatOptions) -> Vec<(Span, String)> {
    let mut edits = Vec::new();
    let all_lines = lines(text);
    // Byte ranges no edit may touch.
    let mut protected: Vec<Span> = df.directives.iter().map(|d| d.span).collect();
    for ins in &df.instructions {
        for h in &ins.heredocs {
            protected.push(h.body_span.cover(h.terminator_span.unwrap_or(h.body_span)));
        }
        if let dlint_syntax::Body::Onbuild(Some(inner)) = &ins.body {
            for h in &inner.heredocs {
                protected.push(h.body_span.cover(h.terminator_span.unwrap_or(h.body_span)));
            }
        }
    }
    let is_protected = |line: Span| {
        protected
            .iter()
            .any(|p| p.start <= line.start && line.start < p.end.max(p.start + 1))
    };
    let mut ins_iter = df.instructions.iter().peekable();
    let mut li = 0;
    while li < all_lines.len() {
        let line = all_lines[li];
        let content = &text[line.range()];
        if is_protected(line) {
            li += 1;
            continue;
        }
        // Skip instructions that ended before this line.
        while ins_iter.peek().is_some_and(|i| i.span.end < line.start) {
            ins_iter.next();
        }
        let starts_here = ins_iter
            .peek()
            .filter(|i| line.start <= i.span.start && i.span.start <= line.end)
            .copied();
        let Some(ins) = starts_here else {
            // Outside instructions: comments and blank lines lose their indentation.
            let ws = leading_ws(content);
            let bom = if line.start == 0 && df.bom { 3 } else { 0 };
            if ws > 0 && bom == 0 {
                edits.push((Span::new(line.start, line.start + ws), String::new()));
            }
            li += 1;
            continue;
        };
        ins_iter.next();
        // First line: no indentation, keyword casing and spacing.
        if ins.span.start > line.start && text[line.start..ins.span.start].chars().all(is_blank) {
            edits.push((Span::new(line.start, ins.span.start), String::new()));
        }
        keyword_edits(text, ins, &mut edits);
        let eff = ins.effective();
        if !std::ptr::eq(eff, ins) {
            keyword_edits(text, eff, &mut edits);
        }
        // Continuation lines.
        let mut quote = scan_quotes(
            Quote::None,
            &text[ins.keyword_span.end..line.end],
            df.escape,
        );
        let mut blank_before_escape =
            before_escape(content, df.escape).is_some_and(|b| b.ends_with(is_blank));
        li += 1;
        // First which lines may be re-indented (that depends only on the quote state and
        // on whether the join has whitespace there), then how far.
        let mut lines_here: Vec<(Span, usize, bool)> = Vec::new();
        while li < all_lines.len() && all_lines[li].start <= ins.span.end {
            let l = all_lines[li];
            li += 1;
            if is_protected(l) {
                continue;
            }
            let c = &text[l.range()];
            let ws = leading_ws(c);
            if c[ws..].is_empty() {
                if ws > 0 {
                    edits.push((Span::new(l.start, l.end), String::new()));
                }
                continue;
            }
            let is_comment = c[ws..].starts_with('#');
            let safe = is_comment || (quote == Quote::None && (ws > 0 || blank_before_escape));
            lines_here.push((l, ws, safe));
            if !is_comment {
                quote = scan_quotes(quote, c, df.escape);
                // Whether the joined text ends in whitespace here, as it will be after
                // the edits: a line that is only indentation and the escape extends the
                // run before it (a re-indented line always has some).
                let has_ws = safe || ws > 0;
                blank_before_escape = match before_escape(c, df.escape) {
                    Some(body) if body.trim_matches(is_blank).is_empty() => {
                        has_ws || blank_before_escape
                    }
                    Some(body) => body.ends_with(is_blank),
                    None => false,
                };
            }
        }
        // The shallowest re-indented line moves to one level; deeper ones keep what they
        // have beyond it, so a script's own nesting survives.
        let base = lines_here
            .iter()
            .filter(|(_, ws, safe)| *safe && *ws > 0)
            .map(|(l, ws, _)| &text[l.start..l.start + ws])
            .min_by_key(|ws| ws.len())
            .unwrap_or("");
        for (l, ws, safe) in lines_here {
            let current = &text[l.start..l.start + ws];
            let indent = format!(
                "{}{}",
                opts.indent,
                current.strip_prefix(base).unwrap_or("")
            );
            if safe && current != indent {
                edits.push((Span::new(l.start, l.start + ws), indent));
            }
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        let df = dlint_syntax::parse_text(text);
        let mut edits = format_edits(text, &df, &FormatOptions::default());
        edits.sort_by_key(|(s, _)| s.start);
        let mut out = text.to_owned();
        for (span, new) in edits.iter().rev() {
            out.replace_range(span.range(), new);
        }
        out
    }

    #[test]
    fn formats_keywords_indentation_and_continuations() {
        let src = "  from  alpine as b\n  # note\nrun apk add \\\n  curl \\\n\t# c\n        git\nrun echo \"a \\\n   b\"\nrun x\\\ny\n   \n";
        let want = "FROM alpine AS b\n# note\nRUN apk add \\\n    curl \\\n    # c\n    git\nRUN echo \"a \\\n   b\"\nRUN x\\\ny\n\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }

    #[test]
    fn deeper_continuation_lines_keep_their_nesting() {
        let src = "run if true; then \\\n        echo a; \\\n            echo b; \\\n        fi\n";
        let want = "RUN if true; then \\\n    echo a; \\\n        echo b; \\\n    fi\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
        // Tabs beyond the shallowest line's indentation are kept as they are.
        let tabs = "RUN a \\\n\tb \\\n\t\tc\n";
        assert_eq!(fmt(tabs), "RUN a \\\n    b \\\n    \tc\n");
    }

    #[test]
    fn as_follows_the_from_keyword() {
        assert_eq!(fmt("from a as b\n"), "FROM a AS b\n");
        assert_eq!(fmt("FROM a As b\n"), "FROM a AS b\n");
    }

    #[test]
    fn heredocs_and_directives_are_untouched() {
        let src = "#  syntax=docker/dockerfile:1\nrun <<EOF\n   indented body\n  \nEOF\n";
        assert_eq!(
            fmt(src),
            "#  syntax=docker/dockerfile:1\nRUN <<EOF\n   indented body\n  \nEOF\n"
        );
    }
}
