use super::support::{copy_froms, stage_named};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=<name>` where the name is neither an earlier stage (by
    /// name or number) nor an image reference with a tag or digest.
    ///
    /// ## Why is this bad?
    /// A misspelt stage name silently becomes an image pulled from a registry (here
    /// `buidler:latest`), or fails the build. Stages must be defined before use.
    ///
    /// Differences from hadolint: a value with a variable (`--from=$BASE`) is decided
    /// at build time and is not reported, and neither is an image with a registry or
    /// namespace but no tag (`--from=docker.io/library/busybox`): stage names cannot
    /// contain `/`, so it cannot be a misspelt stage (an untagged image is a DL3006/
    /// DL3007 concern).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS builder
    /// FROM debian:12
    /// COPY --from=buidler /out/app /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS builder
    /// FROM debian:12
    /// COPY --from=builder /out/app /app
    /// ```
    pub static RULE = {
        code: "DL3022",
        name: "copy-from-known-stage",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, value, span) in copy_froms(ctx) {
        let current = ctx.stage_of(i);
        let known = stage_named(ctx, value, current.map_or(0, |c| c + 1)).is_some();
        let earlier_index = value
            .parse::<usize>()
            .ok()
            .is_some_and(|n| current.is_some_and(|c| n < c));
        // Stage names cannot contain `/`, `:` or `@`: such a value names an image.
        let image_ref = value.contains(['/', ':', '@']);
        if known || earlier_index || image_ref || value.contains('$') {
            continue;
        }
        out.push(RULE.diag(
            span,
            format!("`{value}` is not an earlier stage; name a stage or a tagged image"),
        ));
    }
}
