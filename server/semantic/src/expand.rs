//! BuildKit's builder-side variable expansion (the `shell/lex.go` behaviour), written from
//! the spec in `buildkit-parsing.md` §7.
//!
//! [`expand`] takes one raw word (quotes and escapes as written), the escape character
//! and a variable [`Lookup`], and returns the value after expansion and quote removal,
//! every variable reference with its byte range in the raw word, and BuildKit's error if
//! the word does not expand. Unlike BuildKit, which stops at the first error, the lexer
//! keeps scanning after an error so that editors still see every reference.

use crate::pattern;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// Where variable values come from during expansion.
pub trait Lookup {
    /// The value of `name`, or `None` when it is unset (set-but-empty is `Some("")`).
    fn get(&self, name: &str) -> Option<&str>;
}

/// Nothing is set: used to collect references without a scope.
pub struct NoVars;

impl Lookup for NoVars {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

impl Lookup for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(String::as_str)
    }
}

impl Lookup for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(String::as_str)
    }
}

impl Lookup for [(&str, &str)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }
}

/// How a variable is referenced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefForm {
    /// `$v`
    Bare,
    /// `${v}`
    Braced,
    /// `${v:-w}` (`colon`) or `${v-w}`.
    Default { colon: bool },
    /// `${v:+w}` or `${v+w}`.
    Alternative { colon: bool },
    /// `${v:?e}` or `${v?e}`.
    Required { colon: bool },
    /// `${v#p}` or `${v##p}` (`longest`).
    TrimPrefix { longest: bool },
    /// `${v%p}` or `${v%%p}`.
    TrimSuffix { longest: bool },
    /// `${v/p/r}` or `${v//p/r}` (`all`).
    Replace { all: bool },
    /// A `${v...}` form the builder rejects (or, for shell text, one it does not model,
    /// like `${#v}` or `${v:1:2}`); the name is still a reference.
    Other,
}

impl RefForm {
    /// True when the form supplies text for an unset variable (`${v:-w}`, `${v-w}`), so an
    /// unset variable is expected rather than a mistake.
    pub fn has_default(self) -> bool {
        matches!(self, RefForm::Default { .. })
    }
}

/// One `$name` / `${...}` in a raw word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    /// The variable name (`1`, `@`, `?` for positional and special parameters).
    pub name: String,
    /// The whole `$name` or `${...}` (through the closing brace) in the raw text.
    pub range: Range<usize>,
    /// Just the name.
    pub name_range: Range<usize>,
    pub form: RefForm,
    /// Written inside single quotes: literal text, not a reference. Kept so that editors
    /// can explain why `'$HOME'` does not expand.
    pub in_single_quotes: bool,
    /// Whether the lookup had a value for it (`None` when collected without a lookup or
    /// inside single quotes).
    pub set: Option<bool>,
}

impl VarRef {
    /// `$1`, `$@`, `$?` and friends rather than a named variable.
    pub fn is_special(&self) -> bool {
        !self
            .name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
    }
}

/// BuildKit's error for a word that does not expand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandError {
    /// The inner message, e.g. `syntax error: bad substitution`.
    pub message: String,
    /// The part of the raw word at fault (the `${...}` or the unterminated quote).
    pub range: Range<usize>,
}

impl ExpandError {
    /// The message as the build prints it: `failed to process "<word>": <message>`.
    pub fn build_message(&self, raw: &str) -> String {
        format!("failed to process {}: {}", go_quote(raw), self.message)
    }
}

/// The result of expanding one word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    /// The expanded value with quotes removed. After an error it holds what was produced
    /// before the error and is not meaningful to the build.
    pub value: String,
    /// References in source order.
    pub refs: Vec<VarRef>,
    /// The first error, as BuildKit would report it.
    pub error: Option<ExpandError>,
}

/// Expands `raw` the way the builder does for ENV, ARG, COPY, WORKDIR and the rest.
pub fn expand<L: Lookup + ?Sized>(raw: &str, escape: char, env: &L) -> Expansion {
    expand_with(raw, escape, env, true)
}

/// Like [`expand`]; with `process_quotes` false, quotes are ordinary characters (how the
/// builder expands ADD/COPY heredoc bodies with an unquoted delimiter).
pub fn expand_with<L: Lookup + ?Sized>(
    raw: &str,
    escape: char,
    env: &L,
    process_quotes: bool,
) -> Expansion {
    let mut value = String::new();
    let mut refs = Vec::new();
    let error = expand_into(raw, escape, env, process_quotes, &mut value, &mut refs);
    Expansion { value, refs, error }
}

/// [`expand_with`] into caller-owned buffers (appended to), so that a caller expanding
/// thousands of words reuses its allocations. Returns the first error.
pub fn expand_into<L: Lookup + ?Sized>(
    raw: &str,
    escape: char,
    env: &L,
    process_quotes: bool,
    value: &mut String,
    refs: &mut Vec<VarRef>,
) -> Option<ExpandError> {
    // Most words have nothing to expand; skip the lexer for them.
    if !needs_lexer(raw, escape, process_quotes) {
        value.push_str(raw);
        return None;
    }
    let first_ref = refs.len();
    let mut lx = Lexer {
        src: raw,
        pos: 0,
        escape,
        env,
        lookups: true,
        process_quotes,
        refs: std::mem::take(refs),
        depth: 0,
    };
    let mut error = None;
    let mut scratch = String::new();
    // BuildKit stops at the first error; continuing from where it stopped lets every
    // later reference still be reported.
    while lx.pos < raw.len() {
        // After an error the value no longer matters; keep scanning for references only.
        let out = if error.is_none() {
            &mut *value
        } else {
            scratch.clear();
            &mut scratch
        };
        if let Err(e) = lx.stop_on(None, false, out) {
            error.get_or_insert(e);
        }
    }
    *refs = lx.refs;
    refs[first_ref..].sort_by_key(|r| r.range.start);
    error
}

/// False when `raw` has no `$`, quote or escape: it expands to itself, without references
/// or errors.
pub fn needs_lexer(raw: &str, escape: char, process_quotes: bool) -> bool {
    let special = |b: u8| b == b'$' || (process_quotes && (b == b'\'' || b == b'"'));
    !escape.is_ascii() || raw.bytes().any(|b| special(b) || b == escape as u8)
}

/// The references in `raw` under the builder's quoting rules, without a scope.
pub fn builder_refs(raw: &str, escape: char) -> Vec<VarRef> {
    let mut e = expand(raw, escape, &NoVars);
    for r in &mut e.refs {
        r.set = None;
    }
    e.refs
}

/// Go's `%q` for the strings that appear in messages.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Lexer<'a, L: Lookup + ?Sized> {
    src: &'a str,
    pos: usize,
    escape: char,
    env: &'a L,
    /// Record whether each reference was set (false while collecting only).
    lookups: bool,
    process_quotes: bool,
    refs: Vec<VarRef>,
    /// Current `${...}` nesting.
    depth: usize,
}

/// How deeply `${a:-${b:-...}}` may nest (the lexer recurses once per level).
const MAX_NESTING: usize = 200;

fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

pub(crate) fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl<'a, L: Lookup + ?Sized> Lexer<'a, L> {
    fn peek(&self) -> Option<char> {
        // ASCII fast path: almost every character the lexer looks at is ASCII.
        match self.src.as_bytes().get(self.pos) {
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => self.src[self.pos..].chars().next(),
            None => None,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    fn err<T>(&self, message: impl Into<String>, start: usize) -> Result<T, ExpandError> {
        Err(ExpandError {
            message: message.into(),
            range: start..self.pos.max(start),
        })
    }

    /// Reads up to `stop` (consumed) or the end, appending to `out`. `raw_escapes` keeps
    /// escape characters in the output (pattern text, where the pattern compiler
    /// interprets them).
    fn stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
        out: &mut String,
    ) -> Result<(), ExpandError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.bump();
                return Ok(());
            }
            match c {
                '$' => self.dollar(out)?,
                '\'' if self.process_quotes => self.single_quote(out)?,
                '"' if self.process_quotes => self.double_quote(raw_escapes, out)?,
                _ => {
                    self.bump();
                    if c == self.escape {
                        if raw_escapes {
                            out.push(c);
                        }
                        match self.bump() {
                            Some(n) => out.push(n),
                            None => break,
                        }
                    } else {
                        // Copy the run of ordinary characters in one go.
                        let run_start = self.pos - c.len_utf8();
                        let run_end = self.ordinary_run_end(stop);
                        out.push_str(&self.src[run_start..run_end]);
                        self.pos = run_end;
                    }
                }
            }
        }
        match stop {
            Some(s) => self.err(
                format!("unexpected end of statement while looking for matching {s}"),
                start,
            ),
            None => Ok(()),
        }
    }

    /// A word read up to `stop`, as a new string (modifier words and patterns).
    fn word_until(&mut self, stop: char, raw_escapes: bool) -> Result<String, ExpandError> {
        let mut w = String::new();
        self.stop_on(Some(stop), raw_escapes, &mut w)?;
        Ok(w)
    }

    fn single_quote(&mut self, out: &mut String) -> Result<(), ExpandError> {
        let start = self.pos;
        self.bump();
        let body_start = self.pos;
        match self.src[body_start..].find('\'') {
            Some(len) => {
                self.pos = body_start + len + 1;
                let body = &self.src[body_start..body_start + len];
                self.note_quoted_refs(body, body_start);
                out.push_str(body);
                Ok(())
            }
            None => {
                self.pos = self.src.len();
                self.note_quoted_refs(&self.src[body_start..], body_start);
                self.err(
                    "unexpected end of statement while looking for matching single-quote",
                    start,
                )
            }
        }
    }

    /// Records `$name` / `${name}` inside single quotes as non-references.
    fn note_quoted_refs(&mut self, body: &str, base: usize) {
        for r in crate::shell_refs::quoted_refs(body, base) {
            self.refs.push(r);
        }
    }

    fn double_quote(&mut self, raw_escapes: bool, out: &mut String) -> Result<(), ExpandError> {
        let start = self.pos;
        let mark = out.len();
        self.bump();
        loop {
            match self.peek() {
                None => {
                    // BuildKit yields nothing for the unterminated string.
                    out.truncate(mark);
                    return self.err(
                        "unexpected end of statement while looking for matching double-quote",
                        start,
                    );
                }
                Some('"') => {
                    self.bump();
                    return Ok(());
                }
                Some('$') => self.dollar(out)?,
                Some(c) => {
                    self.bump();
                    if c == self.escape {
                        if raw_escapes {
                            out.push(c);
                        }
                        match self.peek() {
                            // A trailing escape is dropped.
                            None => continue,
                            Some(n) if n == '"' || n == '$' || n == self.escape => {
                                self.bump();
                                out.push(n);
                            }
                            // Other escapes stay as written.
                            Some(_) => out.push(c),
                        }
                    } else {
                        out.push(c);
                    }
                }
            }
        }
    }

    fn name(&mut self) -> &'a str {
        let start = self.pos;
        match self.peek() {
            Some(c) if c.is_numeric() => {
                while self.peek().is_some_and(char::is_numeric) {
                    self.bump();
                }
            }
            Some(c) if is_special_param(c) => {
                self.bump();
            }
            _ => loop {
                let ascii_name_len = self.src.as_bytes()[self.pos..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                self.pos += ascii_name_len;
                // Unicode letters and digits are name characters too.
                match self.peek() {
                    Some(c) if !c.is_ascii() && is_name_char(c) => {
                        self.bump();
                    }
                    _ => break,
                }
            },
        }
        &self.src[start..self.pos]
    }

    fn lookup(&self, name: &str) -> Option<&'a str> {
        self.env.get(name)
    }

    /// The end of the run of characters from `self.pos` that `stop_on` copies unchanged.
    fn ordinary_run_end(&self, stop: Option<char>) -> usize {
        let escape = self.escape;
        let quotes = self.process_quotes;
        let special = |c: char| {
            c == '$' || c == escape || Some(c) == stop || (quotes && (c == '\'' || c == '"'))
        };
        let rest = &self.src[self.pos..];
        let found = if escape.is_ascii() && stop.is_none_or(|s| s.is_ascii()) {
            // Every special character is ASCII, so a byte scan cannot split a character.
            rest.bytes().position(|b| b < 0x80 && special(b as char))
        } else {
            rest.char_indices()
                .find(|&(_, c)| special(c))
                .map(|(i, _)| i)
        };
        found.map_or(self.src.len(), |i| self.pos + i)
    }

    fn record(&mut self, name: &str, start: usize, name_range: Range<usize>, form: RefForm) {
        let value = self.lookup(name);
        self.record_with(name, start, name_range, form, value);
    }

    /// Records a reference whose value was already looked up.
    fn record_with(
        &mut self,
        name: &str,
        start: usize,
        name_range: Range<usize>,
        form: RefForm,
        value: Option<&str>,
    ) {
        if name.is_empty() {
            return;
        }
        let set = self.lookups.then_some(value.is_some());
        self.refs.push(VarRef {
            name: name.to_string(),
            range: start..self.pos,
            name_range,
            form,
            in_single_quotes: false,
            set,
        });
    }

    fn dollar(&mut self, out: &mut String) -> Result<(), ExpandError> {
        let start = self.pos;
        self.bump();
        if self.peek() != Some('{') {
            let name_start = self.pos;
            let name = self.name();
            if name.is_empty() {
                out.push('$');
                return Ok(());
            }
            let value = self.lookup(name);
            self.record_with(name, start, name_start..self.pos, RefForm::Bare, value);
            out.push_str(value.unwrap_or(""));
            return Ok(());
        }
        self.bump();
        if self.depth >= MAX_NESTING {
            // Refuse absurd nesting instead of exhausting the stack; BuildKit has no such
            // limit, but no real Dockerfile comes near it.
            return self.err("syntax error: substitutions nested too deeply", start);
        }
        self.depth += 1;
        let result = self.braced(start, out);
        self.depth -= 1;
        result
    }

    /// `${...}` after the `${` at `start`.
    fn braced(&mut self, start: usize, out: &mut String) -> Result<(), ExpandError> {
        match self.peek() {
            None => return self.err("syntax error: missing '}'", start),
            Some('{' | '}' | ':') => return self.err("syntax error: bad substitution", start),
            _ => {}
        }
        let name_start = self.pos;
        let name = self.name();
        let name_range = name_start..self.pos;
        let Some(ch) = self.bump() else {
            // BuildKit's own text here is `unsupported modifier (\u{FFFD})`, an artefact of
            // reading past the end; the spec names the real problem instead.
            self.record(name, start, name_range, RefForm::Other);
            return self.err("syntax error: missing '}'", start);
        };
        match ch {
            '}' => {
                let value = self.lookup(name);
                self.record_with(name, start, name_range, RefForm::Braced, value);
                out.push_str(value.unwrap_or(""));
                Ok(())
            }
            ':' | '+' | '-' | '?' | '#' | '%' => {
                out.push_str(&self.modifier(start, name, name_range, ch)?);
                Ok(())
            }
            '/' => {
                out.push_str(&self.substitution(start, name, name_range)?);
                Ok(())
            }
            other => {
                self.record(name, start, name_range, RefForm::Other);
                self.err(
                    format!("unsupported modifier ({other}) in substitution"),
                    start,
                )
            }
        }
    }

    /// `${v<op>word}` for `:` `+` `-` `?` `#` `%` (`first` is the character after the name).
    fn modifier(
        &mut self,
        start: usize,
        name: &str,
        name_range: Range<usize>,
        first: char,
    ) -> Result<String, ExpandError> {
        let colon = first == ':';
        let mut op = String::from(first);
        let ch = if colon {
            match self.bump() {
                Some(c) => {
                    op.push(c);
                    Some(c)
                }
                None => {
                    op.push('\u{FFFD}');
                    None
                }
            }
        } else {
            Some(first)
        };
        let pattern_op = matches!(ch, Some('#' | '%'));
        if colon && pattern_op {
            self.record(name, start, name_range, RefForm::Other);
            return self.err(
                format!("unsupported modifier ({op}) in substitution"),
                start,
            );
        }
        let word = self.word_until('}', pattern_op);
        let form = match ch {
            Some('-') => RefForm::Default { colon },
            Some('+') => RefForm::Alternative { colon },
            Some('?') => RefForm::Required { colon },
            Some('#') => RefForm::TrimPrefix {
                longest: word.as_deref().is_ok_and(|w| w.starts_with('#')),
            },
            Some('%') => RefForm::TrimSuffix {
                longest: word.as_deref().is_ok_and(|w| w.starts_with('%')),
            },
            _ => RefForm::Other,
        };
        self.record(name, start, name_range, form);
        let word = match word {
            Ok(w) => w,
            Err(e) if self.at_end() => {
                let _ = e;
                return self.err("syntax error: missing '}'", start);
            }
            Err(e) => return Err(e),
        };
        let value = self.lookup(name);
        let empty = value.is_none_or(|v| colon && v.is_empty());
        match ch {
            Some('-') => Ok(if empty {
                word
            } else {
                value.unwrap_or("").to_string()
            }),
            Some('+') => Ok(if empty { String::new() } else { word }),
            Some('?') => match value {
                None => {
                    let msg = if word.is_empty() {
                        "is not allowed to be unset"
                    } else {
                        &word
                    };
                    self.err(format!("{name}: {msg}"), start)
                }
                Some("") if colon => {
                    let msg = if word.is_empty() {
                        "is not allowed to be empty"
                    } else {
                        &word
                    };
                    self.err(format!("{name}: {msg}"), start)
                }
                Some(v) => Ok(v.to_string()),
            },
            Some(op_char @ ('#' | '%')) => {
                let (longest, pat) = match word.strip_prefix(op_char) {
                    Some(rest) => (true, rest),
                    None => (false, word.as_str()),
                };
                let tokens = self.compile_pattern(pat, start)?;
                let v = value.unwrap_or("");
                Ok(if op_char == '#' {
                    pattern::trim_prefix(v, &tokens, longest)
                } else {
                    pattern::trim_suffix(v, &tokens, longest)
                })
            }
            _ => self.err(
                format!("unsupported modifier ({op}) in substitution"),
                start,
            ),
        }
    }

    /// `${v/p/r}` and `${v//p/r}`.
    fn substitution(
        &mut self,
        start: usize,
        name: &str,
        name_range: Range<usize>,
    ) -> Result<String, ExpandError> {
        let all = self.peek() == Some('/');
        if all {
            self.bump();
        }
        let pattern = self.word_until('/', true);
        let pattern = match pattern {
            Ok(p) => p,
            Err(e) => {
                self.record(name, start, name_range, RefForm::Replace { all });
                return if self.at_end() {
                    self.err("syntax error: missing '/' in ${}", start)
                } else {
                    Err(e)
                };
            }
        };
        let replacement = self.word_until('}', true);
        self.record(name, start, name_range, RefForm::Replace { all });
        let replacement = match replacement {
            Ok(r) => r,
            Err(_) if self.at_end() => return self.err("syntax error: missing '}'", start),
            Err(e) => return Err(e),
        };
        let tokens = self.compile_pattern(&pattern, start)?;
        let value = self.lookup(name).unwrap_or("");
        Ok(pattern::replace(value, &tokens, &replacement, all))
    }

    fn compile_pattern(&self, pat: &str, start: usize) -> Result<Vec<pattern::Token>, ExpandError> {
        pattern::compile(pat).or_else(|inner| {
            self.err(
                format!("invalid pattern ({pat}) in substitution: {inner}"),
                start,
            )
        })
    }
}
