use super::labels::check_typed;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Reports a label of schema type `url` (in the configured `label-schema`) whose
    /// value is not a URL.
    ///
    /// ## Why is this bad?
    /// Tools that read the label expect that format; a malformed value breaks them or
    /// is silently ignored.
    ///
    /// ## Example
    /// With this configuration (`.dlint.toml`):
    /// ```toml
    /// label-schema = { "org.opencontainers.image.source" = "url" }
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.source="example.com"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.source="https://example.com/repo"
    /// ```
    pub static RULE = {
        code: "DL3052",
        name: "label-url",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    check_typed(ctx, out, &RULE, LabelType::Url, "a URL", valid);
}

/// `scheme://host…` with a letter-first scheme and a non-empty remainder.
fn valid(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once("://") else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !rest.contains(char::is_whitespace)
}
