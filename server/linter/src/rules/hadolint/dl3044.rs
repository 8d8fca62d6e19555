use super::support::{unquote, variable_refs};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports an `ENV` value that refers to a variable set earlier in the same `ENV`
    /// instruction.
    ///
    /// ## Why is this bad?
    /// All values of one `ENV` are expanded with the variables as they were before the
    /// instruction, so `ENV A=1 B=$A` sets `B` to the old (usually empty) `A`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ENV APP_HOME=/opt/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    pub static RULE = {
        code: "DL3044",
        name: "env-self-reference",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for outer in ctx.instructions() {
        let ins = outer.effective();
        if ins.kind != InstructionKind::Env {
            continue;
        }
        let Body::KeyValues { pairs, .. } = &ins.body else {
            continue;
        };
        for (n, kv) in pairs.iter().enumerate() {
            let earlier: Vec<&str> = pairs[..n].iter().map(|p| unquote(&p.key.text)).collect();
            // Single quotes stop expansion in ENV values.
            if kv.value.text.starts_with('\'') {
                continue;
            }
            if let Some(name) = variable_refs(&kv.value.text)
                .into_iter()
                .find(|r| earlier.contains(r))
            {
                out.push(RULE.diag(
                    kv.value.span,
                    format!("`{name}` is set in this same ENV; its new value is not visible here"),
                ));
            }
        }
    }
}
