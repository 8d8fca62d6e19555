use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports every `# hadolint ignore=…` comment (also the `global` and `stage`
    /// forms). Off by default: enable it where policy forbids silencing the linter.
    ///
    /// ## Why is this bad?
    /// An ignore pragma hides findings from reviewers; some teams want every exception
    /// to go through the shared configuration instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// # hadolint ignore=DL3008
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install -y curl=7.88.1-10
    /// ```
    pub static RULE = {
        code: "DL1001",
        name: "no-ignore-pragma",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        experimental: true,
        check: check,
    };
}

/// `hadolint ignore=`, `hadolint global ignore=`, `hadolint stage ignore=`.
fn is_ignore_pragma(text: &str) -> bool {
    let Some(rest) = text.trim().strip_prefix("hadolint") else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("global")
        .or_else(|| rest.strip_prefix("stage"))
        .map_or(rest, str::trim_start);
    rest.strip_prefix("ignore")
        .is_some_and(|r| r.trim_start().starts_with('='))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for c in &ctx.dockerfile.comments {
        if is_ignore_pragma(&c.text) {
            out.push(RULE.diag(c.span, "an ignore pragma silences the linter here"));
        }
    }
}
