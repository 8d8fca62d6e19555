use super::packages::report_unpinned;
use super::pip::{as_pip, PIP_TAKES_VALUE};
use super::support::{decided_at_build_time, runs};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::shell::ShellWord;

declare_rule! {
    /// ## What it does
    /// Reports packages in `pip install` (also `python -m pip` and `pipx install`)
    /// without a version specifier (`pkg==1.2`, `pkg>=1.2`, …). Requirement files
    /// (`-r`), constraint files (`-c`), local paths, archives and VCS URLs with a revision are accepted.
    ///
    /// Differences from hadolint: one finding per install command, naming its unpinned
    /// packages (hadolint reports the whole `RUN` once), and a package given only by an expansion
    /// (`$PACKAGES`, `$(cat list)`) is not reported: its value is decided at build time.
    ///
    /// ## Why is this bad?
    /// Unpinned packages make every build install whatever was released last; builds
    /// stop being reproducible and break on incompatible releases.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir requests
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir requests==2.32.3
    /// ```
    pub static RULE = {
        code: "DL3013",
        name: "pin-pip-versions",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn pinned(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    if ["git+", "hg+", "svn+", "bzr+"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        // A VCS URL is pinned by `@revision` after the repository path.
        return v.rsplit('/').next().is_some_and(|last| last.contains('@'));
    }
    v.contains("://")
        || v.contains('/')
        || v.starts_with('.')
        || [".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz"]
            .iter()
            .any(|s| lower.ends_with(s))
        || ["==", "~=", ">=", "<=", "!=", "<", ">", "@"]
            .iter()
            .any(|op| v.contains(op))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for run in runs(ctx) {
        for cmd in run.commands() {
            let Some(pip) = as_pip(cmd, true) else {
                continue;
            };
            let pos = pip.positionals(PIP_TAKES_VALUE);
            if pos.first().is_none_or(|s| s.value != "install")
                || pip.has_flag(&["-r", "--requirement", "-c", "--constraint"])
            {
                continue;
            }
            let unpinned: Vec<&ShellWord> = pos[1..]
                .iter()
                .copied()
                .filter(|w| !pinned(&w.value) && !decided_at_build_time(ctx, run.index, &w.value))
                .collect();
            report_unpinned(out, &RULE, &unpinned, "pip install pkg==version");
        }
    }
}
