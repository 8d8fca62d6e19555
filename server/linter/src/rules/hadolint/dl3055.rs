use super::labels::check_typed;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Reports a label of schema type `hash` (in the configured `label-schema`) whose
    /// value is not a git commit hash.
    ///
    /// ## Why is this bad?
    /// Tools that read the label expect that format; a malformed value breaks them or
    /// is silently ignored.
    ///
    /// ## Example
    /// With this configuration (`.dlint.toml`):
    /// ```toml
    /// label-schema = { "org.opencontainers.image.revision" = "hash" }
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.revision="main"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.revision="2dbfae9"
    /// ```
    pub static RULE = {
        code: "DL3055",
        name: "label-git-hash",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    check_typed(ctx, out, &RULE, LabelType::Hash, "a git commit hash", valid);
}

/// An abbreviated (7+) or full (40 or 64 character) hexadecimal commit id.
fn valid(v: &str) -> bool {
    (7..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_hexdigit())
}
