use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::Body;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` that is not `FROM image` or `FROM image AS name`, and a stage
    /// name that does not match `^[a-z][a-z0-9-_.]*$` (after lowercasing).
    ///
    /// ## Why is this bad?
    /// BuildKit fails with `FROM requires either one or three arguments` or
    /// `invalid name for build stage: …`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine AS 1st
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine AS first
    /// ```
    pub static RULE = {
        code: "DF004",
        name: "invalid-from",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

/// BuildKit's `^[a-z][a-z0-9-_.]*$` on the lowercased name.
pub fn valid_stage_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    let mut chars = lower.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let Body::From {
            words, stage_name, ..
        } = &ins.body
        else {
            continue;
        };
        let arity_ok =
            words.len() == 1 || (words.len() == 3 && words[1].text.eq_ignore_ascii_case("as"));
        if !arity_ok {
            let span = match (words.first(), words.last()) {
                (Some(a), Some(b)) => a.span.cover(b.span),
                _ => ins.keyword_span,
            };
            out.push(RULE.diag(span, "FROM requires either one or three arguments"));
            continue;
        }
        if let Some(name) = stage_name {
            if !valid_stage_name(&name.text) {
                out.push(RULE.diag(
                    name.span,
                    format!(
                        "invalid name for build stage: {:?}, name can't start with a number or contain symbols",
                        name.text
                    ),
                ));
            }
        }
    }
}
