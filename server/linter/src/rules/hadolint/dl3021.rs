use super::support::unquote;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` with several sources whose destination does not end with `/`.
    ///
    /// ## Why is this bad?
    /// With more than one source the destination must be a directory, and the builder
    /// requires it to end with `/`; otherwise the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// COPY a.txt b.txt /data
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// COPY a.txt b.txt /data/
    /// ```
    ///
    /// ## Fix safety
    /// Appending `/` is safe: the destination can only be a directory here.
    pub static RULE = {
        code: "DL3021",
        name: "copy-multiple-to-directory",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for outer in ctx.instructions() {
        let ins = outer.effective();
        if ins.kind != InstructionKind::Copy {
            continue;
        }
        let Body::Paths { paths, json } = &ins.body else {
            continue;
        };
        if paths.len() <= 2 {
            continue;
        }
        let dest = &paths[paths.len() - 1];
        let value = if *json {
            dest.text.as_str()
        } else {
            unquote(&dest.text)
        };
        if value.ends_with('/') || value.contains('$') {
            continue;
        }
        let source_text = ctx.text(dest.span);
        let quoted =
            source_text.len() >= 2 && (source_text.ends_with('"') || source_text.ends_with('\''));
        let at = if quoted {
            dest.span.end - 1
        } else {
            dest.span.end
        };
        out.push(
            RULE.diag(
                dest.span,
                "with several sources the destination must end with `/`",
            )
            .with_fix(Fix::safe("Add a trailing `/`", vec![Edit::insert(at, "/")])),
        );
    }
}
