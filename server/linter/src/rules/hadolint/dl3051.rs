use super::labels::labels;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports an empty value for a label in the configured `label-schema`.
    ///
    /// ## Why is this bad?
    /// An empty required label satisfies the letter of the schema but carries no
    /// information.
    ///
    /// ## Example
    /// With this configuration (`.dlint.toml`):
    /// ```toml
    /// label-schema = { "owner" = "text" }
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL owner=""
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL owner="team-a"
    /// ```
    pub static RULE = {
        code: "DL3051",
        name: "label-not-empty",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for label in labels(ctx) {
        if ctx.settings.label_schema.contains_key(label.key) && label.value.trim().is_empty() {
            out.push(RULE.diag(label.value_span, format!("label `{}` is empty", label.key)));
        }
    }
}
