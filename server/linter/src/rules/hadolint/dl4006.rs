use super::support::{lineage, runs, Run};
use crate::context::{Context, EffectiveShell};
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use crate::shell::Script;
use dlint_syntax::{Body, Span};

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
    ///
    /// ## Fix safety
    /// A `SHELL` line is suggested (bash, or ash on Alpine and BusyBox images) but
    /// never applied: it changes the shell of every later `RUN` in the stage, and the
    /// image must have that shell.
    pub static RULE = {
        code: "DL4006",
        name: "pipefail",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        fixable: true,
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

/// A `SHELL` line to put before the RUN (shown, never applied): bash, or busybox's
/// ash for Alpine and BusyBox images, which have no bash.
fn suggest_shell(ctx: &Context, run: &Run) -> Option<Fix> {
    if run.is_trigger() {
        return None;
    }
    let ins = &ctx.instructions()[run.index];
    let line_start = ctx.source[..ins.keyword_span.start]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent = &ctx.source[line_start..ins.keyword_span.start];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let stage = ctx.stage_of(run.index)?;
    let root = *lineage(ctx, stage).last()?;
    let base = match &ctx.instructions()[ctx.stages[root].from].body {
        Body::From { image: Some(w), .. } => w.text.to_ascii_lowercase(),
        _ => String::new(),
    };
    let shell = if base.contains("alpine") || base.contains("busybox") {
        "/bin/ash"
    } else {
        "/bin/bash"
    };
    // Keep the file's line ending style.
    let rest = &ctx.source[ins.keyword_span.start..];
    let crlf = rest.find('\n').is_some_and(|i| rest[..i].ends_with('\r'));
    let newline = if crlf { "\r\n" } else { "\n" };
    Some(Fix::new(
        format!("Add `SHELL [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]` before this RUN"),
        Applicability::DisplayOnly,
        vec![Edit::insert(
            line_start,
            format!("{indent}SHELL [\"{shell}\", \"-o\", \"pipefail\", \"-c\"]{newline}"),
        )],
    ))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for run in runs(ctx) {
        if shell_has_pipefail(ctx.shell(run.index)) {
            continue;
        }
        if let Some(span) = run.scripts.iter().filter_map(|s| unguarded_pipe(s)).next() {
            let mut diag = RULE.diag(span, "set -o pipefail (SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]) so a failing command in the pipe fails the build");
            if let Some(fix) = suggest_shell(ctx, &run) {
                diag = diag.with_fix(fix);
            }
            out.push(diag);
        }
    }
}
