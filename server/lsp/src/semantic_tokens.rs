//! Semantic tokens (full, range and delta), computed in one linear pass over the syntax
//! and the semantic model. Nested tokens (a `$VAR` inside a flag value) are flattened so
//! no two tokens overlap, and tokens are split at line ends (clients need not support
//! multi-line tokens).

use dlint_syntax::{Body, Command, InstructionKind, Span};
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensEdit,
    SemanticTokensLegend,
};

use crate::convert::Encoding;
use crate::store::Snapshot;

/// Token types, in legend order.
const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,   // 0
    SemanticTokenType::COMMENT,   // 1
    SemanticTokenType::PARAMETER, // 2: flag names
    SemanticTokenType::STRING,    // 3: flag values, directive values
    SemanticTokenType::VARIABLE,  // 4
    SemanticTokenType::NAMESPACE, // 5: stage names
    SemanticTokenType::CLASS,     // 6: base images
    SemanticTokenType::MACRO,     // 7: parser directive names
    SemanticTokenType::OPERATOR,  // 8: heredoc markers and terminators
    SemanticTokenType::PROPERTY,  // 9: LABEL keys
];
const KEYWORD: u32 = 0;
const COMMENT: u32 = 1;
const PARAMETER: u32 = 2;
const STRING: u32 = 3;
const VARIABLE: u32 = 4;
const NAMESPACE: u32 = 5;
const CLASS: u32 = 6;
const MACRO: u32 = 7;
const OPERATOR: u32 = 8;
const PROPERTY: u32 = 9;

const MODIFIERS: &[SemanticTokenModifier] = &[
    SemanticTokenModifier::DECLARATION,
    SemanticTokenModifier::DEPRECATED,
];
const DECLARATION: u32 = 1;
const DEPRECATED: u32 = 2;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: MODIFIERS.to_vec(),
    }
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    span: Span,
    ty: u32,
    mods: u32,
}

fn raw_tokens(snap: &Snapshot) -> Vec<Tok> {
    let df = &snap.syntax;
    let mut out = Vec::new();
    let mut push = |span: Span, ty: u32, mods: u32| {
        if !span.is_empty() && span.end <= snap.text.len() {
            out.push(Tok { span, ty, mods });
        }
    };
    for d in &df.directives {
        push(d.name_span, MACRO, 0);
        push(d.value_span, STRING, 0);
    }
    for c in &df.comments {
        push(c.span, COMMENT, 0);
    }
    for ins in &df.instructions {
        let mut current = Some(ins);
        while let Some(i) = current {
            let deprecated = if i.kind == InstructionKind::Maintainer {
                DEPRECATED
            } else {
                0
            };
            push(i.keyword_span, KEYWORD, deprecated);
            for f in &i.flags {
                push(Span::new(f.span.start, f.name_span.end), PARAMETER, 0);
                if let Some(v) = f.value_span {
                    push(v, STRING, 0);
                }
            }
            if let Body::From {
                image,
                as_keyword,
                stage_name,
                ..
            } = &i.body
            {
                if let Some(w) = image {
                    push(w.span, CLASS, 0);
                }
                if let Some(s) = as_keyword {
                    push(*s, KEYWORD, 0);
                }
                if let Some(w) = stage_name {
                    push(w.span, NAMESPACE, DECLARATION);
                }
            }
            match &i.body {
                Body::Command(Some(Command::Exec(e)))
                | Body::Healthcheck {
                    command: Some(Command::Exec(e)),
                    ..
                } => {
                    for w in &e.elements {
                        push(w.span, STRING, 0);
                    }
                }
                Body::Paths { json: true, paths } => {
                    for w in paths {
                        push(w.span, STRING, 0);
                    }
                }
                // Values are strings wherever they are: flag values, ENV, LABEL and ARG
                // values (variables inside them cut holes).
                Body::KeyValues { pairs, .. } => {
                    for kv in pairs {
                        if i.kind == InstructionKind::Label {
                            push(kv.key.span, PROPERTY, 0);
                        }
                        push(kv.value.span, STRING, 0);
                    }
                }
                Body::Args(decls) => {
                    for d in decls {
                        if let Some(v) = &d.default {
                            push(v.span, STRING, 0);
                        }
                    }
                }
                _ => {}
            }
            if let Body::Healthcheck { kind: Some(w), .. } = &i.body {
                // `CMD` and `NONE` are HEALTHCHECK's sub-keywords, as `AS` is FROM's.
                if ["CMD", "NONE"]
                    .iter()
                    .any(|k| w.text.eq_ignore_ascii_case(k))
                {
                    push(w.span, KEYWORD, 0);
                }
            }
            for h in &i.heredocs {
                push(h.word_span, OPERATOR, 0);
                if let Some(t) = h.terminator_span {
                    push(t, OPERATOR, 0);
                }
            }
            current = match &i.body {
                Body::Onbuild(Some(inner)) => Some(inner),
                _ => None,
            };
        }
    }
    // What the semantic model says about a span is more specific than its syntax (a flag
    // value that is exactly `$VAR` is a variable, a FROM image that names a stage is a
    // stage), so these come last: of two tokens on one span, the later wins.
    let model = snap.model();
    for d in &model.declarations {
        push(d.name_span, VARIABLE, DECLARATION);
    }
    for r in &model.references {
        push(r.span, VARIABLE, 0);
    }
    for u in crate::stages::uses(&snap.text, df)
        .iter()
        .filter(|u| !u.declaration)
    {
        push(u.span, NAMESPACE, 0);
    }
    out
}

/// Makes tokens disjoint: an inner token cuts a hole in the token around it; a token
/// crossing another's end is dropped; of two tokens with the same span, the one pushed
/// later replaces the earlier (the sort is stable).
fn flatten(mut toks: Vec<Tok>) -> Vec<Tok> {
    toks.sort_by_key(|t| (t.span.start, std::cmp::Reverse(t.span.end)));
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut stack: Vec<Tok> = Vec::new();
    let mut pos = 0usize;
    let emit = |t: Tok, from: usize, to: usize, out: &mut Vec<Tok>| {
        let from = from.max(t.span.start);
        if from < to {
            out.push(Tok {
                span: Span::new(from, to),
                ..t
            });
        }
    };
    for t in toks {
        while let Some(top) = stack.last().copied() {
            if top.span.end <= t.span.start {
                emit(top, pos, top.span.end, &mut out);
                pos = pos.max(top.span.end);
                stack.pop();
            } else {
                break;
            }
        }
        if t.span.start < pos {
            continue;
        }
        if let Some(top) = stack.last().copied() {
            if t.span == top.span {
                stack.pop();
                stack.push(t);
                continue;
            }
            if t.span.end > top.span.end {
                continue;
            }
            emit(top, pos, t.span.start, &mut out);
        }
        pos = t.span.start;
        stack.push(t);
    }
    while let Some(top) = stack.pop() {
        emit(top, pos, top.span.end, &mut out);
        pos = pos.max(top.span.end);
    }
    out
}

/// The encoded tokens whose lines fall in `lines` (all when `None`).
pub fn tokens(snap: &Snapshot, enc: Encoding, lines: Option<(u32, u32)>) -> Vec<SemanticToken> {
    let mut out = Vec::new();
    let (mut prev_line, mut prev_char) = (0u32, 0u32);
    for t in flatten(raw_tokens(snap)) {
        // Split at line ends.
        let mut start = t.span.start;
        while start < t.span.end {
            let line = snap.line(start);
            let line_end = snap
                .lines
                .offset(
                    &snap.text,
                    tower_lsp_server::ls_types::Position::new(line, u32::MAX),
                    enc,
                )
                .unwrap_or(t.span.end);
            let end = t.span.end.min(line_end);
            if end > start && lines.is_none_or(|(a, b)| line >= a && line <= b) {
                let s = snap.lines.position(&snap.text, start, enc);
                let e = snap.lines.position(&snap.text, end, enc);
                let delta_line = s.line - prev_line;
                let delta_start = if delta_line == 0 {
                    s.character - prev_char
                } else {
                    s.character
                };
                out.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: e.character - s.character,
                    token_type: t.ty,
                    token_modifiers_bitset: t.mods,
                });
                (prev_line, prev_char) = (s.line, s.character);
            }
            // Skip the line terminator to the next line's start.
            let next = snap
                .lines
                .offset(
                    &snap.text,
                    tower_lsp_server::ls_types::Position::new(line + 1, 0),
                    enc,
                )
                .unwrap_or(t.span.end);
            if next <= start {
                break;
            }
            start = next.max(end);
        }
    }
    out
}

/// One edit turning `old` into `new`, in the flat integer array of the protocol.
pub fn delta(old: &[SemanticToken], new: &[SemanticToken]) -> Vec<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_mid, new_mid) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    if old_mid.is_empty() && new_mid.is_empty() {
        return Vec::new();
    }
    vec![SemanticTokensEdit {
        start: (prefix * 5) as u32,
        delete_count: (old_mid.len() * 5) as u32,
        data: Some(new_mid.to_vec()),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(s: usize, e: usize, ty: u32) -> Tok {
        Tok {
            span: Span::new(s, e),
            ty,
            mods: 0,
        }
    }

    #[test]
    fn inner_tokens_cut_holes() {
        let flat = flatten(vec![
            tok(0, 10, STRING),
            tok(3, 5, VARIABLE),
            tok(12, 14, KEYWORD),
        ]);
        let spans: Vec<(usize, usize, u32)> = flat
            .iter()
            .map(|t| (t.span.start, t.span.end, t.ty))
            .collect();
        assert_eq!(
            spans,
            [
                (0, 3, STRING),
                (3, 5, VARIABLE),
                (5, 10, STRING),
                (12, 14, KEYWORD)
            ]
        );
    }

    #[test]
    fn the_later_of_two_tokens_on_one_span_wins() {
        // A flag value that is exactly a variable, a FROM image that names a stage.
        let flat = flatten(vec![
            tok(0, 4, STRING),
            tok(0, 4, VARIABLE),
            tok(6, 9, CLASS),
        ]);
        let flat = flatten([flat, vec![tok(6, 9, NAMESPACE)]].concat());
        let spans: Vec<(usize, usize, u32)> = flat
            .iter()
            .map(|t| (t.span.start, t.span.end, t.ty))
            .collect();
        assert_eq!(spans, [(0, 4, VARIABLE), (6, 9, NAMESPACE)]);
    }

    #[test]
    fn delta_is_one_minimal_edit() {
        let t = |l| SemanticToken {
            delta_line: l,
            delta_start: 0,
            length: 1,
            token_type: 0,
            token_modifiers_bitset: 0,
        };
        let e = delta(&[t(0), t(1), t(2)], &[t(0), t(5), t(2)]);
        assert_eq!(
            e,
            vec![SemanticTokensEdit {
                start: 5,
                delete_count: 5,
                data: Some(vec![t(5)])
            }]
        );
        assert!(delta(&[t(1)], &[t(1)]).is_empty());
    }
}
