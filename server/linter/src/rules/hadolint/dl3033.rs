use super::rpm::require_rpm_pins;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports packages in `yum install` (and `module install`) without a version
    /// (`name-version`, or `module:stream`). Group installs are not checked.
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
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.62 && yum clean all
    /// ```
    pub static RULE = {
        code: "DL3033",
        name: "pin-yum-versions",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    require_rpm_pins(ctx, out, &RULE, &["yum"]);
}
