use super::support::runs;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::InstructionKind;

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
    pub static RULE = {
        code: "DL3059",
        name: "merge-consecutive-runs",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let runs = runs(ctx);
    // Commands per top-level RUN; unanalysed RUNs (exec form, Windows shells) count 1.
    let count = |i: usize| {
        runs.iter().find(|r| r.index == i).map_or(1, |r| {
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
        out.push(RULE.diag(
            b.keyword_span,
            "this RUN could be merged with the one before it",
        ));
    }
}
