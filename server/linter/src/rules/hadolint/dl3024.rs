use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::Body;

declare_rule! {
    /// ## What it does
    /// Reports a stage name (`FROM … AS name`) used by an earlier stage too.
    ///
    /// ## Why is this bad?
    /// References to the name become ambiguous; BuildKit rejects duplicate stage names.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS build
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22 AS web
    /// FROM golang:1.23 AS server
    /// ```
    pub static RULE = {
        code: "DL3024",
        name: "unique-stage-names",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (n, stage) in ctx.stages.iter().enumerate() {
        let Some(name) = stage.name.as_deref() else {
            continue;
        };
        let duplicate = ctx.stages[..n].iter().any(|s| {
            s.name
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(name))
        });
        if !duplicate {
            continue;
        }
        if let Body::From {
            stage_name: Some(word),
            ..
        } = &ctx.instructions()[stage.from].body
        {
            out.push(RULE.diag(word.span, format!("stage name `{name}` is already used")));
        }
    }
}
