use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use crate::shell::{script_for, SourceMap};
use dlint_syntax::{Command, InstructionKind, LogicalText};

declare_rule! {
    /// ## What it does
    /// Reports `CMD` and `ENTRYPOINT` written in shell form instead of exec (JSON) form.
    ///
    /// ## Why is this bad?
    /// In shell form the process is started by `/bin/sh -c`, which becomes PID 1 and
    /// does not pass signals on: `docker stop` waits for the timeout and then kills
    /// the application without a clean shutdown.
    ///
    /// Difference from hadolint: since 2.15 hadolint also reports `HEALTHCHECK CMD` in
    /// shell form. A health check is not PID 1 and Docker's own reference uses the
    /// shell form for it (`HEALTHCHECK CMD curl -f http://localhost/ || exit 1`), so
    /// dlint does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// CMD node server.js
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// Offered when the command is one simple command of plain words, and unsafe: the
    /// process no longer runs under a shell, so it becomes PID 1, receives signals
    /// itself, and nothing expands variables in its arguments.
    pub static RULE = {
        code: "DL3025",
        name: "json-form-cmd",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

/// The exec form of a shell-form command made of one simple command with plain
/// words (no quotes, variables, globs or operators), which needs no shell.
fn exec_form(text: &LogicalText) -> Option<String> {
    let plain = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c))
    };
    let script = script_for(&text.text, SourceMap::from_logical(text));
    let [cmd] = script.commands.as_slice() else {
        return None;
    };
    if script.has_error || cmd.wrapped_by.is_some() || !cmd.env.is_empty() {
        return None;
    }
    let words: Vec<&str> = std::iter::once(&cmd.name)
        .chain(&cmd.args)
        .map(|w| w.raw.as_str())
        .collect();
    // Everything in the text must be these words: no redirects, `;`, `&` or comments.
    let rebuilt = words.join(" ");
    let normalized = text.text.split_whitespace().collect::<Vec<_>>().join(" ");
    if rebuilt != normalized || !words.iter().all(|w| plain(w)) {
        return None;
    }
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    Some(format!("[{}]", quoted.join(", ")))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        if !matches!(ins.kind, InstructionKind::Cmd | InstructionKind::Entrypoint) {
            continue;
        }
        let Some(Command::Shell(text)) = ins.command() else {
            continue;
        };
        if text.text.trim().is_empty() {
            continue;
        }
        let span = text.span_to_source(0, text.text.trim_end().len());
        let mut diag = RULE.diag(
            span,
            format!(
                "use the JSON form of {} so that signals reach the process",
                ins.kind.keyword()
            ),
        );
        if let Some(exec) = exec_form(text) {
            diag = diag.with_fix(Fix::unsafe_(
                "Use the JSON (exec) form",
                vec![Edit::replace(span, exec)],
            ));
        }
        out.push(diag);
    }
}
