use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::expanded::expanded_words;
use crate::support::vars::expand_span;
use dlint_syntax::Span;

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

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Every variable counts as set to a non-empty value, so `${v:?}` never fails here:
    // only what fails whatever the build arguments is reported.
    let lookup = |_: &str| Some("x".to_string());
    for ins in ctx.instructions() {
        for (span, _) in expanded_words(ins) {
            if let Err(e) = expand_span(ctx.source, span, ctx.dockerfile.escape, &lookup) {
                let at = Span::new(e.range.start, e.range.end.max(e.range.start));
                out.push(RULE.diag(at, e.message));
                break;
            }
        }
    }
}
