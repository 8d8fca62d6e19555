use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::Body;

declare_rule! {
    /// ## What it does
    /// Reports a stage named `scratch` or `context`.
    ///
    /// ## Why is this bad?
    /// Both names already mean something to the builder (the empty image, a named build
    /// context), so a stage with that name is confusing or unreachable.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine AS scratch
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine AS base
    /// ```
    pub static RULE = {
        code: "ReservedStageName",
        name: "reserved-stage-name",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
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
        if lower == "scratch" || lower == "context" {
            out.push(RULE.diag(
                name.span,
                format!("Stage name should not use the same name as reserved stage {lower:?}"),
            ));
        }
    }
}
