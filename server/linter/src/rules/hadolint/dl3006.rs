use super::support::{from_images, image_tag, stage_named};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` image without a tag or digest.
    ///
    /// ## Why is this bad?
    /// Without a tag the build uses `latest`, which changes under you: the same
    /// Dockerfile builds different images on different days.
    ///
    /// Exempt: `scratch`, earlier stage names, and images that contain a variable
    /// (their tag may come from the variable; hadolint only exempts names starting
    /// with `$`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    pub static RULE = {
        code: "DL3006",
        name: "tag-base-image",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (n, word, image) in from_images(ctx) {
        if image.eq_ignore_ascii_case("scratch")
            || image.contains('$')
            || image.contains('@')
            || stage_named(ctx, image, n).is_some()
            || image_tag(image).is_some()
        {
            continue;
        }
        out.push(RULE.diag(
            word.span,
            format!("pin the version of `{image}` with a tag"),
        ));
    }
}
