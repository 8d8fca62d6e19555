use super::packages::removes_any;
use super::support::{final_lineage, has_cache_mount, name_through, runs};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `apt-get update` (also `apt`/`aptitude update`) in a `RUN` that does
    /// not delete `/var/lib/apt/lists` afterwards. Only stages that end up in the
    /// image are checked (the last stage and the stages it is built `FROM`); a cache
    /// or tmpfs mount on the lists is accepted, and so is `apt-get dist-clean` (apt 2.7
    /// and later), which hadolint does not know.
    ///
    /// An `ONBUILD RUN` is checked whatever its stage: it runs in the images built
    /// from this one.
    ///
    /// ## Why is this bad?
    /// The package lists are tens of megabytes that stay in the layer and are stale
    /// by the time anyone uses the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    pub static RULE = {
        code: "DL3009",
        name: "delete-apt-lists",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut stages = final_lineage(ctx);
    stages.extend(ctx.stages.iter().filter_map(|s| s.parent));
    for run in runs(ctx) {
        // An ONBUILD trigger runs in whatever image is built from this one.
        if !run.is_trigger()
            && ctx
                .stage_of(run.index)
                .is_some_and(|s| !stages.contains(&s))
        {
            continue;
        }
        let mounted = has_cache_mount(run.run, "/var/lib/apt/lists")
            && mounts_exactly(run.run, "/var/lib/apt/lists")
            || has_cache_mount(run.run, "/var/lib/apt")
                && has_cache_mount(run.run, "/var/cache/apt");
        if mounted {
            continue;
        }
        // `apt-get dist-clean` (apt 2.7+) also removes the lists.
        let cleaned = run.commands().any(|c| {
            removes_any(c, &["/var/lib/apt/lists"])
                || (c.is("apt-get") || c.is("apt")) && c.has_subcommand(&["dist-clean"])
        });
        if cleaned {
            continue;
        }
        for cmd in run
            .commands()
            .filter(|c| c.is("apt-get") || c.is("apt") || c.is("aptitude"))
        {
            if let Some(sub) = cmd.subcommand(&[]).filter(|s| s.value == "update") {
                out.push(RULE.diag(
                    name_through(cmd, Some(sub)),
                    "delete /var/lib/apt/lists after installing",
                ));
            }
        }
    }
}

fn mounts_exactly(run: &dlint_syntax::Instruction, dir: &str) -> bool {
    super::support::mounts(run)
        .iter()
        .any(|(k, t)| (k == "cache" || k == "tmpfs") && t.trim_end_matches('/') == dir)
}
