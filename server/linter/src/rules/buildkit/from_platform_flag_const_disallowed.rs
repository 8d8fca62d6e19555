use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
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

const OSES: [&str; 12] = [
    "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "aix",
    "android", "ios", "plan9",
];

/// containerd's platform parsing, reduced to (os, normalised arch).
fn parse_platform(value: &str) -> Option<(String, String)> {
    let lower = value.to_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) || parts.len() > 3 {
        return None;
    }
    let (os, arch) = if OSES.contains(&parts[0]) {
        (parts[0], parts.get(1).copied().unwrap_or("amd64"))
    } else if parts.len() <= 2 {
        // A bare architecture (`arm64`) means linux.
        ("linux", parts[0])
    } else {
        return None;
    };
    let arch = match arch {
        "x86_64" | "x86-64" => "amd64",
        "aarch64" => "arm64",
        "i386" | "i686" => "386",
        a => a,
    };
    if !arch.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    Some((os.to_string(), arch.to_string()))
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
