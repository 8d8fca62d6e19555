use super::support::unquote;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports a `WORKDIR` whose path is relative.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the previous working directory, which
    /// may come from the base image and change without notice. An absolute path says
    /// where commands run.
    ///
    /// Paths starting with a variable and Windows paths (`C:\app`, `C:/app`) are
    /// accepted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// WORKDIR app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// WORKDIR /app
    /// ```
    pub static RULE = {
        code: "DL3000",
        name: "absolute-workdir",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

/// Absolute for Linux or Windows, or decided by a variable at build time.
pub(super) fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('$')
        || path.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for outer in ctx.instructions() {
        let ins = outer.effective();
        if ins.kind != InstructionKind::Workdir {
            continue;
        }
        if let Body::Text(Some(word)) = &ins.body {
            if !is_absolute(unquote(word.text.trim())) {
                out.push(RULE.diag(word.span, "use an absolute WORKDIR path"));
            }
        }
    }
}
