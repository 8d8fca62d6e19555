use super::support::{split_registry, unquote};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports images pulled from a registry that is not in the configured trusted
    /// registries (`trusted-registries`; the rule is off while that list is empty).
    /// Checks `FROM`, `COPY --from=<image>` and `RUN --mount=from=<image>`.
    ///
    /// ## Why is this bad?
    /// Images from unknown registries may be unvetted or malicious; many
    /// organisations only allow their own mirror.
    ///
    /// Patterns: `*` (any), `*.example.com` (subdomains), `prefix*`, or an exact host.
    /// Images without a registry host come from `docker.io` (also matched by
    /// `hub.docker.com`).
    ///
    /// ## Example
    /// With this configuration (`.dlint.toml`):
    /// ```toml
    /// trusted-registries = ["registry.example.com"]
    /// ```
    ///
    /// ```dockerfile
    /// FROM quay.io/centos/centos:stream9
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM registry.example.com/centos/centos:stream9
    /// ```
    pub static RULE = {
        code: "DL3026",
        name: "trusted-registry",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn trusted(host: &str, patterns: &[String]) -> bool {
    let hosts: &[&str] = if host == "docker.io" {
        &["docker.io", "hub.docker.com"]
    } else {
        &[host]
    };
    patterns.iter().any(|p| {
        let p = p.trim();
        hosts.iter().any(|h| {
            if p == "*" {
                true
            } else if let Some(suffix) = p.strip_prefix('*') {
                h.ends_with(suffix)
            } else if let Some(prefix) = p.strip_suffix('*') {
                h.starts_with(prefix)
            } else {
                p.eq_ignore_ascii_case(h)
            }
        })
    })
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let patterns = &ctx.settings.trusted_registries;
    if patterns.is_empty() {
        return;
    }
    let is_stage = |name: &str| {
        name.parse::<usize>().is_ok()
            || ctx.stages.iter().any(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
    };
    let report = |image: &str, span: Span, out: &mut Vec<Diagnostic>| {
        if image.eq_ignore_ascii_case("scratch") || image.contains('$') || is_stage(image) {
            return;
        }
        let host = split_registry(image).0.unwrap_or("docker.io");
        if !trusted(host, patterns) {
            out.push(RULE.diag(span, format!("registry `{host}` is not trusted")));
        }
    };
    for ins in ctx.instructions() {
        match ins.kind {
            InstructionKind::From => {
                if let Body::From { image: Some(w), .. } = &ins.body {
                    report(unquote(&w.text), w.span, out);
                }
            }
            InstructionKind::Copy => {
                if let Some(f) = ins.flag("from") {
                    if let Some(v) = f.value.as_deref() {
                        // Only image references: a bare word is a (possibly misspelt) stage.
                        if v.contains('/') || v.contains(':') {
                            report(v, f.value_span.unwrap_or(f.span), out);
                        }
                    }
                }
            }
            InstructionKind::Run => {
                for f in ins
                    .flags
                    .iter()
                    .filter(|f| f.name.eq_ignore_ascii_case("mount"))
                {
                    let Some(v) = f.value.as_deref() else {
                        continue;
                    };
                    for part in v.split(',') {
                        if let Some(from) = part.trim().strip_prefix("from=") {
                            report(from, f.span, out);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
