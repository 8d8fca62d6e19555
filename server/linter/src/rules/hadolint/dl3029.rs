use super::support::from_platforms;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=<fixed value>`.
    ///
    /// ## Why is this bad?
    /// A fixed platform stops the image from being built for other architectures and
    /// runs it under emulation on them. `$BUILDPLATFORM` (for build tools) and
    /// `$TARGETPLATFORM` are accepted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 debian:12
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    pub static RULE = {
        code: "DL3029",
        name: "no-fixed-platform",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (flag, value) in from_platforms(ctx) {
        if !value.contains("BUILDPLATFORM") && !value.contains("TARGETPLATFORM") {
            out.push(RULE.diag(
                flag.span,
                "a fixed --platform prevents multi-platform builds",
            ));
        }
    }
}
