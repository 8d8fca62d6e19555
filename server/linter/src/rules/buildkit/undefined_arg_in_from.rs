use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::scope::{global_args, PLATFORM_ARGS};
use crate::support::suggest::suggest;
use crate::support::vars::expand_span;
use dlint_syntax::{Body, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports a variable in a `FROM` image or `--platform` value that is neither an
    /// `ARG` declared before the first `FROM` nor an automatic platform ARG.
    ///
    /// ## Why is this bad?
    /// `FROM` only sees global ARGs; anything else expands to an empty string, which
    /// usually yields a wrong or invalid image name. Typos such as `$BUILDPLATFROM` are
    /// caught this way (with a suggestion).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:$VERSION
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG VERSION=3.20
    /// FROM alpine:$VERSION
    /// ```
    pub static RULE = {
        code: "UndefinedArgInFrom",
        name: "undefined-arg-in-from",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut known: Vec<String> = PLATFORM_ARGS.iter().map(|s| s.to_string()).collect();
    known.extend(
        global_args(ctx.dockerfile)
            .iter()
            .map(|a| a.name.text.clone()),
    );
    for ins in ctx.instructions() {
        if ins.kind != InstructionKind::From {
            continue;
        }
        let mut spans: Vec<Span> = Vec::new();
        if let Some(span) = ins.flag("platform").and_then(|f| f.value_span) {
            spans.push(span);
        }
        if let Body::From {
            image: Some(image), ..
        } = &ins.body
        {
            spans.push(image.span);
        }
        for span in spans {
            let lookup = |name: &str| known.iter().any(|k| k == name).then(String::new);
            // Malformed expressions are the build error's business (DF rules).
            let Ok(expansion) = expand_span(ctx.source, span, ctx.dockerfile.escape, &lookup)
            else {
                continue;
            };
            for var in expansion.uses.iter().filter(|u| !u.found) {
                let mut message = format!("FROM argument '{}' is not declared", var.name);
                if let Some(s) = suggest(&var.name, known.iter().map(String::as_str)) {
                    message.push_str(&format!(" (did you mean {s}?)"));
                }
                out.push(RULE.diag(Span::new(var.range.start, var.range.end), message));
            }
        }
    }
}
