use super::packages::require_flag;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `--no-install-recommends` (or
    /// `-o APT::Install-Recommends=false`).
    ///
    /// ## Why is this bad?
    /// By default apt also installs "recommended" packages, which often doubles the
    /// size of the image with things the application never uses.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the application may rely on a package that was only installed as a
    /// recommendation.
    pub static RULE = {
        code: "DL3015",
        name: "apt-no-install-recommends",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    require_flag(
        ctx,
        out,
        &RULE,
        &["apt-get"],
        &["install"],
        &["--no-install-recommends"],
        "add --no-install-recommends to avoid extra packages",
        Some((
            "--no-install-recommends",
            "Add `--no-install-recommends`",
            Applicability::Unsafe,
        )),
        |_, cmd| {
            cmd.args.iter().any(|a| {
                let v = a.value.to_ascii_lowercase();
                v.contains("apt::install-recommends=false")
                    || v.contains("apt::install-recommends=0")
            })
        },
    );
}
