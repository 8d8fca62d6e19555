use super::dl3010::is_archive;
use super::support::unquote;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports `ADD` used to copy local files or folders.
    ///
    /// ## Why is this bad?
    /// `ADD` also downloads URLs and unpacks archives, so a reader must check which of
    /// its behaviours applies. `COPY` does only the plain copy. `ADD` is accepted when
    /// every source is an archive, a URL or a git repository.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// ADD config.yaml /etc/app/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// COPY config.yaml /etc/app/
    /// ```
    ///
    /// ## Fix safety
    /// Replacing `ADD` with `COPY` is safe when every source is a plain local file or
    /// folder and no `ADD`-only flag (`--checksum`, `--keep-git-dir`, `--unpack`) is
    /// used: both instructions then copy the same bytes.
    pub static RULE = {
        code: "DL3020",
        name: "copy-instead-of-add",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        fixable: true,
        check: check,
    };
}

fn is_remote(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.starts_with("ssh://")
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for outer in ctx.instructions() {
        let ins = outer.effective();
        if ins.kind != InstructionKind::Add {
            continue;
        }
        let Body::Paths { paths, .. } = &ins.body else {
            continue;
        };
        let Some((_, sources)) = paths.split_last() else {
            continue;
        };
        let plain: Vec<_> = sources
            .iter()
            .filter(|s| {
                let v = unquote(&s.text);
                !v.starts_with("<<") && !is_remote(v) && !is_archive(v)
            })
            .collect();
        let Some(first) = plain.first() else { continue };
        let mut diag = RULE.diag(first.span, "use COPY for local files and folders");
        let add_only = ["checksum", "keep-git-dir", "unpack"]
            .iter()
            .any(|f| ins.flag(f).is_some());
        if plain.len() == sources.len() && !add_only {
            let replacement = if ins.keyword.chars().all(|c| c.is_ascii_lowercase()) {
                "copy"
            } else {
                "COPY"
            };
            diag = diag.with_fix(Fix::safe(
                "Replace ADD with COPY",
                vec![Edit::replace(ins.keyword_span, replacement)],
            ));
        }
        out.push(diag);
    }
}
