use super::packages::report_unpinned;
use super::support::each_command;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::shell::ShellWord;

declare_rule! {
    /// ## What it does
    /// Reports `go install`, `go get` and `go run` of a remote package without a
    /// version (`pkg@v1.2.3`), or with `@latest`. Local paths are accepted.
    ///
    /// ## Why is this bad?
    /// Without a version the newest release is fetched on each build, so builds are
    /// not reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    pub static RULE = {
        code: "DL3062",
        name: "pin-go-versions",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

const GO_TAKES_VALUE: &[&str] = &[
    "-o",
    "-C",
    "-p",
    "-mod",
    "-modfile",
    "-tags",
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-pkgdir",
    "-exec",
    "-overlay",
    "-pgo",
    "-toolexec",
    "-buildmode",
    "-compiler",
    "-gccgoflags",
    "-installsuffix",
];

fn pinned(v: &str) -> bool {
    if v.starts_with('/') || v.starts_with('.') || v.starts_with('$') {
        return true;
    }
    v.rsplit_once('@')
        .is_some_and(|(_, version)| !version.is_empty() && version != "latest")
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_command(ctx, &["go"], |_, cmd| {
        let pos = cmd.positionals(GO_TAKES_VALUE);
        let Some(sub) = pos.first() else { return };
        let operands: &[_] = match sub.value.as_str() {
            "install" | "get" => &pos[1..],
            // Everything after the package is the program's own arguments.
            "run" => pos.get(1..2).unwrap_or(&[]),
            _ => return,
        };
        let unpinned: Vec<&ShellWord> = operands
            .iter()
            .copied()
            .filter(|w| !pinned(&w.value))
            .collect();
        report_unpinned(out, &RULE, &unpinned, "pkg@vX.Y.Z");
    });
}
