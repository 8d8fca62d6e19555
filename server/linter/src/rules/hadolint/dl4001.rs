use super::support::runs;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports the use of both `wget` and `curl` in one stage (at each use of the
    /// second tool).
    ///
    /// ## Why is this bad?
    /// Two tools that do the same job both end up in the image; pick one.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget -q https://example.com/a.tar.gz
    /// RUN curl -fsSLO https://example.com/b.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSLO https://example.com/a.tar.gz
    /// RUN curl -fsSLO https://example.com/b.tar.gz
    /// ```
    pub static RULE = {
        code: "DL4001",
        name: "wget-or-curl",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // (stage, tool) pairs seen so far.
    let mut seen: Vec<(Option<usize>, &str)> = Vec::new();
    for run in runs(ctx) {
        let stage = ctx.stage_of(run.index);
        let mut reported = false;
        for cmd in run.commands() {
            let (tool, other) = if cmd.is("wget") {
                ("wget", "curl")
            } else if cmd.is("curl") {
                ("curl", "wget")
            } else {
                continue;
            };
            if !reported && seen.contains(&(stage, other)) {
                out.push(RULE.diag(cmd.name.span, "both wget and curl are used; use only one"));
                reported = true;
            }
            if !seen.contains(&(stage, tool)) {
                seen.push((stage, tool));
            }
        }
    }
}
