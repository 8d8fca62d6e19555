use super::labels::labels;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports label keys that break Docker's key format: keys must start with a
    /// letter, end with a letter or digit, use only letters, digits, `.` and `-`, not
    /// repeat `.` or `-`, and not use the reserved `com.docker.`, `io.docker.` or
    /// `org.dockerproject.` namespaces.
    ///
    /// ## Why is this bad?
    /// Tools that read labels rely on the format; reserved namespaces belong to
    /// Docker itself.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL com.docker.version="1.0"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.version="1.0"
    /// ```
    pub static RULE = {
        code: "DL3048",
        name: "valid-label-key",
        origin: Origin::Hadolint,
        default_severity: Severity::Style,
        check: check,
    };
}

pub(super) fn valid_key(key: &str) -> bool {
    let reserved = ["com.docker.", "io.docker.", "org.dockerproject."];
    let b = key.as_bytes();
    !key.is_empty()
        && !reserved.iter().any(|r| key.starts_with(r))
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && key
            .bytes()
            // hadolint also accepts `_` (`created_by`), which Docker itself takes.
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_'))
        && !b
            .windows(2)
            .any(|w| matches!(w[0], b'.' | b'-') && matches!(w[1], b'.' | b'-'))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for label in labels(ctx) {
        if !valid_key(label.key) {
            out.push(RULE.diag(
                label.key_span,
                format!("`{}` is not a valid label key", label.key),
            ));
        }
    }
}
