use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::dockerignore::clean_path;
use dlint_syntax::{Body, InstructionKind};
use std::path::{Path, PathBuf};

declare_rule! {
    /// ## What it does
    /// Reports the first `COPY` or `ADD` of the whole build context (source `.` or
    /// `./`, without `--from`) when the context has no ignore file: neither
    /// `<Dockerfile>.dockerignore` beside the Dockerfile nor `.dockerignore` (or
    /// Podman's `.containerignore`) at the context root. The context is the
    /// Dockerfile's directory unless `context` is set in `.dlint.toml`.
    ///
    /// The check needs the Dockerfile's path: it is silent for standard input and for
    /// editor buffers that have not been saved yet.
    ///
    /// ## Why is this bad?
    /// Without an ignore file, everything in the context directory is sent to the
    /// builder and copied into the image: `.git`, `node_modules`, build output, local
    /// `.env` files with secrets. The image grows, and any change to those files
    /// invalidates the `COPY` layer's cache.
    ///
    /// ## Example
    /// With `context = "app"` in `.dlint.toml` and no `.dockerignore` in `app/`:
    /// ```toml
    /// context = "app"
    /// ```
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY . .
    /// ```
    ///
    /// Add a `.dockerignore` (`.git`, `node_modules`, `*.log`, `.env`…), or copy only
    /// the paths the image needs instead:
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// COPY src/ ./src/
    /// ```
    pub static RULE = {
        code: "DF016",
        name: "missing-dockerignore",
        origin: Origin::Dlint,
        default_severity: Severity::Info,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(dockerfile) = ctx.path else { return };
    // One finding per file: the ignore file is missing once, however many COPYs.
    let Some(word) = whole_context_sources(ctx).next() else {
        return;
    };
    let context = build_context(dockerfile, ctx.settings.context_dir.as_deref());
    if has_ignore_file(dockerfile, &context) {
        return;
    }
    out.push(RULE.diag(
        word.span,
        format!(
            "this copies the whole build context, which has no .dockerignore ({}); add one to keep .git, dependencies and secrets out of the image",
            context.join(".dockerignore").display()
        ),
    ));
}

/// Source words of top-level `COPY` (without `--from`) and `ADD` that name the context
/// root (`.`, `./`, `"."`). ONBUILD triggers are left out: they copy from the context
/// of whichever build uses this image.
fn whole_context_sources<'a>(ctx: &Context<'a>) -> impl Iterator<Item = &'a dlint_syntax::Word> {
    ctx.instructions()
        .iter()
        .filter(|ins| {
            ins.kind == InstructionKind::Add
                || ins.kind == InstructionKind::Copy && ins.flag("from").is_none()
        })
        .filter_map(|ins| match &ins.body {
            Body::Paths { paths, .. } => paths.split_last().map(|(_, sources)| sources),
            _ => None,
        })
        .flatten()
        .filter(|w| clean_path(w.text.trim_matches(['"', '\''])) == ".")
}

/// The configured build context, else the Dockerfile's directory (`.` for a bare file
/// name).
fn build_context(dockerfile: &Path, configured: Option<&Path>) -> PathBuf {
    match configured {
        Some(dir) => dir.to_path_buf(),
        None => match dockerfile.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        },
    }
}

/// BuildKit reads `<Dockerfile>.dockerignore` first, then the context's
/// `.dockerignore`; Podman and Buildah also read `.containerignore`.
fn has_ignore_file(dockerfile: &Path, context: &Path) -> bool {
    let mut specific = dockerfile.as_os_str().to_owned();
    specific.push(".dockerignore");
    [
        PathBuf::from(specific),
        context.join(".dockerignore"),
        context.join(".containerignore"),
    ]
    .iter()
    .any(|p| p.exists())
}
