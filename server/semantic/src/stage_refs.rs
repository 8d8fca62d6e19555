//! Resolving the names of stages in `FROM`, `COPY --from` and `RUN --mount=from=`.

use crate::model::{StageRef, StageRefKind, StageTarget};
use crate::pieces::flag_piece;
use dlint_syntax::{Instruction, InstructionKind};
use std::collections::HashMap;

/// Classifies `text` used inside stage `current`. Stage names match case-insensitively.
/// With `numeric_stages = Some(count)`, an all-digit text is a stage index (`--from=0`).
pub fn classify_name(
    text: &str,
    current: usize,
    names: &HashMap<String, usize>,
    numeric_stages: Option<usize>,
) -> StageTarget {
    if let Some(count) = numeric_stages {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return match text.parse::<usize>() {
                Ok(i) => relative(i, current),
                Err(_) => StageTarget::NoSuchIndex,
            }
            .clamp_index(count);
        }
    }
    let lower: std::borrow::Cow<'_, str> = if text.chars().any(char::is_uppercase) {
        text.to_lowercase().into()
    } else {
        text.into()
    };
    match names.get(lower.as_ref()) {
        Some(&i) => relative(i, current),
        None => StageTarget::Image,
    }
}

fn relative(i: usize, current: usize) -> StageTarget {
    match i.cmp(&current) {
        std::cmp::Ordering::Less => StageTarget::Stage(i),
        std::cmp::Ordering::Equal => StageTarget::SelfRef(i),
        std::cmp::Ordering::Greater => StageTarget::Forward(i),
    }
}

impl StageTarget {
    fn clamp_index(self, count: usize) -> StageTarget {
        match self {
            StageTarget::Forward(i) if i >= count => StageTarget::NoSuchIndex,
            other => other,
        }
    }
}

/// `COPY --from=...` and every `RUN --mount=...,from=...` of an instruction in stage `s`
/// of `count`, appended to `out`.
pub fn stage_refs_of(
    inst: &Instruction,
    index: usize,
    s: usize,
    names: &HashMap<String, usize>,
    count: usize,
    out: &mut Vec<StageRef>,
) {
    let target = |text: &str| {
        if text.contains('$') {
            StageTarget::Variable
        } else {
            classify_name(text, s, names, Some(count))
        }
    };
    if inst.flags.is_empty() {
        return;
    }
    match inst.kind {
        InstructionKind::Copy => {
            if let Some(f) = inst.flag("from") {
                if let (Some(text), Some(span)) = (&f.value, f.value_span) {
                    out.push(StageRef {
                        instruction: index,
                        kind: StageRefKind::CopyFrom,
                        text: text.clone(),
                        span,
                        target: target(text),
                    });
                }
            }
        }
        InstructionKind::Run => {
            for f in inst
                .flags
                .iter()
                .filter(|f| f.name.eq_ignore_ascii_case("mount"))
            {
                let Some(p) = flag_piece(inst, f) else {
                    continue;
                };
                let mut at = 0;
                for field in p.raw.split(',') {
                    let start = at;
                    at += field.len() + 1;
                    let Some((key, value)) = field.split_once('=') else {
                        continue;
                    };
                    if !key.trim().eq_ignore_ascii_case("from") {
                        continue;
                    }
                    let vstart = start + key.len() + 1;
                    let text = value.trim_matches('"');
                    out.push(StageRef {
                        instruction: index,
                        kind: StageRefKind::MountFrom,
                        text: text.to_string(),
                        span: p.map.map(vstart..vstart + value.len()),
                        target: target(text),
                    });
                }
            }
        }
        _ => {}
    }
}
