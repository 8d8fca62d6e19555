//! The shell patterns of `${v#p}`, `${v%p}` and `${v/p/r}` as BuildKit evaluates them.
//!
//! BuildKit turns the pattern into a Go regular expression: `*` becomes `.*` (greedy) or
//! `.*?` (lazy), `?` becomes `.`, and everything else is literal (bracket classes too).
//! Go's `.` does not match a newline, and its leftmost-first semantics mean a match is
//! the first one found when stars are tried in preference order. The matcher here
//! reproduces exactly that with a memoised backtracking search, so it stays
//! polynomial on hostile input.

use std::collections::HashSet;

/// One element of a compiled pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    Literal(char),
    /// `?`: any one character except a newline.
    AnyChar,
    /// `*`: any run of characters without a newline.
    Star,
}

/// Compiles the raw pattern text (escapes kept as written, backslash always the pattern
/// escape). Errors carry BuildKit's inner message, e.g. `invalid escape '\a'`.
pub fn compile(pattern: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => out.push(Token::Star),
            '?' => out.push(Token::AnyChar),
            '\\' => match chars.peek().copied() {
                // `\}` and `\/` only got the character past the `${}` parser; the backslash
                // itself is not part of the pattern.
                Some('}') | Some('/') => {}
                Some(n @ ('*' | '?' | '\\')) => {
                    chars.next();
                    out.push(Token::Literal(n));
                }
                Some(n) => return Err(format!("invalid escape '\\{n}'")),
                None => return Err("invalid escape '\\\u{FFFD}'".to_string()),
            },
            other => out.push(Token::Literal(other)),
        }
    }
    Ok(out)
}

/// A pattern bound to one text, remembering failed states across searches.
///
/// The search is iterative (an explicit stack of open stars), so a pattern of any length
/// cannot overflow the call stack.
pub struct Matcher<'a> {
    tokens: &'a [Token],
    text: &'a [char],
    greedy: bool,
    /// States `(token index just after a star, text position)` known to fail. A state's
    /// outcome depends neither on how it was reached nor on where the match started, so
    /// this is shared by every search over the same text and keeps them polynomial.
    failed: HashSet<(usize, usize)>,
}

/// An open star: the candidate ends still to try for it, in preference order.
struct StarFrame {
    /// Index of the token after the star.
    next_ti: usize,
    /// Candidates are `lo..=hi`; `cursor` is the next one (counting down when greedy).
    lo: usize,
    hi: usize,
    cursor: Option<usize>,
}

enum Segment {
    Matched(usize),
    Mismatch,
    /// Reached a star at this token index and text position.
    Star(usize, usize),
}

impl<'a> Matcher<'a> {
    /// `greedy` makes stars prefer the longest run, else the shortest.
    pub fn new(tokens: &'a [Token], text: &'a [char], greedy: bool) -> Self {
        Matcher {
            tokens,
            text,
            greedy,
            failed: HashSet::new(),
        }
    }

    /// The preferred match starting exactly at `start`: its end.
    pub fn match_at(&mut self, start: usize) -> Option<usize> {
        let mut stack: Vec<StarFrame> = Vec::new();
        let mut seg = self.segment(0, start);
        loop {
            match seg {
                Segment::Matched(end) => return Some(end),
                Segment::Star(ti, pos) => {
                    let mut hi = pos;
                    while hi < self.text.len() && self.text[hi] != '\n' {
                        hi += 1;
                    }
                    let first = if self.greedy { hi } else { pos };
                    stack.push(StarFrame {
                        next_ti: ti + 1,
                        lo: pos,
                        hi,
                        cursor: Some(first),
                    });
                }
                Segment::Mismatch => {}
            }
            // Try the next candidate of the innermost open star; exhausted stars fail
            // the candidate of the star around them.
            loop {
                let frame = stack.last_mut()?;
                match frame.cursor {
                    Some(end) => {
                        frame.cursor = if self.greedy {
                            (end > frame.lo).then(|| end - 1)
                        } else {
                            (end < frame.hi).then(|| end + 1)
                        };
                        let ti = frame.next_ti;
                        if !self.failed.contains(&(ti, end)) {
                            seg = self.segment(ti, end);
                            if matches!(seg, Segment::Mismatch) {
                                self.failed.insert((ti, end));
                            }
                            break;
                        }
                    }
                    None => {
                        stack.pop();
                        if let Some(outer) = stack.last() {
                            let tried = if self.greedy {
                                outer.cursor.map_or(outer.lo, |c| c + 1)
                            } else {
                                outer.cursor.map_or(outer.hi, |c| c - 1)
                            };
                            self.failed.insert((outer.next_ti, tried));
                        }
                    }
                }
            }
        }
    }

    /// Matches tokens from `ti` at `pos` up to the next star or the end of the pattern.
    fn segment(&self, mut ti: usize, mut pos: usize) -> Segment {
        while let Some(tok) = self.tokens.get(ti) {
            match tok {
                Token::Star => return Segment::Star(ti, pos),
                Token::Literal(c) if self.text.get(pos) == Some(c) => {}
                Token::AnyChar if self.text.get(pos).is_some_and(|c| *c != '\n') => {}
                _ => return Segment::Mismatch,
            }
            ti += 1;
            pos += 1;
        }
        Segment::Matched(pos)
    }

    /// Leftmost match at or after `from`: `(start, end)`.
    pub fn find(&mut self, from: usize) -> Option<(usize, usize)> {
        (from..=self.text.len()).find_map(|s| self.match_at(s).map(|e| (s, e)))
    }
}

/// `${v#p}` / `${v##p}`: removes the matched prefix (shortest unless `longest`).
pub fn trim_prefix(value: &str, tokens: &[Token], longest: bool) -> String {
    let text: Vec<char> = value.chars().collect();
    match Matcher::new(tokens, &text, longest).match_at(0) {
        Some(end) => text[end..].iter().collect(),
        None => value.to_string(),
    }
}

/// `${v%p}` / `${v%%p}`: removes the matched suffix. BuildKit reverses both the pattern
/// and the value and trims a prefix, so that is what happens here too.
pub fn trim_suffix(value: &str, tokens: &[Token], longest: bool) -> String {
    let mut text: Vec<char> = value.chars().collect();
    text.reverse();
    let reversed: Vec<Token> = tokens.iter().rev().copied().collect();
    let kept = match Matcher::new(&reversed, &text, longest).match_at(0) {
        Some(end) => &text[end..],
        None => &text[..],
    };
    kept.iter().rev().collect()
}

/// `${v/p/r}` (first match) and `${v//p/r}` (every match), greedy and unanchored, with
/// Go's rule that an empty match right after a previous match is skipped.
pub fn replace(value: &str, tokens: &[Token], replacement: &str, all: bool) -> String {
    let text: Vec<char> = value.chars().collect();
    let mut out = String::with_capacity(value.len());
    let mut copied = 0;
    let mut pos = 0;
    let mut prev_end: Option<usize> = None;
    let mut matcher = Matcher::new(tokens, &text, true);
    while pos <= text.len() {
        let Some((s, e)) = matcher.find(pos) else {
            break;
        };
        if s == e && prev_end == Some(s) {
            pos = s + 1;
            continue;
        }
        out.extend(&text[copied..s]);
        out.push_str(replacement);
        copied = e;
        prev_end = Some(e);
        if !all {
            break;
        }
        pos = if e > s { e } else { s + 1 };
    }
    out.extend(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(p: &str) -> Vec<Token> {
        compile(p).unwrap()
    }

    #[test]
    fn prefix_and_suffix_trimming() {
        assert_eq!(trim_prefix("abcabc", &c("*b"), false), "cabc");
        assert_eq!(trim_prefix("abcabc", &c("*b"), true), "c");
        assert_eq!(trim_suffix("abcabc", &c("b*"), false), "abca");
        assert_eq!(trim_suffix("abcabc", &c("b*"), true), "a");
        assert_eq!(trim_prefix("abc", &c("x"), true), "abc");
        assert_eq!(trim_prefix("a*c", &c("a\\*"), false), "c");
        assert_eq!(trim_prefix("[a]b", &c("[a]"), false), "b");
    }

    #[test]
    fn replacement_follows_go_regexp() {
        assert_eq!(replace("aXbXc", &c("X"), "-", false), "a-bXc");
        assert_eq!(replace("aXbXc", &c("X"), "-", true), "a-b-c");
        assert_eq!(replace("abc", &c(""), "-", true), "-a-b-c-");
        assert_eq!(replace("abc", &c("*"), "-", true), "-");
        assert_eq!(replace("a.b.c", &c("?.*"), "", false), "");
        assert_eq!(replace("l1\nl2", &c("*"), "x", true), "x\nx");
    }

    #[test]
    fn invalid_escapes_are_errors() {
        assert_eq!(compile("a\\b").unwrap_err(), "invalid escape '\\b'");
        assert_eq!(c("\\}"), vec![Token::Literal('}')]);
    }

    #[test]
    fn many_stars_stay_fast() {
        let text = "a".repeat(300);
        let p = c(&"*a".repeat(10));
        let mut p2 = p.clone();
        p2.push(Token::Literal('b'));
        assert_eq!(replace(&text, &p2, "", true), text);
        // A long literal pattern must not recurse per character.
        let long = "x".repeat(100_000);
        assert_eq!(trim_prefix(&long, &c(&long), false), "");
    }
}
