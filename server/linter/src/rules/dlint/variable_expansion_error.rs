use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::vars::expand_span;
use dlint_syntax::{Body, Instruction, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports variable expressions and quoting the builder cannot process in the words
    /// it expands (FROM, ENV, LABEL, ARG, ADD/COPY, WORKDIR, USER, VOLUME, STOPSIGNAL,
    /// EXPOSE, `RUN --mount`): unsupported modifiers (`${v:1:2}`, `${#v}`), `${}`, a
    /// missing `}`, and unterminated quotes.
    ///
    /// ## Why is this bad?
    /// BuildKit fails with `unsupported modifier (…) in substitution`,
    /// `syntax error: bad substitution`, `syntax error: missing '}'` or
    /// `unexpected end of statement while looking for matching double-quote`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// ENV SHORT=${LONG:0:3}
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// RUN echo "${LONG:0:3}" > /short
    /// ```
    pub static RULE = {
        code: "DF013",
        name: "variable-expansion-error",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

/// Every span the builder expands in an instruction.
fn expanded_spans(ins: &Instruction) -> Vec<Span> {
    let mut spans: Vec<Span> = ins
        .flags
        .iter()
        .filter(|f| match ins.kind {
            InstructionKind::From => f.name == "platform",
            InstructionKind::Copy | InstructionKind::Add => {
                matches!(f.name.as_str(), "chown" | "chmod" | "checksum")
            }
            InstructionKind::Run => f.name == "mount",
            _ => false,
        })
        .filter_map(|f| f.value_span)
        .collect();
    match &ins.body {
        Body::From { image: Some(w), .. } => spans.push(w.span),
        Body::KeyValues { pairs, .. } => {
            spans.extend(pairs.iter().flat_map(|p| [p.key.span, p.value.span]))
        }
        // BuildKit splits `name=value` first and expands each part on its own.
        Body::Args(args) => spans.extend(
            args.iter()
                .flat_map(|a| [Some(a.name.span), a.default.as_ref().map(|d| d.span)])
                .flatten(),
        ),
        Body::Paths { paths, .. } => spans.extend(
            paths
                .iter()
                .filter(|p| !p.text.starts_with("<<"))
                .map(|p| p.span),
        ),
        Body::Words(words) => spans.extend(words.iter().map(|w| w.span)),
        Body::Text(Some(w)) if ins.kind != InstructionKind::Maintainer => spans.push(w.span),
        _ => {}
    }
    spans
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Every variable counts as set to a non-empty value, so `${v:?}` never fails here:
    // only what fails whatever the build arguments is reported.
    let lookup = |_: &str| Some("x".to_string());
    for ins in ctx.instructions() {
        for span in expanded_spans(ins) {
            if let Err(e) = expand_span(ctx.source, span, ctx.dockerfile.escape, &lookup) {
                let at = Span::new(e.range.start, e.range.end.max(e.range.start));
                out.push(RULE.diag(at, e.message));
                break;
            }
        }
    }
}
