use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Reports every `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` is deprecated. The author of an image belongs in a label, where
    /// tools read it (`org.opencontainers.image.authors`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// LABEL org.opencontainers.image.authors="jane@example.com"
    /// ```
    pub static RULE = {
        code: "MaintainerDeprecated",
        name: "maintainer-deprecated",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.kind == InstructionKind::Maintainer {
            out.push(RULE.diag(
                ins.keyword_span,
                "Maintainer instruction is deprecated in favor of using label",
            ));
        }
    }
}
