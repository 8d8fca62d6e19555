use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, Instruction, Span};

declare_rule! {
    /// ## What it does
    /// Reports `ENV key value` and `LABEL key value`, the legacy whitespace-separated
    /// form.
    ///
    /// ## Why is this bad?
    /// The legacy form takes the whole rest of the line as the value, so
    /// `ENV A 1 B 2` sets `A` to `1 B 2`. It is deprecated in favour of `key=value`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// ENV APP_HOME /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// ENV APP_HOME=/app
    /// ```
    ///
    /// `ARG name value` (two bare words) is reported too, as BuildKit's rule page does.
    ///
    /// ## Fix safety
    /// Safe for ENV and LABEL: the value keeps its meaning. A value with whitespace is wrapped in double
    /// quotes; values that already contain quotes or escapes are not fixed. Unsafe for
    /// `ARG name value`, which declared two arguments and now declares one.
    pub static RULE = {
        code: "LegacyKeyValueFormat",
        name: "legacy-key-value-format",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        check_arg(ctx, ins, out);
        let Body::KeyValues {
            legacy: true,
            pairs,
        } = &ins.body
        else {
            continue;
        };
        let kw = &ins.keyword;
        let span = ins
            .keyword_span
            .cover(pairs.last().map_or(ins.keyword_span, |p| p.value.span));
        let mut diag = RULE.diag(
            span,
            format!(
                "\"{kw} key=value\" should be used instead of legacy \"{kw} key value\" format"
            ),
        );
        if let Some(pair) = pairs.first() {
            let gap = Span::new(pair.key.span.end, pair.value.span.start);
            let value = ctx.text(pair.value.span);
            let between = ctx.text(gap);
            let simple_gap = !between.is_empty() && between.chars().all(|c| c == ' ' || c == '\t');
            if simple_gap && !value.contains(['"', '\'', '\\', '`', '\n', '\r']) {
                let edits = if value.contains(char::is_whitespace) {
                    vec![
                        Edit::replace(gap, "=\""),
                        Edit::insert(pair.value.span.end, "\""),
                    ]
                } else {
                    vec![Edit::replace(gap, "=")]
                };
                diag = diag.with_fix(Fix::safe("Use key=value", edits));
            }
        }
        out.push(diag);
    }
}

/// BuildKit's rule page also flags `ARG name value` (two bare words), which declares two
/// arguments where one with a default was almost certainly meant.
fn check_arg(ctx: &Context, ins: &Instruction, out: &mut Vec<Diagnostic>) {
    let Body::Args(args) = &ins.body else { return };
    let [first, second] = args.as_slice() else {
        return;
    };
    if first.default.is_some() || second.default.is_some() || first.word.text.contains('=') {
        return;
    }
    let kw = &ins.keyword;
    let gap = Span::new(first.word.span.end, second.word.span.start);
    let between = ctx.text(gap);
    let mut diag = RULE.diag(
        first.word.span.cover(second.word.span),
        format!("\"{kw} key=value\" should be used instead of legacy \"{kw} key value\" format"),
    );
    if !between.is_empty() && between.chars().all(|c| c == ' ' || c == '\t') {
        // Unsafe: it turns two declared arguments into one with a default.
        diag = diag.with_fix(Fix::unsafe_("Use key=value", vec![Edit::replace(gap, "=")]));
    }
    out.push(diag);
}
