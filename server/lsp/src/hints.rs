//! Inlay hints (the resolved value of FROM lines that use variables) and selection
//! ranges (word, flag or element, line, instruction, stage, file).

use dlint_semantic::{Base, ExpandedText};
use dlint_syntax::{Body, Command, Instruction, Span};
use tower_lsp_server::ls_types::{
    InlayHint, InlayHintKind, InlayHintLabel, Position, SelectionRange,
};

use crate::convert::Encoding;
use crate::store::Snapshot;

fn value_hint(snap: &Snapshot, enc: Encoding, text: &ExpandedText) -> Option<InlayHint> {
    // Only words that use a variable, and only when the value is known for sure.
    // An empty value means an unset variable, whatever `unresolved` says.
    if !text.raw.contains('$') || text.unresolved || text.error.is_some() || text.value.is_empty() {
        return None;
    }
    Some(InlayHint {
        position: snap.range(text.span, enc).end,
        label: InlayHintLabel::String(format!("= {}", text.value)),
        kind: Some(InlayHintKind::PARAMETER),
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    })
}

/// Hints for the FROM lines within `lines` (inclusive).
pub fn inlay_hints(snap: &Snapshot, enc: Encoding, lines: (u32, u32)) -> Vec<InlayHint> {
    let mut out = Vec::new();
    for stage in &snap.model().stages {
        let line = snap.line(stage.span.start);
        if line < lines.0 || line > lines.1 {
            continue;
        }
        if let Some(p) = &stage.platform {
            out.extend(value_hint(snap, enc, p));
        }
        if let Base::Image(image) = &stage.base {
            out.extend(value_hint(snap, enc, image));
        }
    }
    out
}

/// The longest run of characters matching `keep` around `offset` (the cursor may sit
/// just after it).
fn run_at(text: &str, offset: usize, keep: impl Fn(char) -> bool) -> Option<Span> {
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| keep(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !keep(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    (end > start).then_some(Span::new(start, end))
}

/// A quoted span and the text between its quotes.
fn with_inner(text: &str, span: Span, out: &mut Vec<Span>) {
    let raw = &text[span.range()];
    if raw.len() >= 2 && (raw.starts_with('"') && raw.ends_with('"'))
        || (raw.starts_with('\'') && raw.ends_with('\''))
    {
        out.push(Span::new(span.start + 1, span.end - 1));
    }
    out.push(span);
}

/// The `,`-separated field of a `--mount` value under `offset`, and its value after `=`.
fn mount_field(text: &str, value: Span, offset: usize, out: &mut Vec<Span>) {
    let mut at = value.start;
    for field in text[value.range()].split(',') {
        let span = Span::new(at, at + field.len());
        if span.touches(offset) {
            if let Some(eq) = field.find('=') {
                out.push(Span::new(at + eq + 1, span.end));
            }
            out.push(span);
        }
        at = span.end + 1;
    }
}

/// The line of `offset` inside `within`, without its indentation and line break.
fn line_within(snap: &Snapshot, offset: usize, within: Span) -> Option<Span> {
    let text = &*snap.text;
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    let start = start + (text[start..end].len() - text[start..end].trim_start().len());
    let (start, end) = (start.max(within.start), end.min(within.end));
    (start < end).then_some(Span::new(start, end))
}

/// The spans of one instruction's parts around `offset`, innermost parts first. True when
/// the offset is in a JSON array or a heredoc, whose elements and lines stand in for
/// whitespace-separated arguments.
fn instruction_parts(
    snap: &Snapshot,
    ins: &Instruction,
    offset: usize,
    out: &mut Vec<Span>,
) -> bool {
    let text = &*snap.text;
    for f in ins.flags.iter().filter(|f| f.span.touches(offset)) {
        if let Some(v) = f.value_span.filter(|v| v.touches(offset)) {
            if f.name.eq_ignore_ascii_case("mount") {
                mount_field(text, v, offset, out);
            }
            with_inner(text, v, out);
        }
        out.push(f.span);
    }
    let exec = match &ins.body {
        Body::Command(Some(Command::Exec(e)))
        | Body::Healthcheck {
            command: Some(Command::Exec(e)),
            ..
        } => Some((e.elements.as_slice(), Some(e.span))),
        Body::Paths { json: true, paths } => Some((paths.as_slice(), json_array(text, paths))),
        _ => None,
    };
    let mut structured = false;
    if let Some((elements, Some(array))) = exec {
        if array.touches(offset) {
            structured = true;
            for w in elements.iter().filter(|w| w.span.touches(offset)) {
                with_inner(text, w.span, out);
            }
            out.push(array);
        }
    }
    if let Body::KeyValues { pairs, .. } = &ins.body {
        for kv in pairs {
            let pair = kv.key.span.cover(kv.value.span);
            if pair.touches(offset) {
                with_inner(text, kv.value.span, out);
                out.push(pair);
            }
        }
    }
    for h in &ins.heredocs {
        let end = h.terminator_span.map_or(h.body_span.end, |t| t.end);
        let whole = Span::new(h.body_span.start, end);
        if whole.contains(offset) {
            structured = true;
            out.extend(line_within(snap, offset, whole));
            out.push(h.body_span);
            out.push(whole);
        }
    }
    structured
}

/// From the `[` before the first element to the `]` after the last (COPY and ADD keep
/// their JSON elements but not the array's span).
fn json_array(text: &str, elements: &[dlint_syntax::Word]) -> Option<Span> {
    let (first, last) = (elements.first()?.span, elements.last()?.span);
    let open = text[..first.start].rfind('[')?;
    let close = last.end + text[last.end..].find(']')? + 1;
    Some(Span::new(open, close))
}

/// Expand-selection steps at `offset`, smallest first: word, the variable reference, the
/// flag value (or `--mount` field, JSON element, heredoc line) and the whole argument,
/// the instruction's line, the instruction, the stage, the file. Each step contains the
/// one before it; spans that would break the nesting are left out.
pub fn selection_range(snap: &Snapshot, enc: Encoding, offset: usize) -> SelectionRange {
    let text = &*snap.text;
    let mut spans: Vec<Span> = Vec::new();
    spans.extend(run_at(text, offset, |c| c.is_alphanumeric() || c == '_'));
    if let Some(r) = snap.model().reference_at(offset) {
        spans.push(r.span);
    }
    if let Some(ins) = snap.syntax.instruction_at(offset) {
        let eff = ins.effective();
        if !instruction_parts(snap, eff, offset, &mut spans) {
            // The whitespace-separated argument, then the instruction's line.
            spans.extend(run_at(text, offset, |c| !c.is_whitespace()));
        }
        if snap.line(ins.span.start) != snap.line(ins.span.end) {
            spans.extend(line_within(snap, offset, ins.span));
        }
        spans.push(eff.span);
        spans.push(ins.span);
    }
    // A comment or parser directive line is one step between its words and the stage.
    let df = &snap.syntax;
    spans.extend(
        df.comments
            .iter()
            .map(|c| c.span)
            .find(|c| c.touches(offset)),
    );
    spans.extend(
        df.directives
            .iter()
            .map(|d| d.span)
            .find(|d| d.touches(offset)),
    );
    if let Some(stage) = snap.model().stage_at(offset) {
        spans.push(stage.span);
    }
    spans.push(Span::new(0, text.len()));
    spans.retain(|s| s.touches(offset));
    spans.sort_by_key(|s| (s.len(), std::cmp::Reverse(s.start)));
    let mut chain: Vec<Span> = Vec::new();
    for s in spans {
        let nests = chain
            .last()
            .is_none_or(|last| *last != s && s.start <= last.start && last.end <= s.end);
        if nests {
            chain.push(s);
        }
    }
    // Build from the outside in: each range's parent is the next larger one.
    let mut current: Option<SelectionRange> = None;
    for span in chain.into_iter().rev() {
        current = Some(SelectionRange {
            range: snap.range(span, enc),
            parent: current.map(Box::new),
        });
    }
    current.unwrap_or(SelectionRange {
        range: tower_lsp_server::ls_types::Range::new(Position::new(0, 0), Position::new(0, 0)),
        parent: None,
    })
}
