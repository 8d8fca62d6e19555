use super::support::final_lineage;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports a final image whose last `USER` is `root` (or UID `0`).
    ///
    /// ## Why is this bad?
    /// A container that runs as root gives an attacker who escapes the application
    /// full control of the container, and more if it is misconfigured. Switch to an
    /// unprivileged user at the end of the image.
    ///
    /// Difference from hadolint: hadolint checks the last `USER` of every stage; a
    /// build stage that stays root never runs as a container, so dlint checks only the
    /// final stage and the stages it is built `FROM`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// USER root
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// USER app
    /// ```
    pub static RULE = {
        code: "DL3002",
        name: "last-user-root",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

pub(super) fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name == "root" || name == "0"
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // The nearest stage in the final lineage with a USER decides.
    for stage in final_lineage(ctx) {
        let s = &ctx.stages[stage];
        let last_user = ctx.instructions()[s.from..s.end]
            .iter()
            .rev()
            .find(|i| i.kind == InstructionKind::User);
        if let Some(user) = last_user {
            if let Body::Text(Some(word)) = &user.body {
                if is_root(super::support::unquote(&word.text)) {
                    out.push(RULE.diag(
                        word.span,
                        "the image runs as root; switch to another user last",
                    ));
                }
            }
            return;
        }
    }
}
