use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports the deprecated `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` has been deprecated since Docker 1.13; labels are where tools look
    /// for the author.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL maintainer="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// The fix writes a `maintainer` label. It is unsafe: the image's `Author` field is
    /// no longer set, and a new label appears in the image metadata.
    pub static RULE = {
        code: "DL4000",
        name: "no-maintainer",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.kind != InstructionKind::Maintainer {
            continue;
        }
        let mut diag = RULE.diag(ins.keyword_span, "MAINTAINER is deprecated; use a label");
        if let Body::Text(Some(word)) = &ins.body {
            let value = word.text.trim().replace('\\', "\\\\").replace('"', "\\\"");
            let keyword = if ins.keyword.chars().all(|c| c.is_ascii_lowercase()) {
                "label"
            } else {
                "LABEL"
            };
            let edit = Edit::replace(
                Span::new(ins.keyword_span.start, word.span.end),
                format!("{keyword} maintainer=\"{value}\""),
            );
            diag = diag.with_fix(Fix::unsafe_(
                "Replace MAINTAINER with a maintainer label",
                vec![edit],
            ));
        }
        out.push(diag);
    }
}
