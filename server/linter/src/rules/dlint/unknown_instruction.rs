use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use crate::support::suggest::suggest;
use dlint_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Reports a keyword that is not a Dockerfile instruction, with a suggestion when a
    /// known instruction is close (`FORM` → `FROM`).
    ///
    /// ## Why is this bad?
    /// BuildKit fails with `unknown instruction: X`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// RUNN echo hi
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// RUN echo hi
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the suggestion is a guess at what was meant.
    pub static RULE = {
        code: "DF002",
        name: "unknown-instruction",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        for ins in [ins, ins.effective()] {
            if ins.kind != InstructionKind::Unknown {
                continue;
            }
            let word = ins.keyword.to_uppercase();
            let known = InstructionKind::ALL.iter().map(|k| k.keyword());
            let mut message = format!("unknown instruction: {word}");
            let mut fix = None;
            if let Some(s) = suggest(&word, known) {
                message.push_str(&format!(" (did you mean {s}?)"));
                let s = if ins.keyword == ins.keyword.to_lowercase() {
                    s.to_lowercase()
                } else {
                    s.to_string()
                };
                fix = Some(Fix::unsafe_(
                    format!("Change to {s}"),
                    vec![Edit::replace(ins.keyword_span, s)],
                ));
            }
            if ctx.parser_reported(&message) {
                continue;
            }
            let mut diag = RULE.diag(ins.keyword_span, message);
            diag.fix = fix;
            out.push(diag);
            break;
        }
    }
}
