use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::Span;

declare_rule! {
    /// ## What it does
    /// Reports whitespace-only lines inside an instruction continued with `\`.
    ///
    /// ## Why is this bad?
    /// BuildKit skips such lines today, but they will become errors in a future release,
    /// and they hide where an instruction really ends.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// RUN apk add \
    ///
    ///     curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// RUN apk add \
    ///     curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the removed lines are ignored by the builder.
    pub static RULE = {
        code: "NoEmptyContinuation",
        name: "no-empty-continuation",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let lines = &ins.empty_continuation_lines;
        let Some(first) = lines.first() else { continue };
        let edits = lines
            .iter()
            .map(|line| Edit::delete(with_line_ending(ctx.source, *line)))
            .collect();
        // One finding per instruction, as BuildKit reports it.
        out.push(
            RULE.diag(*first, "Empty continuation line")
                .with_fix(Fix::safe("Remove empty continuation lines", edits)),
        );
    }
}

/// The line plus its `\n` / `\r\n`, so deleting it removes the whole line.
fn with_line_ending(source: &str, line: Span) -> Span {
    let rest = source.get(line.end..).unwrap_or("");
    let ending = if rest.starts_with("\r\n") {
        2
    } else {
        usize::from(rest.starts_with('\n') || rest.starts_with('\r'))
    };
    Span::new(line.start, line.end + ending)
}
