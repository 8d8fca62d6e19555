use super::support::repeated_in_stage;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Reports a second (or later) `CMD` in one stage.
    ///
    /// ## Why is this bad?
    /// Only the last `CMD` of a stage takes effect; earlier ones are dead code that
    /// misleads readers.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// CMD ["/bin/true"]
    /// CMD ["/bin/false"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// CMD ["/bin/false"]
    /// ```
    pub static RULE = {
        code: "DL4003",
        name: "single-cmd",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in repeated_in_stage(ctx, InstructionKind::Cmd) {
        out.push(RULE.diag(
            ins.keyword_span,
            "only the last CMD of a stage takes effect",
        ));
    }
}
