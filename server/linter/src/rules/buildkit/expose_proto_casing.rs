use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports an `EXPOSE` protocol that is not lowercase (`80/TCP`).
    ///
    /// ## Why is this bad?
    /// Protocols are written in lowercase everywhere else (`tcp`, `udp`, `sctp`), and
    /// tools comparing exposed ports as strings may miss `TCP`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// EXPOSE 80/TCP
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// EXPOSE 80/tcp
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the builder lowercases the protocol anyway.
    pub static RULE = {
        code: "ExposeProtoCasing",
        name: "expose-proto-casing",
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
            let Some(slash) = word.text.rfind('/') else {
                continue;
            };
            let proto = &word.text[slash + 1..];
            if proto.to_lowercase() == proto {
                continue;
            }
            let mut diag = RULE.diag(
                word.span,
                format!(
                    "Defined protocol '{}' in EXPOSE instruction should be lowercase",
                    word.text
                ),
            );
            if ctx.text(word.span) == word.text {
                let at = word.span.start + slash + 1;
                diag = diag.with_fix(Fix::safe(
                    "Lowercase the protocol",
                    vec![Edit::replace(
                        Span::new(at, word.span.end),
                        proto.to_lowercase(),
                    )],
                ));
            }
            out.push(diag);
        }
    }
}
