//! Inlay hints (the resolved value of FROM lines that use variables) and selection
//! ranges (word, flag, instruction, stage, file).

use dlint_semantic::{Base, ExpandedText};
use dlint_syntax::Span;
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

/// The whitespace-delimited word around `offset`.
fn word_at(text: &str, offset: usize) -> Option<Span> {
    let b = text.as_bytes();
    let mut s = offset;
    while s > 0 && !b[s - 1].is_ascii_whitespace() {
        s -= 1;
    }
    let mut e = offset;
    while e < b.len() && !b[e].is_ascii_whitespace() {
        e += 1;
    }
    (e > s).then_some(Span::new(s, e))
}

pub fn selection_range(snap: &Snapshot, enc: Encoding, offset: usize) -> SelectionRange {
    let mut spans: Vec<Span> = Vec::new();
    spans.extend(word_at(&snap.text, offset));
    if let Some(ins) = snap.syntax.instruction_at(offset) {
        let eff = ins.effective();
        spans.extend(
            eff.flags
                .iter()
                .filter(|f| f.span.touches(offset))
                .map(|f| f.span),
        );
        spans.extend(
            eff.heredocs
                .iter()
                .map(|h| h.body_span)
                .filter(|b| b.touches(offset)),
        );
        spans.push(eff.span);
        spans.push(ins.span);
    }
    if let Some(stage) = snap.model().stage_at(offset) {
        if stage.span.touches(offset) {
            spans.push(stage.span);
        }
    }
    spans.push(Span::new(0, snap.text.len()));
    spans.retain(|s| s.touches(offset));
    spans.sort_by_key(|s| (s.len(), std::cmp::Reverse(s.start)));
    spans.dedup();
    // Build from the outside in: each range's parent is the next larger one.
    let mut current: Option<SelectionRange> = None;
    for span in spans.into_iter().rev() {
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
