use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Reports an instruction other than `ARG` before the first `FROM`.
    ///
    /// ## Why is this bad?
    /// Only `ARG` (and parser directives and comments) may come before `FROM`; the
    /// build fails otherwise.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL owner="team-a"
    /// FROM debian:12
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL owner="team-a"
    /// ```
    pub static RULE = {
        code: "DL3061",
        name: "from-first",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let first = ctx
        .instructions()
        .iter()
        .take_while(|i| i.kind != InstructionKind::From)
        .find(|i| i.kind != InstructionKind::Arg);
    if let Some(ins) = first {
        out.push(RULE.diag(
            ins.keyword_span,
            "a Dockerfile must start with FROM (or ARG)",
        ));
    }
}
