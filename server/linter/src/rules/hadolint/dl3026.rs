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
    /// `hub.docker.com`). Difference from hadolint: a pattern with `/` trusts a
    /// repository prefix rather than a whole registry (`gcr.io/distroless`,
    /// `docker.io/library` for Docker's official images).
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

/// Whether `image` comes from a trusted place. A pattern without `/` names registry
/// hosts (as in hadolint); a pattern with `/` names a repository prefix
/// (`gcr.io/distroless`, `docker.io/library`), which hadolint cannot express.
fn trusted(image: &str, patterns: &[String]) -> bool {
    let (host, path) = match split_registry(image) {
        (Some(host), path) => (host, path.to_string()),
        // Docker Hub: official images live under `library/`.
        (None, path) if !path.contains('/') => ("docker.io", format!("library/{path}")),
        (None, path) => ("docker.io", path.to_string()),
    };
    let hosts: &[&str] = if host == "docker.io" {
        &["docker.io", "hub.docker.com"]
    } else {
        &[host]
    };
    let matches = |pattern: &str, text: &str| {
        if pattern == "*" {
            true
        } else if let Some(suffix) = pattern.strip_prefix('*') {
            text.ends_with(suffix)
        } else if let Some(prefix) = pattern.strip_suffix('*') {
            text.starts_with(prefix)
        } else {
            pattern.eq_ignore_ascii_case(text)
        }
    };
    patterns.iter().any(|p| {
        let p = p.trim();
        hosts.iter().any(|h| {
            if p.contains('/') {
                let repo = format!("{h}/{path}");
                let name = repo.split(['@', ':']).next().unwrap_or(&repo).to_string();
                let prefix = p.trim_end_matches('/');
                matches(p, &name) || name.starts_with(&format!("{prefix}/")) || name == prefix
            } else {
                matches(p, h)
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
        if !trusted(image, patterns) {
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
