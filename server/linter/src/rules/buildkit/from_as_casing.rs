use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::Body;

declare_rule! {
    /// ## What it does
    /// Reports an `AS` keyword whose case differs from its `FROM` keyword, when `FROM`
    /// is all uppercase or all lowercase.
    ///
    /// ## Why is this bad?
    /// Mixed keyword casing within one instruction is harder to read. (A mixed-case
    /// `FROM` itself is left to ConsistentInstructionCasing.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine as builder
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine AS builder
    /// ```
    ///
    /// ## Fix safety
    /// Safe: keywords are case-insensitive.
    pub static RULE = {
        code: "FromAsCasing",
        name: "from-as-casing",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let Body::From {
            as_keyword: Some(as_span),
            ..
        } = &ins.body
        else {
            continue;
        };
        let from = ins.keyword.as_str();
        let as_word = ctx.text(*as_span);
        let upper = from == from.to_uppercase();
        let lower = from == from.to_lowercase();
        let wanted = if upper && !lower {
            as_word.to_uppercase()
        } else if lower && !upper {
            as_word.to_lowercase()
        } else {
            continue;
        };
        if wanted != as_word {
            out.push(
                RULE.diag(
                    *as_span,
                    format!("'{as_word}' and '{from}' keywords' casing do not match"),
                )
                .with_fix(Fix::safe(
                    format!("Change '{as_word}' to '{wanted}'"),
                    vec![Edit::replace(*as_span, wanted)],
                )),
            );
        }
    }
}
