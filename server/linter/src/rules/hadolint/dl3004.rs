use super::support::each_command;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `sudo` in `RUN`.
    ///
    /// ## Why is this bad?
    /// Build steps already run as the current `USER`; `sudo` adds a setuid binary to
    /// the image and behaves unpredictably without a terminal. Switch with `USER`
    /// instead (or use `gosu` at run time).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN sudo apt-get update
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// USER root
    /// RUN apt-get update
    /// ```
    pub static RULE = {
        code: "DL3004",
        name: "no-sudo",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_command(ctx, &["sudo"], |_, cmd| {
        if cmd.wrapped_by.is_none() {
            out.push(RULE.diag(cmd.name.span, "do not use sudo in a build step"));
        }
    });
}
