use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).
    ///
    /// ## Why is this bad?
    /// A stage is built for the target platform anyway; the flag adds nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the default platform is the same.
    pub static RULE = {
        code: "RedundantTargetPlatform",
        name: "redundant-target-platform",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.kind != InstructionKind::From {
            continue;
        }
        let Some(flag) = ins.flag("platform") else {
            continue;
        };
        let Some(value) = &flag.value else { continue };
        if value != "$TARGETPLATFORM" && value != "${TARGETPLATFORM}" {
            continue;
        }
        // Delete the flag and the blanks after it.
        let rest = ctx.source.get(flag.span.end..).unwrap_or("");
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let removal = Span::new(flag.span.start, flag.span.end + blanks);
        out.push(
            RULE.diag(
                flag.span,
                format!("Setting platform to predefined {value} in FROM is redundant as this is the default behavior"),
            )
            .with_fix(Fix::safe("Remove the --platform flag", vec![Edit::delete(removal)])),
        );
    }
}
