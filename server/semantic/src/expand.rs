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
    let mut lx = Lexer {
        src: raw,
        pos: 0,
        escape,
        env,
        lookups: true,
        process_quotes,
        refs: Vec::new(),
    };
    let mut value = String::new();
    let mut error = None;
    // BuildKit stops at the first error; continuing from where it stopped lets every
    // later reference still be reported.
    while lx.pos < raw.len() {
        match lx.stop_on(None, false) {
            Ok(v) if error.is_none() => value.push_str(&v),
            Ok(_) => {}
            Err(e) => {
                error.get_or_insert(e);
            }
        }
    }
    let mut refs = lx.refs;
    refs.sort_by_key(|r| r.range.start);
    Expansion { value, refs, error }
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
}

fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

pub(crate) fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl<'a, L: Lookup + ?Sized> Lexer<'a, L> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
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

    /// Reads up to `stop` (consumed) or the end. `raw_escapes` keeps escape characters in
    /// the output (pattern text, where the pattern compiler interprets them).
    fn stop_on(&mut self, stop: Option<char>, raw_escapes: bool) -> Result<String, ExpandError> {
        let start = self.pos;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.bump();
                return Ok(out);
            }
            match c {
                '$' => out.push_str(&self.dollar()?),
                '\'' if self.process_quotes => out.push_str(&self.single_quote()?),
                '"' if self.process_quotes => out.push_str(&self.double_quote(raw_escapes)?),
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
                        out.push(c);
                    }
                }
            }
        }
        match stop {
            Some(s) => self.err(
                format!("unexpected end of statement while looking for matching {s}"),
                start,
            ),
            None => Ok(out),
        }
    }

    fn single_quote(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        self.bump();
        let body_start = self.pos;
        match self.src[body_start..].find('\'') {
            Some(len) => {
                self.pos = body_start + len + 1;
                let body = &self.src[body_start..body_start + len];
                self.note_quoted_refs(body, body_start);
                Ok(body.to_string())
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

    fn double_quote(&mut self, raw_escapes: bool) -> Result<String, ExpandError> {
        let start = self.pos;
        self.bump();
        let mut out = String::new();
        loop {
            match self.peek() {
                None => {
                    return self.err(
                        "unexpected end of statement while looking for matching double-quote",
                        start,
                    )
                }
                Some('"') => {
                    self.bump();
                    return Ok(out);
                }
                Some('$') => out.push_str(&self.dollar()?),
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

    fn name(&mut self) -> String {
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
            _ => {
                while self.peek().is_some_and(is_name_char) {
                    self.bump();
                }
            }
        }
        self.src[start..self.pos].to_string()
    }

    fn lookup(&self, name: &str) -> Option<&'a str> {
        self.env.get(name)
    }

    fn record(&mut self, name: &str, start: usize, name_range: Range<usize>, form: RefForm) {
        if name.is_empty() {
            return;
        }
        let set = self.lookups.then(|| self.lookup(name).is_some());
        self.refs.push(VarRef {
            name: name.to_string(),
            range: start..self.pos,
            name_range,
            form,
            in_single_quotes: false,
            set,
        });
    }

    fn dollar(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        self.bump();
        if self.peek() != Some('{') {
            let name_start = self.pos;
            let name = self.name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            self.record(&name, start, name_start..self.pos, RefForm::Bare);
            return Ok(self.lookup(&name).unwrap_or("").to_string());
        }
        self.bump();
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
            self.record(&name, start, name_range, RefForm::Other);
            return self.err("syntax error: missing '}'", start);
        };
        match ch {
            '}' => {
                self.record(&name, start, name_range, RefForm::Braced);
                Ok(self.lookup(&name).unwrap_or("").to_string())
            }
            ':' | '+' | '-' | '?' | '#' | '%' => self.modifier(start, &name, name_range, ch),
            '/' => self.substitution(start, &name, name_range),
            other => {
                self.record(&name, start, name_range, RefForm::Other);
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
        let word = self.stop_on(Some('}'), pattern_op);
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
        let pattern = self.stop_on(Some('/'), true);
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
        let replacement = self.stop_on(Some('}'), true);
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
