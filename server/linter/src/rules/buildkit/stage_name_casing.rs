use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports a stage name (`FROM image AS Name`) that is not all lowercase.
    ///
    /// ## Why is this bad?
    /// BuildKit lowercases stage names, so `Builder` and `builder` are the same stage.
    /// Writing them in lowercase keeps references (`COPY --from=`, `FROM <stage>`)
    /// consistent with what the builder sees.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine AS Builder
    /// RUN echo hi > /out
    /// FROM alpine
    /// COPY --from=Builder /out /out
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine AS builder
    /// RUN echo hi > /out
    /// FROM alpine
    /// COPY --from=builder /out /out
    /// ```
    ///
    /// ## Fix safety
    /// Safe: stage names are case-insensitive, so lowercasing the name and every
    /// reference to it (`FROM`, `COPY --from`, `RUN --mount=from=`) changes nothing.
    pub static RULE = {
        code: "StageNameCasing",
        name: "stage-name-casing",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let Body::From {
            stage_name: Some(name),
            ..
        } = &ins.body
        else {
            continue;
        };
        let lower = name.text.to_lowercase();
        if lower == name.text {
            continue;
        }
        let mut edits = vec![Edit::replace(name.span, lower.clone())];
        edits.extend(reference_edits(ctx, &name.text, &lower));
        out.push(
            RULE.diag(
                name.span,
                format!("Stage name '{}' should be lowercase", name.text),
            )
            .with_fix(Fix::safe(
                "Lowercase the stage name and its references",
                edits,
            )),
        );
    }
}

/// Edits renaming every reference to stage `name` (case-insensitive) written differently.
fn reference_edits(ctx: &Context, name: &str, lower: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut push = |text: &str, span: dlint_syntax::Span| {
        if text.eq_ignore_ascii_case(name) && text != lower && ctx.text(span) == text {
            edits.push(Edit::replace(span, lower.to_string()));
        }
    };
    for ins in ctx.instructions() {
        let ins = ins.effective();
        match (&ins.body, ins.kind) {
            (
                Body::From {
                    image: Some(image), ..
                },
                _,
            ) => push(&image.text, image.span),
            (_, InstructionKind::Copy) => {
                if let Some(flag) = ins.flag("from") {
                    if let (Some(v), Some(span)) = (&flag.value, flag.value_span) {
                        push(v, span);
                    }
                }
            }
            (_, InstructionKind::Run) => {
                for flag in ins.flags.iter().filter(|f| f.name == "mount") {
                    let (Some(value), Some(span)) = (&flag.value, flag.value_span) else {
                        continue;
                    };
                    if ctx.text(span) != value {
                        continue; // quoted or escaped: leave it alone
                    }
                    let mut offset = span.start;
                    for part in value.split(',') {
                        if let Some(v) = part.strip_prefix("from=") {
                            let start = offset + 5;
                            push(v, dlint_syntax::Span::new(start, start + v.len()));
                        }
                        offset += part.len() + 1;
                    }
                }
            }
            _ => {}
        }
    }
    edits
}
