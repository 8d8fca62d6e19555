use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports an instruction other than `ARG` before the first `FROM`, and a file with
    /// no instructions at all.
    ///
    /// ## Why is this bad?
    /// BuildKit fails with `no build stage in current context` or
    /// `file with no instructions`: every build step needs a stage, and only global
    /// `ARG`s may come first.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN echo hi
    /// FROM alpine
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// RUN echo hi
    /// ```
    pub static RULE = {
        code: "DF003",
        name: "no-build-stage",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.instructions().is_empty() {
        let message = "file with no instructions";
        if !ctx.parser_reported(message) {
            out.push(RULE.diag(Span::empty(0), message));
        }
        return;
    }
    // BuildKit stops at the first offending instruction, so only that one is reported.
    let first_other = ctx
        .instructions()
        .iter()
        .take_while(|i| i.kind != InstructionKind::From)
        .find(|i| !matches!(i.kind, InstructionKind::Arg | InstructionKind::Unknown));
    if let Some(ins) = first_other {
        out.push(RULE.diag(ins.keyword_span, "no build stage in current context"));
    } else if ctx
        .instructions()
        .iter()
        .all(|i| i.kind == InstructionKind::Arg)
    {
        // Only global ARGs: BuildKit has nothing to build.
        out.push(RULE.diag(
            ctx.instructions()[0].keyword_span,
            "no build stage in current context",
        ));
    }
}
