use super::first_per_host;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::RegistryAnswer;
use crate::rule::Origin;
use dlint_imageref::whole_range;

declare_rule! {
    /// ## What it does
    /// Notes, once per registry and file, that a registry could not be reached (network
    /// error, timeout, rate limit), so the `FROM` images on it were not checked. Needs
    /// registry lookups (`dlint check --registry`, or the language server); offline
    /// mode and hosts excluded by the allow/deny lists are the user's choice and give
    /// no note.
    ///
    /// ## Why is this bad?
    /// It is not wrong in itself; it says the other registry checks are silent for
    /// these images because nothing was learnt, not because all is well.
    ///
    /// ## Example
    /// With `registry.example.com` down:
    /// ```dockerfile
    /// FROM registry.example.com/app:1
    /// FROM registry.example.com/tools:2
    /// ```
    pub static RULE = {
        code: "DR010",
        name: "registry-unreachable",
        origin: Origin::Dlint,
        default_severity: Severity::Style,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for image in first_per_host(ctx, unreachable_host) {
        let RegistryAnswer::Unreachable { reason, .. } = image.answer else {
            continue;
        };
        out.push(RULE.diag(
            image.span(&whole_range(&image.reference)),
            format!(
                "could not check {} against its registry: {reason}",
                image.reference.familiar()
            ),
        ));
    }
}

fn unreachable_host(answer: &RegistryAnswer) -> Option<&str> {
    match answer {
        RegistryAnswer::Unreachable { host, .. } => Some(host),
        _ => None,
    }
}
