use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::reference::validate_reference;
use dlint_syntax::{Body, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` image or `COPY --from` value without variables that is neither
    /// an earlier stage nor a valid image reference (`alpine:`, `Ubuntu`,
    /// `img@sha256:bad`).
    ///
    /// ## Why is this bad?
    /// BuildKit fails with `invalid reference format`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    pub static RULE = {
        code: "DF014",
        name: "invalid-image-reference",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, ins) in ctx.instructions().iter().enumerate() {
        let (value, span): (String, Span) = match (&ins.body, ins.kind) {
            (
                Body::From {
                    image: Some(w),
                    words,
                    ..
                },
                _,
            ) if words.len() == 1 || words.len() == 3 => (w.text.clone(), w.span),
            (_, InstructionKind::Copy) => match ins.flag("from") {
                Some(f) => (
                    f.value.clone().unwrap_or_default(),
                    f.value_span.unwrap_or(f.span),
                ),
                None => continue,
            },
            _ => continue,
        };
        if value.contains('$') || value.parse::<usize>().is_ok() || value.is_empty() {
            continue;
        }
        let lower = value.to_lowercase();
        let current = ctx.stage_of(i).unwrap_or(usize::MAX);
        let is_stage = ctx.stages.iter().enumerate().any(|(s, st)| {
            s < current.max(1)
                && st
                    .name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase() == lower)
        });
        if is_stage {
            continue;
        }
        if let Err(reason) = validate_reference(&value) {
            let message = if reason == "repository name must be lowercase" {
                "invalid reference format: repository name must be lowercase".to_string()
            } else {
                "invalid reference format".to_string()
            };
            out.push(RULE.diag(span, message));
        }
    }
}
