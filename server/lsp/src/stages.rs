//! Stage names: where each stage is declared (`FROM … AS name`) and every place that
//! refers to it (`FROM name`, `COPY --from=name`, `RUN --mount=…,from=name`), following
//! BuildKit: names compare case-insensitively and only stages declared earlier count
//! (a later one is an image name to BuildKit).

use dlint_syntax::{Body, Dockerfile, Flag, InstructionKind, Span};

/// One stage: its FROM instruction and, when named, the name word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub instruction: usize,
    pub name: Option<(String, Span)>,
    /// The base image word.
    pub image: Option<(String, Span)>,
    /// The FROM instruction's span.
    pub from_span: Span,
}

/// A use of a stage: the exact source span of the name (or index) and which stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageUse {
    pub stage: usize,
    pub span: Span,
    /// The `AS name` word itself.
    pub declaration: bool,
    /// Written as a stage index (`--from=0`): not renamable.
    pub by_index: bool,
}

pub fn stages(df: &Dockerfile) -> Vec<Stage> {
    df.instructions
        .iter()
        .enumerate()
        .filter(|(_, i)| i.kind == InstructionKind::From)
        .map(|(n, i)| {
            let (image, name) = match &i.body {
                Body::From {
                    image, stage_name, ..
                } => (image, stage_name),
                _ => (&None, &None),
            };
            Stage {
                instruction: n,
                name: name.as_ref().map(|w| (w.text.clone(), w.span)),
                image: image.as_ref().map(|w| (w.text.clone(), w.span)),
                from_span: i.span,
            }
        })
        .collect()
}

/// The stage a reference text names, among the stages declared before instruction
/// `before` (the stage being defined by that FROM excluded).
fn resolve(stages: &[Stage], text: &str, before: usize) -> Option<(usize, bool)> {
    let earlier = stages.iter().take_while(|s| s.instruction < before).count();
    if let Some((i, _)) = stages[..earlier].iter().enumerate().rev().find(|(_, s)| {
        s.name
            .as_ref()
            .is_some_and(|(n, _)| n.eq_ignore_ascii_case(text))
    }) {
        return Some((i, false));
    }
    match text.parse::<usize>() {
        Ok(i) if i < earlier => Some((i, true)),
        _ => None,
    }
}

/// The unquoted text and its span inside a flag value span.
fn unquote<'a>(source: &'a str, span: Span) -> (&'a str, Span) {
    let raw = source.get(span.range()).unwrap_or("");
    for q in ['"', '\''] {
        if raw.len() >= 2 && raw.starts_with(q) && raw.ends_with(q) {
            return (
                &raw[1..raw.len() - 1],
                Span::new(span.start + 1, span.end - 1),
            );
        }
    }
    (raw, span)
}

/// The `from=` field of a `--mount` value, with its source span.
fn mount_from(source: &str, flag: &Flag) -> Option<(String, Span)> {
    let (value, span) = unquote(source, flag.value_span?);
    let mut offset = span.start;
    for field in value.split(',') {
        if let Some(v) = field.strip_prefix("from=") {
            let start = offset + "from=".len();
            return Some((v.to_owned(), Span::new(start, start + v.len())));
        }
        offset += field.len() + 1;
    }
    None
}

/// Every stage use in the file, declarations included, in source order.
pub fn uses(source: &str, df: &Dockerfile) -> Vec<StageUse> {
    let stages = stages(df);
    let mut out = Vec::new();
    for (k, s) in stages.iter().enumerate() {
        if let Some((_, span)) = &s.name {
            out.push(StageUse {
                stage: k,
                span: *span,
                declaration: true,
                by_index: false,
            });
        }
    }
    for (n, ins) in df.instructions.iter().enumerate() {
        let ins_eff = ins.effective();
        let mut candidates: Vec<(String, Span)> = Vec::new();
        match ins_eff.kind {
            InstructionKind::From => {
                if let Body::From { image: Some(w), .. } = &ins_eff.body {
                    candidates.push((w.text.clone(), w.span));
                }
            }
            InstructionKind::Copy | InstructionKind::Add => {
                if let Some(f) = ins_eff.flag("from") {
                    if let Some(vs) = f.value_span {
                        let (text, span) = unquote(source, vs);
                        candidates.push((text.to_owned(), span));
                    }
                }
            }
            InstructionKind::Run => {
                for f in ins_eff
                    .flags
                    .iter()
                    .filter(|f| f.name.eq_ignore_ascii_case("mount"))
                {
                    candidates.extend(mount_from(source, f));
                }
            }
            _ => {}
        }
        for (text, span) in candidates {
            // A FROM's image may only name a stage before it (`resolve` excludes itself).
            if let Some((stage, by_index)) = resolve(&stages, &text, n) {
                // BuildKit's FROM never takes an index.
                if by_index && ins_eff.kind == InstructionKind::From {
                    continue;
                }
                out.push(StageUse {
                    stage,
                    span,
                    declaration: false,
                    by_index,
                });
            }
        }
    }
    out.sort_by_key(|u| u.span.start);
    out
}

/// The use under the cursor (`offset` inside or just after the name).
pub fn use_at(uses: &[StageUse], offset: usize) -> Option<StageUse> {
    uses.iter().copied().find(|u| u.span.touches(offset))
}

/// Why `name` cannot be a stage name, if it cannot. BuildKit lower-cases names and
/// requires `[a-z][a-z0-9-_.]*`; `scratch` and `context` are reserved.
pub fn invalid_name(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        return Some(format!(
            "invalid stage name {name:?}: it must start with a letter and contain only letters, digits, '-', '_' and '.'"
        ));
    }
    if ["scratch", "context"]
        .iter()
        .any(|r| r.eq_ignore_ascii_case(name))
    {
        return Some(format!(
            "{name:?} is a reserved name and cannot be a stage name"
        ));
    }
    None
}
