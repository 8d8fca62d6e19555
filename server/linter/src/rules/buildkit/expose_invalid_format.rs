use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` port with an IP address or a host-port mapping
    /// (`127.0.0.1:80`, `8080:80`).
    ///
    /// ## Why is this bad?
    /// `EXPOSE` only documents container ports; publishing to a host port or address is
    /// decided at `docker run` time. BuildKit will turn this into an error in a future
    /// release.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// EXPOSE 8080:80
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// EXPOSE 80
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: it drops the host part, which someone may rely on as documentation.
    pub static RULE = {
        code: "ExposeInvalidFormat",
        name: "expose-invalid-format",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if ins.kind != InstructionKind::Expose {
            continue;
        }
        let Body::Words(words) = &ins.body else {
            continue;
        };
        for word in words {
            let Some(colon) = word.text.rfind(':') else {
                continue;
            };
            let mut diag = RULE.diag(
                word.span,
                format!(
                    "EXPOSE instruction should not define an IP address or host-port mapping, found '{}'",
                    word.text
                ),
            );
            let container = &word.text[colon + 1..];
            if !container.is_empty() && ctx.text(word.span) == word.text {
                diag = diag.with_fix(Fix::unsafe_(
                    format!("Expose only the container port {container}"),
                    vec![Edit::replace(word.span, container)],
                ));
            }
            out.push(diag);
        }
    }
}
