use super::support::repeated_in_stage;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Reports a second (or later) `HEALTHCHECK` in one stage.
    ///
    /// ## Why is this bad?
    /// Only the last `HEALTHCHECK` takes effect; the earlier ones are dead code that
    /// misleads readers.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/
    /// HEALTHCHECK CMD wget -q -O- http://localhost/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/
    /// ```
    pub static RULE = {
        code: "DL3012",
        name: "single-healthcheck",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in repeated_in_stage(ctx, InstructionKind::Healthcheck) {
        out.push(RULE.diag(
            ins.keyword_span,
            "only the last HEALTHCHECK of a stage takes effect",
        ));
    }
}
