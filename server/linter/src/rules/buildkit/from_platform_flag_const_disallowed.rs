use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::platform::parse_platform;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=<constant>` (no variable) when the stage name mentions
    /// neither the platform's OS nor its architecture.
    ///
    /// ## Why is this bad?
    /// A constant platform pins the stage to one architecture even in multi-platform
    /// builds, which is rarely intended. Use `$BUILDPLATFORM` / `$TARGETPLATFORM`, or
    /// name the stage after the platform to show it is deliberate.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine AS build_amd64
    /// ```
    pub static RULE = {
        code: "FromPlatformFlagConstDisallowed",
        name: "from-platform-flag-const-disallowed",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.kind != InstructionKind::From {
            continue;
        }
        let Some(flag) = ins.flag("platform") else {
            continue;
        };
        let Some(value) = flag.value.as_deref() else {
            continue;
        };
        if value.contains('$') {
            continue;
        }
        let Some((os, arch)) = parse_platform(value) else {
            continue;
        };
        let name = match &ins.body {
            Body::From {
                stage_name: Some(n),
                ..
            } => n.text.to_lowercase(),
            _ => String::new(),
        };
        if !name.is_empty() && (name.contains(&os) || name.contains(&arch)) {
            continue;
        }
        out.push(RULE.diag(
            flag.span,
            format!("FROM --platform flag should not use constant value {value:?}"),
        ));
    }
}
