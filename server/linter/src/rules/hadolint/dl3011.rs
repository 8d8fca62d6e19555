use super::support::unquote;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` port (or port range end) above 65535.
    ///
    /// ## Why is this bad?
    /// TCP and UDP ports are 16-bit numbers; a larger one is a typo and the build
    /// fails or the port is never reachable.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80800
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080
    /// ```
    pub static RULE = {
        code: "DL3011",
        name: "valid-port-range",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn out_of_range(port: &str) -> bool {
    !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u64>().map_or(true, |p| p > 65535)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for outer in ctx.instructions() {
        let ins = outer.effective();
        if ins.kind != InstructionKind::Expose {
            continue;
        }
        let Body::Words(words) = &ins.body else {
            continue;
        };
        for w in words {
            let spec = unquote(&w.text);
            let ports = spec.split('/').next().unwrap_or("");
            if ports.split('-').any(out_of_range) {
                out.push(RULE.diag(w.span, "ports must be between 0 and 65535"));
            }
        }
    }
}
