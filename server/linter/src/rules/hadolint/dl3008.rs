use super::packages::require_pins;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports packages in `apt-get install` without a version (`pkg=version`).
    /// Local `.deb` files and paths are accepted.
    ///
    /// Differences from hadolint: one finding per install command, naming its unpinned
    /// packages (hadolint reports the whole `RUN` once), and a package given only by an expansion
    /// (`$PACKAGES`, `$(cat list)`) is not reported: its value is decided at build time.
    ///
    /// ## Why is this bad?
    /// Without pins, each build installs whatever version the archive has that day:
    /// builds are not reproducible and may break without any change to the
    /// Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5
    /// ```
    pub static RULE = {
        code: "DL3008",
        name: "pin-apt-versions",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

pub(super) const APT_TAKES_VALUE: &[&str] = &[
    "-t",
    "--target-release",
    "-o",
    "--option",
    "-c",
    "--config-file",
    "-a",
    "--host-architecture",
];

fn pinned(v: &str) -> bool {
    v.contains('=') || v.contains('/') || v.ends_with(".deb")
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    require_pins(
        ctx,
        out,
        &RULE,
        &["apt-get"],
        &["install"],
        &[],
        APT_TAKES_VALUE,
        pinned,
        "apt-get install pkg=version",
    );
}
