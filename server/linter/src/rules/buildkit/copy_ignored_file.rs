use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::dockerignore::{clean_path, DockerIgnore};
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` (without `--from`) or `ADD` source from the build context that
    /// the `.dockerignore` file excludes. The ignore file is `<Dockerfile>.dockerignore`
    /// next to the Dockerfile, else `.dockerignore` at the build context root (the
    /// Dockerfile's directory unless configured). Like BuildKit, the check is off when
    /// there is no ignore file or it has `!` exceptions.
    ///
    /// ## Why is this bad?
    /// Excluded files are not sent to the builder, so the copy fails or copies less than
    /// intended.
    ///
    /// ## Example
    /// With a `.dockerignore` containing `*.log`:
    /// ```dockerfile
    /// FROM alpine
    /// COPY debug.log /var/log/
    /// ```
    pub static RULE = {
        code: "CopyIgnoredFile",
        name: "copy-ignored-file",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(path) = ctx.path else { return };
    let context = match (&ctx.settings.context_dir, path.parent()) {
        (Some(dir), _) => dir.clone(),
        (None, Some(parent)) => parent.to_path_buf(),
        (None, None) => return,
    };
    let Some((_, ignore)) = DockerIgnore::find(path, &context) else {
        return;
    };
    if ignore.has_exceptions {
        return;
    }
    for ins in ctx.instructions() {
        let verb = match ins.kind {
            InstructionKind::Copy if ins.flag("from").is_none() => "Copy",
            InstructionKind::Add => "Add",
            _ => continue,
        };
        let Body::Paths { paths, .. } = &ins.body else {
            continue;
        };
        let Some((_, sources)) = paths.split_last() else {
            continue;
        };
        for src in sources {
            let text = src.text.trim_matches(['"', '\'']);
            // Heredoc names, URLs and git sources are not read from the context;
            // variables are left alone rather than guessed.
            if text.starts_with("<<")
                || text.contains("://")
                || text.starts_with("git@")
                || text.contains('$')
            {
                continue;
            }
            let cleaned = clean_path(text);
            if ignore.excludes(&cleaned) {
                out.push(RULE.diag(
                    src.span,
                    format!(
                        "Attempting to {verb} file {cleaned:?} that is excluded by .dockerignore"
                    ),
                ));
            }
        }
    }
}
