use super::support::runs;
use crate::context::{Context, EffectiveShell};
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::shell::Script;
use dlint_syntax::Span;

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` with a pipe (`a | b`) when the shell does not have `pipefail`
    /// set: no earlier `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (bash, zsh, ash
    /// or ksh) in the stage or the stages it is built `FROM`.
    ///
    /// ## Why is this bad?
    /// A pipeline's exit status is that of its last command, so `curl … | tar x`
    /// succeeds even when the download fails, and the build goes on with a broken
    /// result.
    ///
    /// Difference from hadolint: a `set -o pipefail` in the script itself before the
    /// pipe (for example in a heredoc with a bash shebang) is accepted too.
    /// PowerShell and cmd scripts are never reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    pub static RULE = {
        code: "DL4006",
        name: "pipefail",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

/// A SHELL with pipefail: a shell that has the option, and `-o pipefail` (or an
/// option group ending in `o` followed by `pipefail`).
fn shell_has_pipefail(shell: &EffectiveShell) -> bool {
    shell.from_instruction
        && matches!(
            shell.program().as_str(),
            "bash" | "zsh" | "ash" | "ksh" | "mksh"
        )
        && shell.argv.windows(2).any(|w| {
            w[1] == "pipefail"
                && w[0].starts_with('-')
                && !w[0].starts_with("--")
                && w[0].ends_with('o')
        })
}

/// The span of the first pipeline not preceded by `set -o pipefail` in the script.
fn unguarded_pipe(script: &Script) -> Option<Span> {
    let first = script.commands.iter().find(|c| c.pipeline.is_some())?;
    let guarded = script.commands.iter().any(|c| {
        c.span.start < first.span.start && c.is("set") && {
            let one = Script {
                commands: vec![c.clone()],
                ..Script::default()
            };
            one.sets_pipefail()
        }
    });
    if guarded {
        return None;
    }
    let end = script
        .commands
        .iter()
        .filter(|c| c.pipeline == first.pipeline)
        .map(|c| c.span.end)
        .max()
        .unwrap_or(first.span.end);
    Some(Span::new(first.span.start, end))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for run in runs(ctx) {
        if shell_has_pipefail(ctx.shell(run.index)) {
            continue;
        }
        if let Some(span) = run.scripts.iter().filter_map(|s| unguarded_pipe(s)).next() {
            out.push(RULE.diag(span, "set -o pipefail (SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]) so a failing command in the pipe fails the build"));
        }
    }
}
