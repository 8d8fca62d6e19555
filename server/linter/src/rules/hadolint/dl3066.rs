use super::support::{final_lineage, unquote, windows_stage};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports a final `USER` given by name instead of a numeric UID (`USER app`
    /// rather than `USER 10001`).
    ///
    /// ## Why is this bad?
    /// Kubernetes' `runAsNonRoot` and similar policies can only verify numeric users;
    /// a name must be looked up in the image's `/etc/passwd`.
    ///
    /// Differences from hadolint 2.15.1: only the user the image finally runs as is
    /// checked (as hadolint's unreleased master does), not `USER` in build stages; a
    /// user given by a variable (`USER $APP_UID`, often numeric from the base image)
    /// is not reported; Windows accounts (`ContainerUser`, `ContainerAdministrator`)
    /// are not reported, since Windows has no numeric users.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// USER app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// USER 10001:10001
    /// ```
    pub static RULE = {
        code: "DL3066",
        name: "numeric-user",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        check: check,
    };
}

fn numeric(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // The USER files run as: the last USER of the nearest stage in the final lineage
    // that has one; without stages, the last USER of the file.
    let lineage = final_lineage(ctx);
    let user = if lineage.is_empty() {
        ctx.instructions()
            .iter()
            .rev()
            .find(|i| i.kind == InstructionKind::User)
    } else {
        lineage.iter().find_map(|&s| {
            let info = &ctx.stages[s];
            ctx.instructions()[info.from..info.end]
                .iter()
                .rev()
                .find(|i| i.kind == InstructionKind::User)
        })
    };
    let Some(user) = user else { return };
    let Body::Text(Some(word)) = &user.body else {
        return;
    };
    let value = unquote(word.text.trim());
    if value.contains('$') {
        return;
    }
    let lower = value.to_ascii_lowercase();
    let windows = lineage.first().is_some_and(|&s| windows_stage(ctx, s));
    if windows
        || lower.starts_with("containeruser")
        || lower.starts_with("containeradministrator")
        || lower.contains('\\')
    {
        return;
    }
    // The user decides who runs; a named group (`1001:staff`) is fine, as in hadolint.
    if !numeric(value.split(':').next().unwrap_or(value)) {
        out.push(RULE.diag(word.span, "use a numeric UID so policies can check it"));
    }
}
