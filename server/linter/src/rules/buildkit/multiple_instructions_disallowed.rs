use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Reports a `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later one of the same kind
    /// in the same stage overrides. The earlier instruction is reported.
    ///
    /// ## Why is this bad?
    /// Only the last one takes effect; the earlier one is dead code that misleads
    /// readers.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// CMD ["echo", "one"]
    /// CMD ["echo", "two"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// CMD ["echo", "two"]
    /// ```
    pub static RULE = {
        code: "MultipleInstructionsDisallowed",
        name: "multiple-instructions-disallowed",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.stages {
        let body = &ctx.instructions()[stage.from..stage.end];
        for kind in [
            InstructionKind::Cmd,
            InstructionKind::Entrypoint,
            InstructionKind::Healthcheck,
        ] {
            let all: Vec<_> = body.iter().filter(|i| i.kind == kind).collect();
            for ins in all.iter().take(all.len().saturating_sub(1)) {
                out.push(RULE.diag(
                    ins.keyword_span,
                    format!(
                        "Multiple {} instructions should not be used in the same stage because only the last one will be used",
                        kind.keyword()
                    ),
                ));
            }
        }
    }
}
