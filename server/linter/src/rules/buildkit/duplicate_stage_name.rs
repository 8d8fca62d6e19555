use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::Body;
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Reports a stage name used by an earlier stage (names compare case-insensitively).
    ///
    /// ## Why is this bad?
    /// References to the name become ambiguous; BuildKit resolves them to one of the
    /// stages and the other cannot be reached by name.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine AS build
    /// FROM debian AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine AS build-alpine
    /// FROM debian AS build-debian
    /// ```
    pub static RULE = {
        code: "DuplicateStageName",
        name: "duplicate-stage-name",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for ins in ctx.instructions() {
        let Body::From {
            stage_name: Some(name),
            ..
        } = &ins.body
        else {
            continue;
        };
        let lower = name.text.to_lowercase();
        if !seen.insert(lower.clone()) {
            out.push(RULE.diag(
                name.span,
                format!("Duplicate stage name {lower:?}, stage names should be unique"),
            ));
        }
    }
}
