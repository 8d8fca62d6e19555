use super::support::from_platforms;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::Span;

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=$TARGETPLATFORM`.
    ///
    /// ## Why is this bad?
    /// The target platform is already the default platform of every stage; the flag
    /// only adds noise.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// Removing the flag is safe: the stage is built for the same platform.
    pub static RULE = {
        code: "DL3065",
        name: "no-redundant-target-platform",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (flag, value) in from_platforms(ctx) {
        if value != "$TARGETPLATFORM" && value != "${TARGETPLATFORM}" {
            continue;
        }
        // Remove the flag and the blanks after it.
        let rest = ctx.source.get(flag.span.end..).unwrap_or("");
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let edit = Edit::delete(Span::new(flag.span.start, flag.span.end + blanks));
        out.push(
            RULE.diag(
                flag.span,
                "the target platform is the default; remove --platform",
            )
            .with_fix(Fix::safe("Remove `--platform=$TARGETPLATFORM`", vec![edit])),
        );
    }
}
