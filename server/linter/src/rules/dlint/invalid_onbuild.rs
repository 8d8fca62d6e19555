use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports `ONBUILD ONBUILD …`, `ONBUILD FROM …` and `ONBUILD MAINTAINER …`.
    ///
    /// ## Why is this bad?
    /// BuildKit rejects these triggers when it parses the instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// ONBUILD FROM debian
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// ONBUILD RUN echo "building on top of this image"
    /// ```
    pub static RULE = {
        code: "DF012",
        name: "invalid-onbuild",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let Body::Onbuild(Some(trigger)) = &ins.body else {
            continue;
        };
        let message = match trigger.kind {
            InstructionKind::Onbuild => {
                "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string()
            }
            InstructionKind::From | InstructionKind::Maintainer => {
                format!(
                    "{} isn't allowed as an ONBUILD trigger",
                    trigger.kind.keyword()
                )
            }
            _ => continue,
        };
        if !ctx.parser_reported(&message) {
            out.push(RULE.diag(trigger.keyword_span, message));
        }
    }
}
