use super::packages::require_yes;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `zypper install` without its non-interactive switch (`-y` or `--non-interactive`).
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer the confirmation prompt; the command waits
    /// for input that never comes or aborts, and the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install httpd=2.4.62 && zypper clean
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.62 && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// Adding `-y` is safe: a build that succeeded without it never needed a
    /// confirmation.
    pub static RULE = {
        code: "DL3034",
        name: "zypper-non-interactive",
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
        &["zypper"],
        &[
            "install",
            "in",
            "remove",
            "rm",
            "source-install",
            "si",
            "patch",
        ],
        &["-n", "--non-interactive", "-y", "--no-confirm"],
    );
}
