use super::support::{copy_froms, stage_named, unquote};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::Body;

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=<stage> / /`, which copies a whole file system.
    ///
    /// ## Why is this bad?
    /// It copies everything, including package manager state and files that belong to
    /// the other image, over the current stage; usually only some paths are wanted.
    ///
    /// Differences from hadolint: documented idioms are accepted. A stage built
    /// `FROM scratch` whose purpose is to squash another stage; copying from a stage
    /// that is only an alias of a helper image (such as `tonistiigi/xx`, whose
    /// documented use is `COPY --from=xx / /`); and copying from an image named
    /// directly (`--from=org/tools:1`), which is made to be copied whole.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// FROM debian:12
    /// COPY --from=build / /
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// FROM debian:12
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    pub static RULE = {
        code: "DL3067",
        name: "copy-whole-filesystem",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, from, _) in copy_froms(ctx) {
        let Body::Paths { paths, .. } = &ctx.instructions()[i].body else {
            continue;
        };
        if paths.len() != 2 || unquote(&paths[0].text) != "/" || unquote(&paths[1].text) != "/" {
            continue;
        }
        let current_from_scratch = ctx.stage_of(i).is_some_and(|s| {
            matches!(&ctx.instructions()[ctx.stages[s].from].body,
                Body::From { image: Some(w), .. } if unquote(&w.text).eq_ignore_ascii_case("scratch"))
        });
        // A stage that is only `FROM image AS name` is an alias of a helper image.
        let alias_only = stage_named(ctx, from, ctx.stages.len())
            .is_some_and(|s| ctx.stages[s].end == ctx.stages[s].from + 1);
        // An explicit image reference (`--from=docker/cli:27`, `--from=org/tools`) is
        // an image built to be copied whole.
        let external_image = from.contains(['/', ':', '@']);
        if current_from_scratch || alias_only || external_image {
            continue;
        }
        out.push(RULE.diag(
            paths[0].span.cover(paths[1].span),
            "this copies the whole file system of another stage",
        ));
    }
}
