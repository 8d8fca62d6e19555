use super::labels::check_typed;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Reports a label of schema type `rfc3339` (in the configured `label-schema`) whose
    /// value is not an RFC 3339 date and time.
    ///
    /// ## Why is this bad?
    /// Tools that read the label expect that format; a malformed value breaks them or
    /// is silently ignored.
    ///
    /// ## Example
    /// With this configuration (`.dlint.toml`):
    /// ```toml
    /// label-schema = { "org.opencontainers.image.created" = "rfc3339" }
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.created="yesterday"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.created="2024-05-01T10:00:00Z"
    /// ```
    pub static RULE = {
        code: "DL3053",
        name: "label-rfc3339",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    check_typed(
        ctx,
        out,
        &RULE,
        LabelType::Rfc3339,
        "an RFC 3339 date and time",
        valid,
    );
}

/// `YYYY-MM-DD[Tt ]hh:mm:ss[.frac](Z|±hh:mm)`.
fn valid(v: &str) -> bool {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    if !matches!(b[10], b'T' | b't' | b' ')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            b.len() == i + 6 && digits(i + 1..i + 3) && b[i + 3] == b':' && digits(i + 4..i + 6)
        }
        _ => false,
    }
}
