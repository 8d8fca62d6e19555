use super::labels::check_typed;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Reports a label of schema type `semver` (in the configured `label-schema`) whose
    /// value is not a semantic version.
    ///
    /// ## Why is this bad?
    /// Tools that read the label expect that format; a malformed value breaks them or
    /// is silently ignored.
    ///
    /// ## Example
    /// With this configuration (`.dlint.toml`):
    /// ```toml
    /// label-schema = { "org.opencontainers.image.version" = "semver" }
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.version="v1"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.version="1.0.0"
    /// ```
    pub static RULE = {
        code: "DL3056",
        name: "label-semver",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    check_typed(
        ctx,
        out,
        &RULE,
        LabelType::Semver,
        "a semantic version",
        valid,
    );
}

/// Semantic Versioning 2.0: `MAJOR.MINOR.PATCH[-pre][+build]`, no leading zeros.
fn valid(v: &str) -> bool {
    let (rest, build) = match v.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let numeric = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    let ident =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|i| ident(i) && (!i.bytes().all(|b| b.is_ascii_digit()) || numeric(i)))
        })
        && build.is_none_or(|b| b.split('.').all(ident))
}
