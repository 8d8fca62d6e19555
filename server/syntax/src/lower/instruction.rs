//! Lowering of one joined instruction line: keyword, flags and the per-instruction body
//! (BuildKit's `splitCommand` and the `dispatch` table of line parsers).

use super::json::{parse_array, JsonArray};
use super::logical::{slice, source_span};
use super::text::{skip_space, trim_end_space};
use super::words::{extract_flags, quote_aware_words, split_first, split_ws};
use crate::ast::*;

pub(crate) const NOT_STRINGS: &str =
    "when using JSON array syntax, arrays must be comprised of strings only";

/// An instruction without its line information (filled in by the caller).
pub(crate) struct Node {
    pub kind: InstructionKind,
    pub keyword: String,
    pub keyword_span: Span,
    /// Source span from the keyword to the end of the trimmed line.
    pub span: Span,
    pub flags: Vec<Flag>,
    pub rest: LogicalText,
    pub body: Body,
    /// BuildKit's `canContainHeredoc`: RUN, COPY or ADD (or an ONBUILD with such a
    /// trigger) not in exec form.
    pub heredoc_ok: bool,
}

/// ONBUILD triggers nest; past this depth the trigger is not lowered (BuildKit has no
/// limit, but nobody writes `ONBUILD ONBUILD …` a hundred times and our stack is finite).
const MAX_ONBUILD_DEPTH: usize = 100;

/// Lowers a joined line (`line` is the whole logical line, keyword included).
pub(crate) fn lower_line(line: &LogicalText, escape: char, errors: &mut Vec<SyntaxError>) -> Node {
    lower_nested(line, escape, errors, 0)
}

fn lower_nested(
    line: &LogicalText,
    escape: char,
    errors: &mut Vec<SyntaxError>,
    depth: usize,
) -> Node {
    let t = &line.text;
    let a = skip_space(t, 0, t.len());
    let b = trim_end_space(t, a, t.len());
    let (kw_len, rest_rel) = split_first(&t[a..b]);
    let kw_end = a + kw_len;
    let keyword = t[a..kw_end].to_owned();
    let kind = InstructionKind::from_keyword(&keyword);
    let rest_start = rest_rel.map_or(b, |r| a + r);
    let rest = slice(line, rest_start, b);
    let (raw_flags, args_rel) = extract_flags(&rest.text, escape);
    let flags = raw_flags.into_iter().map(|f| to_flag(&rest, f)).collect();
    let args_start = skip_space(&rest.text, args_rel, rest.text.len());
    let args = slice(&rest, args_start, rest.text.len());
    let mut json = false;
    let mut heredoc_ok = false;
    let body = if kind == InstructionKind::Onbuild {
        if args.text.is_empty() || depth >= MAX_ONBUILD_DEPTH {
            Body::Onbuild(None)
        } else {
            let inner = lower_nested(&args, escape, errors, depth + 1);
            heredoc_ok = inner.heredoc_ok;
            Body::Onbuild(Some(Box::new(inner.into_instruction())))
        }
    } else {
        let body = lower_body(kind, args, escape, errors, &mut json);
        heredoc_ok = kind.allows_heredocs() && !json;
        body
    };
    Node {
        kind,
        keyword,
        keyword_span: source_span(line, a, kw_end),
        span: source_span(line, a, b),
        flags,
        rest,
        body,
        heredoc_ok,
    }
}

impl Node {
    /// An instruction with empty line information, comments and heredocs (the driver
    /// fills those in).
    pub fn into_instruction(self) -> Instruction {
        Instruction {
            kind: self.kind,
            keyword: self.keyword,
            keyword_span: self.keyword_span,
            span: self.span,
            start_line: 0,
            end_line: 0,
            flags: self.flags,
            rest: self.rest,
            body: self.body,
            heredocs: Vec::new(),
            doc_comments: Vec::new(),
            empty_continuation_lines: Vec::new(),
        }
    }
}

fn to_flag(rest: &LogicalText, f: super::words::RawFlag) -> Flag {
    let (name, value, name_end, value_span) = match f.eq_at {
        Some(eq) => {
            let cut = f.text.find('=').unwrap_or(f.text.len());
            (
                f.text[2..cut].to_owned(),
                Some(f.text[cut + 1..].to_owned()),
                eq,
                Some(source_span(rest, eq + 1, f.end)),
            )
        }
        None => (f.text[2..].to_owned(), None, f.end, None),
    };
    Flag {
        name,
        value,
        span: source_span(rest, f.start, f.end),
        name_span: source_span(rest, (f.start + 2).min(name_end), name_end),
        value_span,
        text: f.text,
    }
}

fn word(lt: &LogicalText, text: String, start: usize, end: usize) -> Word {
    Word {
        text,
        span: source_span(lt, start, end),
    }
}

fn whole(args: &LogicalText) -> Option<Word> {
    if args.text.is_empty() {
        return None;
    }
    Some(word(args, args.text.clone(), 0, args.text.len()))
}

fn ws_words(args: &LogicalText) -> Vec<Word> {
    if args.text.is_empty() {
        return Vec::new();
    }
    split_ws(&args.text)
        .into_iter()
        .map(|(s, e)| word(args, args.text[s..e].to_owned(), s, e))
        .collect()
}

enum Json {
    Elements(Vec<Word>, Span),
    NotJson,
}

/// BuildKit's `parseJSON` plus the error policy of `parseMaybeJSON`: a valid array of
/// non-strings is a hard error (recorded; the caller falls back to the non-JSON form).
fn try_json(args: &LogicalText, errors: &mut Vec<SyntaxError>) -> Json {
    if !args.text.starts_with('[') {
        return Json::NotJson;
    }
    match parse_array(&args.text) {
        JsonArray::Strings(elems) => {
            let words = elems
                .into_iter()
                .map(|e| word(args, e.value, e.start, e.end))
                .collect();
            let end = args.text.trim_end_matches([' ', '\t', '\n', '\r']).len();
            Json::Elements(words, source_span(args, 0, end))
        }
        JsonArray::NotStrings => {
            errors.push(SyntaxError {
                message: NOT_STRINGS.to_owned(),
                span: source_span(args, 0, args.text.len()),
            });
            Json::NotJson
        }
        JsonArray::Invalid => Json::NotJson,
    }
}

/// `parseMaybeJSON`: exec form, else the whole text as one shell string.
pub(crate) fn command(
    args: LogicalText,
    errors: &mut Vec<SyntaxError>,
    json: &mut bool,
) -> Option<Command> {
    if args.text.is_empty() {
        return None;
    }
    match try_json(&args, errors) {
        Json::Elements(elements, span) => {
            *json = true;
            Some(Command::Exec(ExecForm { elements, span }))
        }
        Json::NotJson => Some(Command::Shell(args)),
    }
}

fn lower_body(
    kind: InstructionKind,
    args: LogicalText,
    escape: char,
    errors: &mut Vec<SyntaxError>,
    json: &mut bool,
) -> Body {
    use InstructionKind as K;
    match kind {
        // The shell form keeps the argument text itself, so it takes it by value.
        K::Run | K::Cmd | K::Entrypoint | K::Shell => Body::Command(command(args, errors, json)),
        _ => lower_other_body(kind, &args, escape, errors, json),
    }
}

fn lower_other_body(
    kind: InstructionKind,
    args: &LogicalText,
    escape: char,
    errors: &mut Vec<SyntaxError>,
    json: &mut bool,
) -> Body {
    use InstructionKind as K;
    match kind {
        K::From => from_body(ws_words(args)),
        K::Expose => Body::Words(ws_words(args)),
        K::Add | K::Copy | K::Volume => match try_json(args, errors) {
            Json::Elements(paths, _) => {
                *json = true;
                Body::Paths { json: true, paths }
            }
            Json::NotJson => Body::Paths {
                json: false,
                paths: ws_words(args),
            },
        },
        K::Env | K::Label => key_values(kind, args, escape, errors),
        K::Arg => Body::Args(
            quote_aware_words(&args.text, escape)
                .into_iter()
                .map(|w| arg_decl(args, w))
                .collect(),
        ),
        K::Maintainer | K::User | K::Workdir | K::Stopsignal => Body::Text(whole(args)),
        K::Healthcheck => healthcheck(args, errors, json),
        // Commands normally go through `lower_body` without this copy.
        K::Run | K::Cmd | K::Entrypoint | K::Shell => {
            Body::Command(command(args.clone(), errors, json))
        }
        // ONBUILD is lowered by the caller, which recurses.
        K::Onbuild => Body::Onbuild(None),
        K::Unknown => Body::Unknown,
    }
}

fn from_body(words: Vec<Word>) -> Body {
    let image = words.first().cloned();
    let has_as = words.len() >= 2 && words[1].text.eq_ignore_ascii_case("as");
    Body::From {
        image,
        as_keyword: has_as.then(|| words[1].span),
        stage_name: if has_as { words.get(2).cloned() } else { None },
        words,
    }
}

fn healthcheck(args: &LogicalText, errors: &mut Vec<SyntaxError>, json: &mut bool) -> Body {
    let t = &args.text;
    let sep = t.find(char::is_whitespace).unwrap_or(t.len());
    if sep == 0 {
        return Body::Healthcheck {
            kind: None,
            command: None,
        };
    }
    let next = skip_space(t, sep, t.len());
    let cmd_text = slice(args, next, t.len());
    Body::Healthcheck {
        kind: Some(word(args, t[..sep].to_owned(), 0, sep)),
        command: command(cmd_text, errors, json),
    }
}

fn split_at_eq(lt: &LogicalText, w: &super::words::RawWord) -> (Word, Option<Word>) {
    match w.text.find('=') {
        Some(eq) => (
            word(lt, w.text[..eq].to_owned(), w.start, w.start + eq),
            Some(word(
                lt,
                w.text[eq + 1..].to_owned(),
                w.start + eq + 1,
                w.start + w.text.len(),
            )),
        ),
        None => (
            word(lt, w.text.clone(), w.start, w.start + w.text.len()),
            None,
        ),
    }
}

fn arg_decl(args: &LogicalText, w: super::words::RawWord) -> ArgDecl {
    let (name, default) = split_at_eq(args, &w);
    ArgDecl {
        word: word(args, w.text, w.start, w.end),
        name,
        default,
    }
}

/// `parseNameVal` for ENV and LABEL.
fn key_values(
    kind: InstructionKind,
    args: &LogicalText,
    escape: char,
    errors: &mut Vec<SyntaxError>,
) -> Body {
    let words = quote_aware_words(&args.text, escape);
    let Some(first) = words.first() else {
        return Body::KeyValues {
            legacy: false,
            pairs: Vec::new(),
        };
    };
    if !first.text.contains('=') {
        // Legacy `KEY value…`: the key ends at the first whitespace, quotes or not.
        let (key_end, value_start) = split_first(&args.text);
        let key = word(args, args.text[..key_end].to_owned(), 0, key_end);
        let Some(vs) = value_start else {
            errors.push(SyntaxError {
                message: format!("{} must have two arguments", kind.keyword()),
                span: source_span(args, 0, args.text.len()),
            });
            return Body::KeyValues {
                legacy: true,
                pairs: Vec::new(),
            };
        };
        let value = word(args, args.text[vs..].to_owned(), vs, args.text.len());
        return Body::KeyValues {
            legacy: true,
            pairs: vec![KeyValue {
                key,
                value,
                separator: "",
            }],
        };
    }
    let mut pairs = Vec::with_capacity(words.len());
    for w in &words {
        let (key, value) = split_at_eq(args, w);
        let Some(value) = value else {
            errors.push(SyntaxError {
                message: format!(
                    "Syntax error - can't find = in {}. Must be of the form: name=value",
                    crate::dump::go_quote(&w.text)
                ),
                span: source_span(args, w.start, w.end),
            });
            continue;
        };
        pairs.push(KeyValue {
            key,
            value,
            separator: "=",
        });
    }
    Body::KeyValues {
        legacy: false,
        pairs,
    }
}
