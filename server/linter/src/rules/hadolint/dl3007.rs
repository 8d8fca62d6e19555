use super::support::{from_images, image_tag};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` image with the `latest` tag and no digest.
    ///
    /// ## Why is this bad?
    /// `latest` moves: rebuilding the same Dockerfile later gives a different base.
    /// Name the version you tested with, or add a digest.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    pub static RULE = {
        code: "DL3007",
        name: "avoid-latest-tag",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (_, word, image) in from_images(ctx) {
        if !image.contains('@') && image_tag(image) == Some("latest") {
            out.push(RULE.diag(
                word.span,
                "the `latest` tag changes over time; pin a version",
            ));
        }
    }
}
