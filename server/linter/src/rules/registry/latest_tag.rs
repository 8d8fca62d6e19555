use super::answered;
use super::latest::{self, Moving};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` image tagged `latest`, with the concrete tag it resolves to
    /// today. Needs registry lookups (`dlint check --registry`, or the language
    /// server).
    ///
    /// ## Why is this bad?
    /// `latest` moves: the same Dockerfile builds on a different base tomorrow, and
    /// nothing in the file says which release it was written for.
    ///
    /// ## Example
    /// With a registry where `example/app:latest` is the same image as `1.2.3`:
    /// ```dockerfile
    /// FROM example/app:latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM example/app:1.2.3@sha256:1111111111111111111111111111111111111111111111111111111111111111
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: it pins the image `latest` is today, as `name:<tag>@<digest>` where
    /// `<tag>` is the most specific version tag with the same digest (`1.2.3` rather
    /// than `1.2` or `1`). When no version tag has that digest it pins
    /// `name:latest@<digest>`. The build stays the same today but stops following
    /// `latest`, which is the point, and needs the user's consent.
    pub static RULE = {
        code: "DR005",
        name: "latest-tag",
        origin: Origin::Dlint,
        default_severity: Severity::Info,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for image in answered(ctx) {
        out.extend(latest::check(&image, Moving::LatestTag, &RULE));
    }
}
