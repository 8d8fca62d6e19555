//! `textDocument/foldingRange`: stages, continued instructions, heredocs and runs of
//! two or more comment lines. Line-based, which every client supports.

use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

use dlint_syntax::InstructionKind;

use crate::store::Snapshot;

fn fold(start: u32, end: u32, kind: Option<FoldingRangeKind>) -> Option<FoldingRange> {
    (end > start).then_some(FoldingRange {
        start_line: start,
        start_character: None,
        end_line: end,
        end_character: None,
        kind,
        collapsed_text: None,
    })
}

pub fn folding_ranges(snap: &Snapshot) -> Vec<FoldingRange> {
    let df = &snap.syntax;
    let mut out = Vec::new();
    // Stages: from each FROM to the last line of the stage's last instruction.
    let froms: Vec<usize> = df
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| i.kind == InstructionKind::From)
        .map(|(n, _)| n)
        .collect();
    for (k, &first) in froms.iter().enumerate() {
        let last = froms.get(k + 1).map_or(df.instructions.len(), |&n| n) - 1;
        let start = snap.line(df.instructions[first].span.start);
        let end = snap.line(df.instructions[last].span.end);
        out.extend(fold(start, end, Some(FoldingRangeKind::Region)));
    }
    for ins in &df.instructions {
        out.extend(fold(
            snap.line(ins.span.start),
            snap.line(ins.span.end),
            None,
        ));
        for h in &ins.heredocs {
            let end = h.terminator_span.unwrap_or(h.body_span);
            out.extend(fold(snap.line(h.word_span.start), snap.line(end.end), None));
        }
    }
    // Comment blocks: consecutive comment lines.
    let mut run: Option<(u32, u32)> = None;
    for c in &df.comments {
        let line = snap.line(c.span.start);
        run = match run {
            Some((start, end)) if line == end + 1 => Some((start, line)),
            other => {
                if let Some((s, e)) = other {
                    out.extend(fold(s, e, Some(FoldingRangeKind::Comment)));
                }
                Some((line, line))
            }
        };
    }
    if let Some((s, e)) = run {
        out.extend(fold(s, e, Some(FoldingRangeKind::Comment)));
    }
    out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    out
}
