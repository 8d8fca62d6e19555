//! BuildKit's variable expansion of builder-expanded words (`buildkit-parsing.md` §7):
//! quotes, escapes, `$v`, `${v}` and the modifiers BuildKit supports, with the error
//! texts it gives. Besides the value, it records every variable looked up and where.

use std::ops::Range;

/// One variable use in the expanded text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarUse {
    pub name: String,
    /// The whole `$name` / `${…}` expression, as a byte range of the input.
    pub range: Range<usize>,
    /// Whether the lookup found a value (an empty value counts as found).
    pub found: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    pub value: String,
    pub uses: Vec<VarUse>,
}

/// An expansion error, with BuildKit's message and where it happened in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandError {
    pub message: String,
    pub range: Range<usize>,
}

/// Expands `text` with `lookup` (None = unset). `escape` is the file's escape character.
pub fn expand(
    text: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Expansion, ExpandError> {
    // Most words have nothing to expand, and the lexer would copy them character by
    // character: every rule that expands words sees every word of the file.
    if !text.contains(|c| matches!(c, '$' | '\'' | '"') || c == escape) {
        return Ok(Expansion {
            value: text.to_string(),
            uses: Vec::new(),
        });
    }
    lex(text, escape, lookup)
}

/// [`expand`] without its shortcut for plain words.
fn lex(
    text: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Expansion, ExpandError> {
    let mut lexer = Lexer {
        chars: text.char_indices().collect(),
        pos: 0,
        len: text.len(),
        escape,
        lookup,
        uses: Vec::new(),
    };
    let value = lexer.word(&[])?;
    Ok(Expansion {
        value,
        uses: lexer.uses,
    })
}

/// Only the variable names used (with their ranges), whatever their values: every
/// variable counts as unset, so default words of `${v:-w}` are scanned too.
pub fn references(text: &str, escape: char) -> Result<Vec<VarUse>, ExpandError> {
    expand(text, escape, &|_| None).map(|e| e.uses)
}

struct Lexer<'a> {
    chars: Vec<(usize, char)>,
    pos: usize,
    len: usize,
    escape: char,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    uses: Vec<VarUse>,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|c| c.1)
    }
    fn offset(&self) -> usize {
        self.chars.get(self.pos).map_or(self.len, |c| c.0)
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += 1;
        c
    }
    /// An error covering the rest of a `${…}` expression, up to its closing brace.
    fn error_to_brace(&mut self, start: usize, message: impl Into<String>) -> ExpandError {
        while let Some(c) = self.peek() {
            self.bump();
            if c == '}' {
                break;
            }
        }
        self.error(start, message)
    }

    fn error(&self, start: usize, message: impl Into<String>) -> ExpandError {
        ExpandError {
            message: message.into(),
            range: start..self.offset().max(start),
        }
    }

    /// Processes a word up to (not including) one of `stops` at nesting level 0.
    fn word(&mut self, stops: &[char]) -> Result<String, ExpandError> {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if stops.contains(&c) {
                break;
            }
            if c == self.escape {
                self.bump();
                // A lone escape at the very end is dropped, as BuildKit's lexer does.
                if let Some(n) = self.bump() {
                    out.push(n);
                }
            } else if c == '\'' {
                let start = self.offset();
                self.bump();
                loop {
                    match self.bump() {
                        Some('\'') => break,
                        Some(n) => out.push(n),
                        None => return Err(self.error(
                            start,
                            "unexpected end of statement while looking for matching single-quote",
                        )),
                    }
                }
            } else if c == '"' {
                self.bump();
                self.double_quoted(&mut out)?;
            } else if c == '$' {
                let v = self.dollar()?;
                out.push_str(&v);
            } else {
                self.bump();
                out.push(c);
            }
        }
        Ok(out)
    }

    fn double_quoted(&mut self, out: &mut String) -> Result<(), ExpandError> {
        let start = self.offset().saturating_sub(1);
        while let Some(c) = self.peek() {
            if c == '"' {
                self.bump();
                return Ok(());
            }
            if c == self.escape {
                self.bump();
                match self.peek() {
                    Some(n) if n == '"' || n == '$' || n == self.escape => {
                        self.bump();
                        out.push(n);
                    }
                    _ => out.push(c),
                }
            } else if c == '$' {
                let v = self.dollar()?;
                out.push_str(&v);
            } else {
                self.bump();
                out.push(c);
            }
        }
        Err(self.error(
            start,
            "unexpected end of statement while looking for matching double-quote",
        ))
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        // A leading digit run is a positional parameter (`$1`).
        if self.peek().is_some_and(|c| c.is_ascii_digit()) {
            while let Some(c) = self.peek().filter(|c| c.is_ascii_digit()) {
                name.push(c);
                self.bump();
            }
            return name;
        }
        while let Some(c) = self.peek().filter(|c| c.is_alphanumeric() || *c == '_') {
            name.push(c);
            self.bump();
        }
        name
    }

    fn record(&mut self, name: &str, start: usize) -> Option<String> {
        let value = (self.lookup)(name);
        self.uses.push(VarUse {
            name: name.to_string(),
            range: start..self.offset(),
            found: value.is_some(),
        });
        value
    }

    fn dollar(&mut self) -> Result<String, ExpandError> {
        let start = self.offset();
        self.bump(); // `$`
        match self.peek() {
            Some('{') => {
                self.bump();
                self.braced(start)
            }
            Some(c) if "@*#?-$!".contains(c) => {
                // Special one-character parameters are never set in a build.
                self.bump();
                Ok(String::new())
            }
            Some(c) if c.is_ascii_digit() => {
                // Positional parameters are never set in a build either.
                self.name();
                Ok(String::new())
            }
            Some(c) if c.is_alphanumeric() || c == '_' => {
                let name = self.name();
                Ok(self.record(&name, start).unwrap_or_default())
            }
            _ => Ok("$".to_string()),
        }
    }

    fn braced(&mut self, start: usize) -> Result<String, ExpandError> {
        let name = self.name();
        if name.is_empty() {
            return Err(self.error_to_brace(start, "syntax error: bad substitution"));
        }
        let Some(c) = self.bump() else {
            return Err(self.error(start, "syntax error: missing '}'"));
        };
        let name_end = self.offset();
        match c {
            '}' => {
                let v = self.record(&name, start);
                Ok(v.unwrap_or_default())
            }
            ':' => {
                let Some(m) = self.bump() else {
                    return Err(self.error(start, "syntax error: missing '}'"));
                };
                if !"-+?".contains(m) {
                    return Err(self.error_to_brace(
                        start,
                        format!("unsupported modifier ({m}) in substitution"),
                    ));
                }
                self.modifier(&name, start, m, true)
            }
            '-' | '+' | '?' => self.modifier(&name, start, c, false),
            '#' | '%' => {
                let longest = self.peek() == Some(c);
                if longest {
                    self.bump();
                }
                let pattern = self.word(&['}'])?;
                self.close(start)?;
                let value = self.record(&name, start).unwrap_or_default();
                Ok(trim_pattern(&value, &pattern, c == '#', longest))
            }
            '/' => {
                let all = self.peek() == Some('/');
                if all {
                    self.bump();
                }
                let pattern = self.word(&['/', '}'])?;
                let replacement = if self.peek() == Some('/') {
                    self.bump();
                    self.word(&['}'])?
                } else {
                    String::new()
                };
                self.close(start)?;
                let value = self.record(&name, start).unwrap_or_default();
                Ok(replace_pattern(&value, &pattern, &replacement, all))
            }
            _ => {
                let _ = name_end;
                Err(self.error_to_brace(start, "syntax error: bad substitution"))
            }
        }
    }

    fn close(&mut self, start: usize) -> Result<(), ExpandError> {
        match self.bump() {
            Some('}') => Ok(()),
            _ => Err(self.error(start, "syntax error: missing '}'")),
        }
    }

    fn modifier(
        &mut self,
        name: &str,
        start: usize,
        m: char,
        colon: bool,
    ) -> Result<String, ExpandError> {
        // The variable is looked up first (so it is recorded even when the word is used),
        // but the word is only evaluated when it is needed, as in a shell.
        let word_start = self.pos;
        let value = (self.lookup)(name);
        let set = match &value {
            Some(v) => !colon || !v.is_empty(),
            None => false,
        };
        let use_word = match m {
            '-' | '?' => !set,
            _ => set,
        };
        let word = if use_word {
            self.word(&['}'])?
        } else {
            // Skip the word without recording its variables.
            let saved = std::mem::take(&mut self.uses);
            let w = self.word(&['}']);
            self.uses = saved;
            w?;
            String::new()
        };
        let _ = word_start;
        self.close(start)?;
        self.uses.push(VarUse {
            name: name.to_string(),
            range: start..self.offset(),
            found: value.is_some(),
        });
        Ok(match m {
            '-' => {
                if set {
                    value.unwrap_or_default()
                } else {
                    word
                }
            }
            '+' => {
                if set {
                    word
                } else {
                    String::new()
                }
            }
            _ => {
                if set {
                    value.unwrap_or_default()
                } else if word.is_empty() {
                    let what = if colon { "empty" } else { "unset" };
                    return Err(self.error(start, format!("{name}: is not allowed to be {what}")));
                } else {
                    return Err(self.error(start, format!("{name}: {word}")));
                }
            }
        })
    }
}

/// Shell-style glob match of the whole `text` against `pattern` (`*`, `?`, `\x`).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    fn go(p: &[char], t: &[char]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some('*') => (0..=t.len()).any(|i| go(&p[1..], &t[i..])),
            Some('?') => !t.is_empty() && go(&p[1..], &t[1..]),
            Some('\\') if p.len() > 1 => t.first() == Some(&p[1]) && go(&p[2..], &t[1..]),
            Some(c) => t.first() == Some(c) && go(&p[1..], &t[1..]),
        }
    }
    go(&p, &t)
}

fn char_offsets(s: &str) -> Vec<usize> {
    s.char_indices().map(|(i, _)| i).chain([s.len()]).collect()
}

fn trim_pattern(value: &str, pattern: &str, prefix: bool, longest: bool) -> String {
    let cuts = char_offsets(value);
    let mut order: Vec<usize> = cuts.clone();
    if prefix != longest {
        // shortest prefix / longest suffix: try cut points from the start
    } else {
        order.reverse();
    }
    for cut in order {
        let (matched, rest) = if prefix {
            (&value[..cut], &value[cut..])
        } else {
            (&value[cut..], &value[..cut])
        };
        if glob_match(pattern, matched) {
            return rest.to_string();
        }
    }
    value.to_string()
}

fn replace_pattern(value: &str, pattern: &str, replacement: &str, all: bool) -> String {
    if pattern.is_empty() {
        return value.to_string();
    }
    let cuts = char_offsets(value);
    let mut out = String::new();
    let mut i = 0;
    while i < cuts.len() - 1 {
        let start = cuts[i];
        // Greedy: the longest match starting here.
        let found = cuts[i + 1..]
            .iter()
            .rev()
            .copied()
            .find(|&end| glob_match(pattern, &value[start..end]));
        match found {
            Some(end) => {
                out.push_str(replacement);
                if !all {
                    out.push_str(&value[end..]);
                    return out;
                }
                i = cuts
                    .iter()
                    .position(|&c| c == end)
                    .unwrap_or(cuts.len() - 1);
            }
            None => {
                out.push_str(&value[start..cuts[i + 1]]);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcut_for_plain_words_agrees_with_the_lexer() {
        let words = [
            "",
            "plain",
            "a b\tc",
            "/usr/local/bin:/usr/bin",
            "é-ü→x",
            "$A",
            "'q'",
            "\"q\"",
            "a\\b",
            "`x`",
            "${A:-b}c",
        ];
        for escape in ['\\', '`'] {
            for word in words {
                let (fast, slow) = (expand(word, escape, &env), lex(word, escape, &env));
                assert_eq!(fast, slow, "{word:?} with {escape:?}");
            }
        }
    }

    fn env(name: &str) -> Option<String> {
        match name {
            "A" => Some("alpha".into()),
            "E" => Some(String::new()),
            "P" => Some("a/b/c".into()),
            _ => None,
        }
    }

    fn ex(text: &str) -> Result<String, String> {
        expand(text, '\\', &env)
            .map(|e| e.value)
            .map_err(|e| e.message)
    }

    #[test]
    fn basic_forms_and_quotes() {
        assert_eq!(ex("$A-${A}").unwrap(), "alpha-alpha");
        assert_eq!(ex("'$A'\"$A\"\\$A").unwrap(), "$Aalpha$A");
        assert_eq!(
            ex("${X:-d}${E:-e}${E-f}${A:+p}${X+q}").unwrap(),
            "de".to_string() + "p"
        );
        assert_eq!(ex("cost $").unwrap(), "cost $");
        assert_eq!(
            ex("${P#*/}|${P##*/}|${P%/*}|${P%%/*}").unwrap(),
            "b/c|c|a/b|a"
        );
        assert_eq!(ex("${P/\\//-}|${P//\\//-}").unwrap(), "a-b/c|a-b-c");
    }

    #[test]
    fn errors_have_buildkit_texts() {
        assert_eq!(ex("${X?}").unwrap_err(), "X: is not allowed to be unset");
        assert_eq!(ex("${E:?}").unwrap_err(), "E: is not allowed to be empty");
        assert_eq!(ex("${X:?boom}").unwrap_err(), "X: boom");
        assert_eq!(ex("${}").unwrap_err(), "syntax error: bad substitution");
        assert_eq!(ex("${A").unwrap_err(), "syntax error: missing '}'");
        assert_eq!(
            ex("${A:1:2}").unwrap_err(),
            "unsupported modifier (1) in substitution"
        );
    }

    #[test]
    fn records_uses_with_ranges() {
        let uses = references("x ${FOO:-$BAR} $BAZ", '\\').unwrap();
        let names: Vec<_> = uses
            .iter()
            .map(|u| (u.name.as_str(), u.range.clone()))
            .collect();
        assert_eq!(names, [("BAR", 9..13), ("FOO", 2..14), ("BAZ", 15..19)]);
    }
}

/// [`expand`] over a span of the source text, with ranges shifted to source offsets.
pub fn expand_span(
    source: &str,
    span: dlint_syntax::Span,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Expansion, ExpandError> {
    let text = source.get(span.range()).unwrap_or("");
    let shift = |r: Range<usize>| r.start + span.start..r.end + span.start;
    match expand(text, escape, lookup) {
        Ok(mut e) => {
            for u in &mut e.uses {
                u.range = shift(u.range.clone());
            }
            Ok(e)
        }
        Err(mut e) => {
            e.range = shift(e.range.clone());
            Err(e)
        }
    }
}
