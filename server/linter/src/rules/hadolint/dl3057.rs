use super::support::final_lineage;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports an image without a `HEALTHCHECK` (in its final stage or the stages it
    /// is built `FROM`). Off by default.
    ///
    /// ## Why is this bad?
    /// Without a health check, orchestrators only know whether the process runs, not
    /// whether it works. `HEALTHCHECK NONE` states that none is wanted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    /// ```
    pub static RULE = {
        code: "DL3057",
        name: "missing-healthcheck",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        experimental: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let lineage = final_lineage(ctx);
    let Some(&last) = lineage.first() else { return };
    let has = lineage.iter().any(|&s| {
        let info = &ctx.stages[s];
        ctx.instructions()[info.from..info.end]
            .iter()
            .any(|i| i.kind == InstructionKind::Healthcheck)
    });
    if has {
        return;
    }
    let from = &ctx.instructions()[ctx.stages[last].from];
    let span = match &from.body {
        Body::From { image: Some(w), .. } => w.span,
        _ => from.keyword_span,
    };
    out.push(RULE.diag(span, "the image has no HEALTHCHECK"));
}
