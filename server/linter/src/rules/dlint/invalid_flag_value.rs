use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::flags::parse_go_duration;
use dlint_syntax::{Flag, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports flag values BuildKit rejects: `RUN --mount` with an unknown type, key or
    /// sharing mode; `RUN --network` other than `default`, `none`, `host`;
    /// `RUN --security` other than `sandbox`, `insecure`; `HEALTHCHECK` durations that
    /// are not Go durations or are below 1ms (0 means "default"), and `--retries` that
    /// is not a non-negative integer.
    ///
    /// ## Why is this bad?
    /// The build fails when it reaches the instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// HEALTHCHECK --interval=30 CMD true
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// HEALTHCHECK --interval=30s CMD true
    /// ```
    pub static RULE = {
        code: "DF006",
        name: "invalid-flag-value",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

const MOUNT_TYPES: [&str; 5] = ["bind", "cache", "tmpfs", "secret", "ssh"];
const MOUNT_KEYS: [&str; 19] = [
    "type",
    "target",
    "dst",
    "destination",
    "source",
    "src",
    "from",
    "readonly",
    "ro",
    "readwrite",
    "rw",
    "id",
    "sharing",
    "mode",
    "uid",
    "gid",
    "required",
    "size",
    "env",
];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let ins = ins.effective();
        for flag in &ins.flags {
            let (Some(value), Some(span)) = (&flag.value, flag.value_span) else {
                continue;
            };
            // Values with variables are expanded at build time; judge only literals.
            if value.contains('$') {
                continue;
            }
            let problem = match (ins.kind, flag.name.as_str()) {
                (InstructionKind::Run, "mount") => mount_problem(value),
                (InstructionKind::Run, "network") => {
                    (!matches!(value.as_str(), "default" | "none" | "host"))
                        .then(|| format!("network mode {value:?} not supported by buildkit"))
                }
                (InstructionKind::Run, "security") => {
                    (!matches!(value.as_str(), "sandbox" | "insecure"))
                        .then(|| format!("security mode {value:?} not supported by buildkit"))
                }
                (InstructionKind::Healthcheck, "retries") => retries_problem(value),
                (InstructionKind::Healthcheck, name) => duration_problem(name, value),
                _ => None,
            };
            if let Some(message) = problem {
                out.push(RULE.diag(value_or_flag(flag, span), message));
            }
        }
    }
}

fn value_or_flag(flag: &Flag, span: Span) -> Span {
    if span.is_empty() {
        flag.span
    } else {
        span
    }
}

fn mount_problem(value: &str) -> Option<String> {
    let mut mount_type = "bind";
    for field in value.split(',') {
        let (key, val) = field.split_once('=').unwrap_or((field, ""));
        let key = key.trim().to_lowercase();
        if !MOUNT_KEYS.contains(&key.as_str()) {
            return Some(format!("unexpected key '{key}' in '{field}'"));
        }
        match key.as_str() {
            "type" => {
                if !MOUNT_TYPES.contains(&val) {
                    return Some(format!("unsupported mount type {val:?}"));
                }
                mount_type = MOUNT_TYPES
                    .iter()
                    .find(|t| **t == val)
                    .copied()
                    .unwrap_or("bind");
            }
            "sharing" if !matches!(val, "shared" | "private" | "locked") => {
                return Some(format!("unsupported sharing value {val:?}"));
            }
            _ => {}
        }
    }
    let has_target = value.split(',').any(|f| {
        matches!(
            f.split('=').next().unwrap_or(""),
            "target" | "dst" | "destination"
        )
    });
    // Secrets and SSH sockets have default targets, and a bind mount without one is
    // mounted at the working directory (BuildKit's own Dockerfile relies on it); cache
    // and tmpfs mounts need one.
    if !has_target && matches!(mount_type, "cache" | "tmpfs") {
        return Some("mount destination is required".to_string());
    }
    None
}

fn retries_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return None; // empty means "the default"
    }
    match value.parse::<i64>() {
        Err(_) => Some(format!(
            "strconv.ParseInt: parsing {value:?}: invalid syntax"
        )),
        Ok(n) if n < 0 => Some(format!("--retries cannot be negative ({n})")),
        Ok(_) => None,
    }
}

fn duration_problem(name: &str, value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    match parse_go_duration(value) {
        Err(e) => Some(e),
        // Zero means "use the default"; anything else must be at least 1ms.
        Ok(ns) if ns != 0.0 && ns < 1e6 => {
            Some(format!("Interval {name:?} cannot be less than 1ms"))
        }
        Ok(_) => None,
    }
}
