use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

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
    ///
    /// ## Fix safety
    /// Unsafe: the image's `Author` field is no longer set; tools reading it instead of
    /// the label see a change.
    pub static RULE = {
        code: "MaintainerDeprecated",
        name: "maintainer-deprecated",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.kind != InstructionKind::Maintainer {
            continue;
        }
        let mut diag = RULE.diag(
            ins.keyword_span,
            "Maintainer instruction is deprecated in favor of using label",
        );
        if let Body::Text(Some(author)) = &ins.body {
            let value = author.text.replace('\\', "\\\\").replace('"', "\\\"");
            let label = format!("LABEL org.opencontainers.image.authors=\"{value}\"");
            let span = ins.keyword_span.cover(author.span);
            diag = diag.with_fix(Fix::unsafe_(
                "Replace with an org.opencontainers.image.authors label",
                vec![Edit::replace(span, label)],
            ));
        }
        out.push(diag);
    }
}
