use super::answered;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::RegistryAnswer;
use crate::rule::Origin;
use dlint_imageref::whole_range;

declare_rule! {
    /// ## What it does
    /// Reports a multi-platform `FROM` image (an image index) with no variant for the
    /// platform the stage is built for. That platform is the stage's `FROM --platform`
    /// (with `$BUILDPLATFORM`, `$TARGETPLATFORM` and the other automatic platform ARGs
    /// standing for the `platform` setting), else the `platform` setting, else
    /// `linux/amd64`. Needs registry lookups (`dlint check --registry`, or the
    /// language server).
    ///
    /// A single-platform image built for another platform is pulled anyway; BuildKit
    /// warns about it as `InvalidBaseImagePlatform`, which dlint reports from the same
    /// lookup.
    ///
    /// ## Why is this bad?
    /// The build fails: the index has no manifest for the platform.
    ///
    /// ## Example
    /// With a registry whose `example/amd64-only` index offers `linux/amd64` only:
    /// ```dockerfile
    /// FROM --platform=linux/arm64 example/amd64-only:1
    /// ```
    ///
    /// Use instead an image that offers the platform:
    /// ```dockerfile
    /// FROM --platform=linux/arm64 example/app:1.2.3
    /// ```
    pub static RULE = {
        code: "DR004",
        name: "platform-not-offered",
        origin: Origin::Dlint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for image in answered(ctx) {
        let RegistryAnswer::Found(found) = image.answer else {
            continue;
        };
        let (Some(platform), Some(false), true) = (
            &image.lookup.platform,
            found.platform_offered,
            found.multi_platform,
        ) else {
            continue;
        };
        out.push(RULE.diag(
            image.span(&whole_range(&image.reference)),
            format!(
                "{} is not available for {platform}; it offers {}",
                image.reference.familiar(),
                found.platforms.join(", ")
            ),
        ));
    }
}
