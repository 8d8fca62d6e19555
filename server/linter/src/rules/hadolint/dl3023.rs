use super::support::{copy_froms, stage_named};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from` naming the stage the `COPY` is in.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself; the build fails with a dependency cycle.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS app
    /// COPY --from=app /src /dst
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS build
    /// FROM node:22 AS app
    /// COPY --from=build /src /dst
    /// ```
    pub static RULE = {
        code: "DL3023",
        name: "copy-from-own-stage",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, value, span) in copy_froms(ctx) {
        let Some(stage) = ctx.stage_of(i) else {
            continue;
        };
        if stage_named(ctx, value, stage + 1) == Some(stage) {
            out.push(RULE.diag(span, "a stage cannot copy from itself"));
        }
    }
}
