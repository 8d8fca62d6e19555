use super::packages::require_pins;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports packages in `zypper install` without a version (`name=version` or a
    /// constraint such as `name>=1.2`). Local `.rpm` files are accepted.
    ///
    /// Differences from hadolint: one finding per install command, naming its unpinned
    /// packages (hadolint reports the whole `RUN` once), and a package given only by an expansion
    /// (`$PACKAGES`, `$(cat list)`) is not reported: its value is decided at build time.
    ///
    /// ## Why is this bad?
    /// Without versions each build installs whatever the repositories have that day,
    /// so builds are not reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd && zypper clean
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.62 && zypper clean
    /// ```
    pub static RULE = {
        code: "DL3037",
        name: "pin-zypper-versions",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn pinned(v: &str) -> bool {
    v.contains(['=', '<', '>']) || v.ends_with(".rpm") || v.contains('/')
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    require_pins(
        ctx,
        out,
        &RULE,
        &["zypper"],
        &["install", "in"],
        &[],
        &["--from", "-r", "--repo", "-t", "--type"],
        pinned,
        "name=version",
    );
}
