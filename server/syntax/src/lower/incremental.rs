//! Relowering after an edit: only the instructions the edit can change are read again.
//!
//! The reader restarts after the last instruction that ends before the edit (nothing
//! before that point can change: BuildKit reads forward only, and between instructions
//! its state is just the position, the line number and the escape character). It reads
//! on until it finishes an instruction exactly where an old instruction ended, past the
//! edit: from there the text is the old text, the reader is in the same state, so the
//! rest of the old model is kept, moved by the edit's byte and line deltas.

use super::{Driver, NO_INSTRUCTIONS};
use crate::ast::*;
use crate::shift::Shift;

/// Updates `file` (the model of the old text) for `src`, the new text, after the bytes
/// `edit` of the old text were replaced by `new_len` bytes. Falls back to a full parse
/// when the edit reaches into the directive block or the first instruction; returns
/// whether it could work incrementally.
pub fn relower(file: &mut Dockerfile, src: &str, edit: Span, new_len: usize) -> bool {
    let delta = new_len as isize - edit.len() as isize;
    let new_edit_end = edit.start + new_len;

    // Restart after the last instruction whose lines end at or before the edit.
    let old_len = (src.len() as isize - delta) as usize;
    let line_end_old = |ins: &Instruction| -> usize {
        // The old text is not at hand, but before the edit it equals the new text.
        next_line_start(src, ins.span.end).min(old_len)
    };
    // Instructions are in text order, so this holds for a prefix of them: found by
    // bisection, as a long file's instructions are many and each is large.
    let keep = file.instructions.partition_point(|i| {
        // An instruction that reaches the end of the file may have ended only because the
        // file did (an open continuation or heredoc): text appended there joins it.
        let end = line_end_old(i);
        i.span.end < edit.start && end <= edit.start && end < old_len
    });
    if keep == 0 || file.directives.iter().any(|d| d.span.end >= edit.start) {
        *file = super::parse_text(src);
        return false;
    }
    let restart = line_end_old(&file.instructions[keep - 1]);

    let mut d = Driver::new(src, src.len());
    d.escape = file.escape;
    d.directives_done = true;
    d.pos = restart;
    d.line_no = file.instructions[keep - 1].end_line + 1;

    // Old instructions that end after the edit are the places the reader may rejoin.
    let mut candidate = file.instructions.partition_point(|i| i.span.end < edit.end);
    let mut rejoined: Option<(usize, Shift)> = None;
    while !d.at_end() {
        if !d.step() || d.pos < new_edit_end {
            continue;
        }
        while candidate < file.instructions.len() {
            let old = &file.instructions[candidate];
            let old_end_in_new = (old.span.end as isize + delta) as usize;
            let here = next_line_start(src, old_end_in_new);
            if here >= d.pos {
                if here == d.pos {
                    let shift = Shift {
                        bytes: delta,
                        lines: d.line_no as isize - (old.end_line as isize + 1),
                    };
                    rejoined = Some((candidate + 1, shift));
                }
                break;
            }
            candidate += 1;
        }
        if rejoined.is_some() {
            break;
        }
    }

    // Splice: kept prefix, reread middle, shifted tail.
    let reread_end_old = rejoined
        .map(|(first_kept, _)| {
            file.instructions
                .get(first_kept - 1)
                .map(|i| next_line_start_old(i, delta, src))
                .unwrap_or(old_len)
        })
        .unwrap_or(old_len);
    // Replaced in place: an edit that keeps the number of instructions (typing inside
    // one) moves none of the others in memory, only their offsets.
    let reread = keep..rejoined.map_or(file.instructions.len(), |(first_kept, _)| first_kept);
    let fresh = std::mem::take(&mut d.instructions);
    let tail_from = keep + fresh.len();
    file.instructions.splice(reread, fresh);
    let shift = rejoined.map(|(_, s)| s);
    if let Some(shift) = shift {
        (file.instructions[tail_from..].iter_mut()).for_each(|i| shift.instruction(i));
    }

    splice(
        &mut file.comments,
        d.comments,
        restart,
        reread_end_old,
        shift,
        |c| c.span,
        Shift::comment,
    );
    file.errors.retain(|e| e.message != NO_INSTRUCTIONS);
    splice(
        &mut file.errors,
        d.errors,
        restart,
        reread_end_old,
        shift,
        |e| e.span,
        Shift::error,
    );
    if file.instructions.is_empty() {
        file.errors.push(SyntaxError {
            message: NO_INSTRUCTIONS.to_owned(),
            span: Span::empty(src.len()),
        });
    }
    true
}

/// Replaces the items of `old` that start in `restart..reread_end_old` (old offsets) with
/// `fresh`, shifting those at or after `reread_end_old` (all later ones are dropped when
/// the reader never rejoined, since it then read to the end).
fn splice<T>(
    old: &mut Vec<T>,
    fresh: Vec<T>,
    restart: usize,
    reread_end_old: usize,
    shift: Option<Shift>,
    span: impl Fn(&T) -> Span,
    move_item: impl Fn(Shift, &mut T),
) {
    let before = old.iter().take_while(|t| span(t).start < restart).count();
    let first_after = match shift {
        Some(_) => old
            .iter()
            .position(|t| span(t).start >= reread_end_old)
            .unwrap_or(old.len())
            .max(before),
        None => old.len(),
    };
    let tail_from = before + fresh.len();
    old.splice(before..first_after, fresh);
    if let Some(s) = shift {
        old[tail_from..].iter_mut().for_each(|t| move_item(s, t));
    }
}

/// The old-text offset just past the line that ends instruction `ins` (an old
/// instruction after the edit, read in the new text where it now sits).
fn next_line_start_old(ins: &Instruction, delta: isize, src: &str) -> usize {
    let in_new = (ins.span.end as isize + delta) as usize;
    (next_line_start(src, in_new) as isize - delta) as usize
}

/// The offset just past the `\n` at or after `at`, or the end of the text.
fn next_line_start(src: &str, at: usize) -> usize {
    let at = at.min(src.len());
    match src.as_bytes()[at..].iter().position(|&b| b == b'\n') {
        Some(i) => at + i + 1,
        None => src.len(),
    }
}
