use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::platform::parse_platform;
use dlint_syntax::Body;

declare_rule! {
    /// ## What it does
    /// Reports a base image whose resolved platform (OS and architecture; the variant
    /// is not compared) differs from the platform the stage is built for: its constant
    /// `FROM --platform`, else the configured `platform`, else `linux/amd64`.
    ///
    /// This needs the image's metadata from a registry: the rule runs with registry
    /// lookups (`dlint check --registry`, or the language server), from the same
    /// registry facts as the `DR` rules, and reports nothing otherwise. An image index
    /// without the platform is DR004's (the build fails rather than pulling another
    /// platform).
    ///
    /// ## Why is this bad?
    /// The image has no variant for the target platform, so the build pulls another
    /// one: binaries then fail with `exec format error`, or run slowly under emulation.
    ///
    /// ## Example
    /// With a registry reporting that `example/arm-only` exists for `linux/arm64` only:
    /// ```dockerfile
    /// FROM --platform=linux/amd64 example/arm-only
    /// ```
    pub static RULE = {
        code: "InvalidBaseImagePlatform",
        name: "invalid-base-image-platform",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.facts.is_none() {
        return;
    }
    for (s, stage) in ctx.stages.iter().enumerate() {
        // Stages built on an earlier stage inherit its platform; judge the root only.
        if stage.parent.is_some() {
            continue;
        }
        let Some(info) = ctx.base_image(s) else {
            continue;
        };
        let expected = ctx.expected_platform(s);
        let Some((os, arch)) = parse_platform(&expected) else {
            continue;
        };
        let actual = parse_platform(&info.platform());
        if actual == Some((os, arch)) {
            continue;
        }
        let from = &ctx.instructions()[stage.from];
        let Body::From {
            image: Some(image), ..
        } = &from.body
        else {
            continue;
        };
        out.push(RULE.diag(
            image.span,
            format!(
                "Base image {} was pulled with platform {:?}, expected {:?} for current build",
                image.text,
                info.platform(),
                expected
            ),
        ));
    }
}
