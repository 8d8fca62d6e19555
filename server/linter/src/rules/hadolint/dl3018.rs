use super::packages::require_pins;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports packages in `apk add` without a version (`pkg=1.2.3-r0`, or a
    /// constraint such as `pkg~1.2` or `pkg>=1.2`). Local `.apk` files are accepted.
    ///
    /// Differences from hadolint: one finding per install command, naming its unpinned
    /// packages (hadolint reports the whole `RUN` once), and a package given only by an expansion
    /// (`$PACKAGES`, `$(cat list)`) is not reported: its value is decided at build time.
    ///
    /// ## Why is this bad?
    /// Without pins each build installs whatever the repository has that day.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.11.0-r2
    /// ```
    pub static RULE = {
        code: "DL3018",
        name: "pin-apk-versions",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

const APK_TAKES_VALUE: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "-p",
    "--root",
    "--keys-dir",
    "--repositories-file",
    "--arch",
    "--cache-dir",
    "--wait",
    "--cache-max-age",
];

fn pinned(v: &str) -> bool {
    v.contains(['=', '~', '<', '>']) || v.ends_with(".apk")
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    require_pins(
        ctx,
        out,
        &RULE,
        &["apk"],
        &["add"],
        &[],
        APK_TAKES_VALUE,
        pinned,
        "apk add pkg=version",
    );
}
