use super::labels::labels;
use super::support::lineage;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports a stage that lacks a label required by the configured `label-schema`
    /// (the rule is off while the schema is empty). Labels set in a stage this one is
    /// built `FROM` count. Stages only used as `COPY --from` sources, and stages whose
    /// child stage sets the label, are not reported.
    ///
    /// ## Why is this bad?
    /// Organisations use required labels (owner, source, version) to find and audit
    /// images; an image without them is hard to trace.
    ///
    /// ## Example
    /// With this configuration (`.dlint.toml`):
    /// ```toml
    /// label-schema = { "org.opencontainers.image.source" = "url" }
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.source="https://example.com/repo"
    /// ```
    pub static RULE = {
        code: "DL3049",
        name: "required-label",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.settings.label_schema.is_empty() {
        return;
    }
    let all = labels(ctx);
    let sets = |stage: usize, key: &str| {
        let s = &ctx.stages[stage];
        all.iter()
            .any(|l| l.key == key && (s.from..s.end).contains(&l.index))
    };
    // Stages used as `COPY --from` sources do not end up as images.
    let copied: Vec<usize> = ctx
        .instructions()
        .iter()
        .filter(|i| i.kind == InstructionKind::Copy)
        .filter_map(|i| i.flag("from").and_then(|f| f.value.as_deref()))
        .filter_map(|v| {
            v.parse::<usize>().ok().or_else(|| {
                ctx.stages
                    .iter()
                    .position(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(v)))
            })
        })
        .collect();
    for (n, stage) in ctx.stages.iter().enumerate() {
        if copied.contains(&n) {
            continue;
        }
        for key in ctx.settings.label_schema.keys() {
            let inherited = lineage(ctx, n).into_iter().any(|s| sets(s, key));
            let child_sets = ctx
                .stages
                .iter()
                .enumerate()
                .any(|(c, s)| s.parent == Some(n) && sets(c, key));
            if inherited || child_sets {
                continue;
            }
            let span = match &ctx.instructions()[stage.from].body {
                Body::From { image: Some(w), .. } => w.span,
                _ => ctx.instructions()[stage.from].keyword_span,
            };
            out.push(RULE.diag(span, format!("this image lacks the required label `{key}`")));
        }
    }
}
