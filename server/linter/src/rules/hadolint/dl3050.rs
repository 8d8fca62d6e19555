use super::labels::labels;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// With `strict-labels` on, reports labels that are not in the configured
    /// `label-schema`.
    ///
    /// ## Why is this bad?
    /// A strict schema keeps label names consistent across images; an unknown key is
    /// usually a typo of a schema key.
    ///
    /// ## Example
    /// With this configuration (`.dlint.toml`):
    /// ```toml
    /// label-schema = { "owner" = "text" }
    /// strict-labels = true
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL ownr="team-a"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL owner="team-a"
    /// ```
    pub static RULE = {
        code: "DL3050",
        name: "strict-labels",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !ctx.settings.strict_labels {
        return;
    }
    for label in labels(ctx) {
        if !ctx.settings.label_schema.contains_key(label.key) {
            out.push(RULE.diag(
                label.key_span,
                format!("label `{}` is not in the label schema", label.key),
            ));
        }
    }
}
