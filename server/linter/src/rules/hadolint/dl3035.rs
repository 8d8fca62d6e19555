use super::support::each_command;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `zypper dist-upgrade` (`zypper dup`).
    ///
    /// ## Why is this bad?
    /// A distribution upgrade inside an image build replaces the base image's
    /// packages with whatever is current, which defeats pinning the base image and
    /// can change the distribution release. Use a newer base image instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.5
    /// RUN zypper dist-upgrade -y
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// ```
    pub static RULE = {
        code: "DL3035",
        name: "no-zypper-dist-upgrade",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_command(ctx, &["zypper"], |_, cmd| {
        if let Some(sub) = cmd
            .subcommand(&[])
            .filter(|s| s.value == "dist-upgrade" || s.value == "dup")
        {
            out.push(RULE.diag(
                sub.span,
                "do not run a distribution upgrade in a build; use a newer base image",
            ));
        }
    });
}
