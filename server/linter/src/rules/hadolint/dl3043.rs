use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// The builder does not allow these triggers; the image that uses this one as its
    /// base fails to build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ONBUILD RUN ./configure
    /// ```
    pub static RULE = {
        code: "DL3043",
        name: "invalid-onbuild-trigger",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let Body::Onbuild(Some(inner)) = &ins.body else {
            continue;
        };
        if matches!(
            inner.kind,
            InstructionKind::Onbuild | InstructionKind::From | InstructionKind::Maintainer
        ) {
            out.push(RULE.diag(
                inner.keyword_span,
                format!(
                    "{} is not allowed as an ONBUILD trigger",
                    inner.kind.keyword()
                ),
            ));
        }
    }
}
