use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports stage references BuildKit does not resolve as intended:
    /// `COPY --from=$VAR` (variables are not expanded there), a stage copying from
    /// itself or from its own or a later stage index, and a `FROM`, `COPY --from` or
    /// `RUN --mount=from=` naming a stage that is only defined further down (BuildKit
    /// then looks for an image of that name).
    ///
    /// ## Why is this bad?
    /// The first two fail the build; the last silently pulls an image instead of using
    /// the stage, or fails when no such image exists.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// COPY --from=build /out /out
    /// FROM golang AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang AS build
    /// FROM alpine
    /// COPY --from=build /out /out
    /// ```
    pub static RULE = {
        code: "DF011",
        name: "invalid-stage-reference",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let names: Vec<Option<String>> = ctx
        .stages
        .iter()
        .map(|s| s.name.as_ref().map(|n| n.to_lowercase()))
        .collect();
    for (i, ins) in ctx.instructions().iter().enumerate() {
        let Some(current) = ctx.stage_of(i) else {
            continue;
        };
        let mut refs: Vec<(String, Span, bool)> = Vec::new();
        match (&ins.body, ins.kind) {
            (
                Body::From {
                    image: Some(image), ..
                },
                _,
            ) => refs.push((image.text.clone(), image.span, true)),
            (_, InstructionKind::Copy) => {
                if let Some(flag) = ins.flag("from") {
                    let span = flag.value_span.unwrap_or(flag.span);
                    let value = flag.value.clone().unwrap_or_default();
                    if value.contains('$') {
                        out.push(RULE.diag(span, "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround"));
                        continue;
                    }
                    refs.push((value, span, false));
                }
            }
            (_, InstructionKind::Run) => {
                for flag in ins.flags.iter().filter(|f| f.name == "mount") {
                    let Some(value) = &flag.value else { continue };
                    for field in value.split(',') {
                        if let Some(from) = field.strip_prefix("from=") {
                            refs.push((
                                from.to_string(),
                                flag.value_span.unwrap_or(flag.span),
                                false,
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
        for (name, span, is_from) in refs {
            if let Some(message) = reference_problem(&name, current, &names, is_from) {
                out.push(RULE.diag(span, message));
            }
        }
    }
}

fn reference_problem(
    name: &str,
    current: usize,
    names: &[Option<String>],
    is_from: bool,
) -> Option<String> {
    if let Ok(index) = name.parse::<usize>() {
        if is_from {
            return None;
        }
        return (index >= current).then(|| {
            format!("invalid from flag value {index}: refers to current or future build stage")
        });
    }
    let lower = name.to_lowercase();
    let defined_at = names
        .iter()
        .position(|n| n.as_deref() == Some(lower.as_str()))?;
    if defined_at == current && !is_from {
        Some(format!("circular dependency detected on stage: {lower}"))
    } else if defined_at >= current {
        Some(format!(
            "stage {lower:?} is defined later in the file; here {name:?} is looked up as an image"
        ))
    } else {
        None
    }
}
