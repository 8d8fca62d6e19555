use super::packages::require_flag;
use super::support::has_cache_mount;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `apk add` without `--no-cache`, unless a cache or tmpfs mount covers
    /// `/var/cache/apk`.
    ///
    /// ## Why is this bad?
    /// Without it the package index and downloaded packages stay in the layer;
    /// `--no-cache` fetches a fresh index and keeps nothing, so `--update` and
    /// `rm -rf /var/cache/apk/*` become unnecessary.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add curl=8.11.0-r2
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.11.0-r2
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the same packages are installed; only the cache is not kept.
    pub static RULE = {
        code: "DL3019",
        name: "apk-no-cache",
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
        &["apk"],
        &["add"],
        &["--no-cache"],
        "use --no-cache so the package cache is not kept",
        Some(("--no-cache", "Add `--no-cache`", Applicability::Safe)),
        |run, _| has_cache_mount(run.run, "/var/cache/apk"),
    );
}
