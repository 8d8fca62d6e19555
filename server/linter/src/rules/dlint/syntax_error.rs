use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports the errors BuildKit's parser raises before any instruction runs: an
    /// unterminated heredoc, an invalid parser directive, a malformed line.
    ///
    /// ## Why is this bad?
    /// `docker build` stops at the first of these with a parse error.
    ///
    /// ## Example
    /// ```dockerfile
    /// # escape=x
    /// FROM alpine
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # escape=`
    /// FROM alpine
    /// ```
    pub static RULE = {
        code: "DF001",
        name: "syntax-error",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for error in &ctx.dockerfile.errors {
        out.push(RULE.diag(error.span, error.message.clone()));
    }
}
