use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::Body;

declare_rule! {
    /// ## What it does
    /// Reports a stage named `scratch` or `context`.
    ///
    /// ## Why is this bad?
    /// `scratch` is the empty base image and `context` names the build context in
    /// `COPY --from` and `RUN --mount=from=`; a stage with these names is ambiguous.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS context
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// ```
    pub static RULE = {
        code: "DL3063",
        name: "no-reserved-stage-name",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.stages {
        let Body::From {
            stage_name: Some(w),
            ..
        } = &ctx.instructions()[stage.from].body
        else {
            continue;
        };
        if w.text.eq_ignore_ascii_case("scratch") || w.text.eq_ignore_ascii_case("context") {
            out.push(RULE.diag(w.span, format!("`{}` is a reserved name", w.text)));
        }
    }
}
