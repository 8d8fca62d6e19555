use super::dl3000::is_absolute;
use super::support::lineage;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports `COPY` to a relative destination in a stage where no `WORKDIR` has been
    /// set (a `WORKDIR` in a stage this one is built `FROM` counts).
    ///
    /// ## Why is this bad?
    /// The destination is then relative to the base image's working directory, which
    /// you do not control and which may change with the next base image update.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json .
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY package.json .
    /// ```
    pub static RULE = {
        code: "DL3045",
        name: "copy-relative-without-workdir",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, outer) in ctx.instructions().iter().enumerate() {
        let ins = outer.effective();
        if ins.kind != InstructionKind::Copy {
            continue;
        }
        let Body::Paths { paths, .. } = &ins.body else {
            continue;
        };
        let Some(dest) = paths.last() else { continue };
        // Quotes are removed at build time wherever they stand (`"${HOME}"/file`,
        // `"/abs"/file`): only the first unquoted character decides.
        if is_absolute(dest.text.trim_start_matches(['"', '\''])) {
            continue;
        }
        let stages = ctx.stage_of(i).map(|s| lineage(ctx, s)).unwrap_or_default();
        let has_workdir = stages.iter().any(|&s| {
            let info = &ctx.stages[s];
            let end = if Some(s) == ctx.stage_of(i) {
                i
            } else {
                info.end
            };
            ctx.instructions()[info.from..end]
                .iter()
                .any(|x| x.effective().kind == InstructionKind::Workdir)
        });
        if !has_workdir {
            out.push(RULE.diag(
                dest.span,
                "relative destination without a WORKDIR; set WORKDIR first",
            ));
        }
    }
}
