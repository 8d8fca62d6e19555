use super::packages::{removes_any, require_cleanup};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `zypper install` not followed, in the same `RUN`, by a cache cleanup. A cache or
    /// tmpfs mount on the package cache is accepted.
    ///
    /// ## Why is this bad?
    /// Downloaded packages and metadata stay in the layer and make the image larger;
    /// removing them in a later `RUN` does not shrink the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.62
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.62 && zypper clean
    /// ```
    pub static RULE = {
        code: "DL3036",
        name: "zypper-clean",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    require_cleanup(
        ctx,
        out,
        &RULE,
        &["zypper"],
        &["install", "in"],
        &["/var/cache/zypp"],
        |_, c| {
            (c.is("zypper") && c.has_subcommand(&["clean", "cc"]))
                || removes_any(c, &["/var/cache/zypp"])
        },
        "clean the package cache in the same RUN",
        None,
    );
}
