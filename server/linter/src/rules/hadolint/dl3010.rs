use super::support::{runs, unquote};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports a local archive that is `COPY`ed into the image and then unpacked with
    /// `tar -x` in a later `RUN` of the same stage.
    ///
    /// ## Why is this bad?
    /// The archive stays in the `COPY` layer, so the image carries both the archive
    /// and its contents. `ADD` unpacks a local tar archive in one step and one layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// COPY app.tar.gz /opt/
    /// RUN tar -xzf /opt/app.tar.gz -C /opt
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// ADD app.tar.gz /opt/
    /// ```
    pub static RULE = {
        code: "DL3010",
        name: "use-add-for-archives",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        check: check,
    };
}

pub(super) const ARCHIVE_SUFFIXES: &[&str] = &[
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tbz2",
    ".tar.xz",
    ".txz",
    ".tar.zst",
    ".tar.lz",
    ".tar.lzma",
    ".tlz",
    ".gz",
    ".bz2",
    ".xz",
    ".zst",
];

pub(super) fn is_archive(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    ARCHIVE_SUFFIXES.iter().any(|s| lower.ends_with(s))
}

/// The last component of a Linux or Windows path.
fn base_name(path: &str) -> &str {
    // Quotes are trimmed: BuildKit splits COPY arguments on blanks, quotes or not.
    let path = path.trim_matches(['"', '\'']);
    path.trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let runs = runs(ctx);
    for (i, ins) in ctx.instructions().iter().enumerate() {
        if ins.kind != InstructionKind::Copy || ins.flag("from").is_some() {
            continue;
        }
        let Body::Paths { paths, .. } = &ins.body else {
            continue;
        };
        let Some((dest, sources)) = paths.split_last() else {
            continue;
        };
        let dest = unquote(&dest.text).trim_matches('"');
        // Names under which the archive may be referred to later.
        let mut names: Vec<String> = Vec::new();
        for src in sources {
            let src = unquote(&src.text).trim_matches('"');
            if src.starts_with("<<") || !is_archive(src) {
                continue;
            }
            names.push(base_name(src).to_string());
            if is_archive(dest) {
                names.push(base_name(dest).to_string());
                names.push(dest.to_string());
            } else {
                names.push(format!("{}/{}", dest.trim_end_matches('/'), base_name(src)));
            }
        }
        if names.is_empty() {
            continue;
        }
        let stage = ctx.stage_of(i);
        for run in runs
            .iter()
            .filter(|r| r.index > i && ctx.stage_of(r.index) == stage)
        {
            for tar in run.commands_named("tar") {
                let extracts = tar.has_flag(&["-x", "--extract", "--get"])
                    || tar
                        .args
                        .first()
                        .is_some_and(|a| !a.value.starts_with('-') && a.value.contains('x'));
                if !extracts {
                    continue;
                }
                if let Some(arg) = tar.args.iter().find(|a| {
                    names
                        .iter()
                        .any(|n| *n == a.value || base_name(&a.value) == n)
                }) {
                    out.push(RULE.diag(
                        arg.span,
                        "this archive was COPYed earlier; ADD would unpack it in one layer",
                    ));
                }
            }
        }
    }
}
