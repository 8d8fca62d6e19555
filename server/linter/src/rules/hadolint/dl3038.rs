use super::packages::require_yes;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `dnf install` without its non-interactive switch (`-y`).
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer the confirmation prompt; the command waits
    /// for input that never comes or aborts, and the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:41
    /// RUN dnf install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:41
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Adding `-y` is safe: a build that succeeded without it never needed a
    /// confirmation.
    pub static RULE = {
        code: "DL3038",
        name: "dnf-yes",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    require_yes(
        ctx,
        out,
        &RULE,
        &["dnf", "microdnf"],
        &["install", "in", "groupinstall", "localinstall", "reinstall"],
        &["-y", "--assumeyes"],
    );
}
