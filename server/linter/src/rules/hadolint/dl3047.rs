use super::support::each_command;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `wget` without `--progress`, `-q`/`--quiet`, `-nv`/`--no-verbose` or a
    /// log file (`-o`, `-a`).
    ///
    /// ## Why is this bad?
    /// Without a terminal, wget's default progress display prints a line every few
    /// kilobytes; a large download fills the build log with thousands of lines.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget https://example.com/big.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget --progress=dot:giga https://example.com/big.tar.gz
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only the progress output changes.
    pub static RULE = {
        code: "DL3047",
        name: "wget-progress",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        fixable: true,
        check: check,
    };
}

const QUIET: &[&str] = &[
    "--progress",
    "-q",
    "--quiet",
    "-nv",
    "--no-verbose",
    "-o",
    "--output-file",
    "-a",
    "--append-output",
];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_command(ctx, &["wget"], |_, cmd| {
        if cmd.has_flag(QUIET) {
            return;
        }
        out.push(
            RULE.diag(
                cmd.name.span,
                "wget's progress output floods the build log; use --progress=dot:giga",
            )
            .with_fix(Fix::safe(
                "Add `--progress=dot:giga`",
                vec![Edit::insert(cmd.name.span.end, " --progress=dot:giga")],
            )),
        );
    });
}
