use super::packages::{removes_any, require_cleanup};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `dnf`/`microdnf` installs and upgrades not followed, in the same `RUN`, by a cache cleanup. A cache or
    /// tmpfs mount on the package cache is accepted.
    ///
    /// ## Why is this bad?
    /// Downloaded packages and metadata stay in the layer and make the image larger;
    /// removing them in a later `RUN` does not shrink the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:41
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM fedora:41
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    pub static RULE = {
        code: "DL3040",
        name: "dnf-clean-all",
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
        &["dnf", "microdnf"],
        &[
            "install",
            "in",
            "upgrade",
            "up",
            "update",
            "upgrade-minimal",
            "up-min",
            "reinstall",
            "rei",
            "groupinstall",
            "localinstall",
        ],
        &["/var/cache/libdnf5", "/var/cache/dnf"],
        |install, c| {
            (c.name.value == install.name.value && c.has_subcommand(&["clean"]))
                || removes_any(
                    c,
                    &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"],
                )
        },
        "clean the package cache in the same RUN",
        None,
    );
}
