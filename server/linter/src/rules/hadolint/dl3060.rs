use super::packages::require_cleanup;
use super::support::final_lineage;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `yarn install` not followed by `yarn cache clean` in the same `RUN`,
    /// in stages that end up in the image. A cache or tmpfs mount on yarn's cache is
    /// accepted.
    ///
    /// An `ONBUILD RUN` is checked whatever its stage: it runs in the images built
    /// from this one.
    ///
    /// ## Why is this bad?
    /// yarn keeps a copy of every package in its cache, which stays in the layer and
    /// roughly doubles the space node modules take.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    pub static RULE = {
        code: "DL3060",
        name: "yarn-cache-clean",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let stages = final_lineage(ctx);
    require_cleanup(
        ctx,
        out,
        &RULE,
        &["yarn"],
        &["install"],
        &["/root/.cache/yarn", "/usr/local/share/.cache/yarn"],
        |_, c| {
            c.is("yarn")
                && c.args.len() >= 2
                && c.args[0].value == "cache"
                && c.args[1].value == "clean"
        },
        "clean yarn's cache in the same RUN",
        Some(&stages),
    );
}
