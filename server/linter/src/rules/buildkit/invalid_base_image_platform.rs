use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::RegistryAnswer;
use crate::rule::Origin;
use crate::rules::registry::answered;
use crate::support::platform::parse_platform;

declare_rule! {
    /// ## What it does
    /// Reports a base image whose resolved platform (OS and architecture; the variant
    /// is not compared) differs from the platform the stage is built for. That is its
    /// `FROM --platform` (with `$BUILDPLATFORM`, `$TARGETPLATFORM` and the other
    /// automatic platform ARGs standing for the `platform` setting), else the
    /// `platform` setting, else `linux/amd64`. Images named through global ARGs are
    /// checked after expansion.
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
    // The registry rules' selection and answers: roots of stage chains only (stages on
    // an earlier stage inherit its platform), ARG-expanded images included.
    for image in answered(ctx) {
        let RegistryAnswer::Found(found) = image.answer else {
            continue;
        };
        let (Some(expected), Some(config)) = (&image.lookup.platform, &found.config) else {
            continue;
        };
        let Some((os, arch)) = parse_platform(expected) else {
            continue;
        };
        let actual = match config.variant.as_deref() {
            Some(v) if !v.is_empty() => format!("{}/{}/{v}", config.os, config.architecture),
            _ => format!("{}/{}", config.os, config.architecture),
        };
        if parse_platform(&actual) == Some((os, arch)) {
            continue;
        }
        out.push(RULE.diag(
            image.lookup.span,
            format!(
                "Base image {} was pulled with platform {actual:?}, expected {expected:?} for current build",
                ctx.text(image.lookup.span)
            ),
        ));
    }
}
