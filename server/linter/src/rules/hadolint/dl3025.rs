use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Command, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports `CMD` and `ENTRYPOINT` written in shell form instead of exec (JSON) form.
    ///
    /// ## Why is this bad?
    /// In shell form the process is started by `/bin/sh -c`, which becomes PID 1 and
    /// does not pass signals on: `docker stop` waits for the timeout and then kills
    /// the application without a clean shutdown.
    ///
    /// Difference from hadolint: since 2.15 hadolint also reports `HEALTHCHECK CMD` in
    /// shell form. A health check is not PID 1 and Docker's own reference uses the
    /// shell form for it (`HEALTHCHECK CMD curl -f http://localhost/ || exit 1`), so
    /// dlint does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// CMD node server.js
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// CMD ["node", "server.js"]
    /// ```
    pub static RULE = {
        code: "DL3025",
        name: "json-form-cmd",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if !matches!(ins.kind, InstructionKind::Cmd | InstructionKind::Entrypoint) {
            continue;
        }
        if let Some(Command::Shell(text)) = ins.command() {
            if text.text.trim().is_empty() {
                continue;
            }
            let span = text.span_to_source(0, text.text.len());
            out.push(RULE.diag(
                span,
                format!(
                    "use the JSON form of {} so that signals reach the process",
                    ins.kind.keyword()
                ),
            ));
        }
    }
}
