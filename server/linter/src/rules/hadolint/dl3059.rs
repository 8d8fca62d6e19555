use super::support::runs;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Command, Instruction, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` directly after another `RUN` (comments in between do not
    /// count) when both run a single command and use the same flags.
    ///
    /// ## Why is this bad?
    /// Each `RUN` adds a layer and a cache step; two one-command steps in a row are
    /// usually one logical step. RUNs with different `--mount` or other flags cannot
    /// be merged and are not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN mkdir -p /app
    /// RUN chown nobody /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN mkdir -p /app && chown nobody /app
    /// ```
    ///
    /// ## Fix safety
    /// Joining with `&&` is unsafe: the second command then runs in the same shell,
    /// so a `cd`, an exported variable or a `set` option of the first one now
    /// affects it. Offered only when a single line break separates the two RUNs.
    pub static RULE = {
        code: "DL3059",
        name: "merge-consecutive-runs",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let runs = runs(ctx);
    // Commands per top-level RUN; unanalysed RUNs (exec form, Windows shells) count 1.
    let by_index: std::collections::HashMap<usize, &_> =
        runs.iter().map(|r| (r.index, r)).collect();
    let count = |i: usize| {
        by_index.get(&i).map_or(1, |r| {
            r.scripts
                .iter()
                .map(|s| s.written_commands().count())
                .sum::<usize>()
                .max(1)
        })
    };
    let ins = ctx.instructions();
    for i in 1..ins.len() {
        let (a, b) = (&ins[i - 1], &ins[i]);
        if a.kind != InstructionKind::Run || b.kind != InstructionKind::Run {
            continue;
        }
        let flags = |x: &dlint_syntax::Instruction| {
            x.flags.iter().map(|f| f.text.clone()).collect::<Vec<_>>()
        };
        if flags(a) != flags(b) || count(i - 1) > 1 || count(i) > 1 {
            continue;
        }
        let mut diag = RULE.diag(
            b.keyword_span,
            "this RUN could be merged with the one before it",
        );
        if let Some(fix) = merge(ctx, a, b) {
            diag = diag.with_fix(fix);
        }
        out.push(diag);
    }
}

/// Joins two shell-form RUNs with `&&` when nothing but a line break separates them
/// (no comments, no heredocs, no flags on the second to lose).
fn merge(ctx: &Context, a: &Instruction, b: &Instruction) -> Option<Fix> {
    let (Some(Command::Shell(first)), Some(Command::Shell(second))) = (a.command(), b.command())
    else {
        return None;
    };
    if !a.heredocs.is_empty() || !b.heredocs.is_empty() || first.text.trim().is_empty() {
        return None;
    }
    let end_a = first.span_to_source(0, first.text.trim_end().len()).end;
    let start_b = second.span_to_source(0, 0).start;
    let between = ctx.source.get(end_a..start_b)?;
    // Only blanks, one line break and the second RUN's keyword (and its flags).
    let rest = between.trim_start_matches([' ', '\t']);
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    if rest.contains('\n') || rest.contains('#') {
        return None;
    }
    let newline = if between.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    Some(Fix::unsafe_(
        "Merge into the previous RUN",
        vec![Edit::replace(
            Span::new(end_a, start_b),
            format!(" && \\{newline}    "),
        )],
    ))
}
