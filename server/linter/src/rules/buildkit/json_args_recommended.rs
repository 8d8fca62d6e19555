use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Command, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports `CMD` and `ENTRYPOINT` in shell form when no `SHELL` is in effect.
    ///
    /// ## Why is this bad?
    /// The shell form runs the command as a child of `/bin/sh -c`. The shell becomes
    /// PID 1 and does not pass signals on, so `docker stop` waits for its timeout and
    /// then kills the process instead of letting it shut down cleanly.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20
    /// CMD node server.js
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:20
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe, and offered only for plain words (no quotes, variables or shell
    /// operators): the command no longer runs through a shell, so environment variables
    /// are no longer expanded by one.
    pub static RULE = {
        code: "JSONArgsRecommended",
        name: "json-args-recommended",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, ins) in ctx.instructions().iter().enumerate() {
        if !matches!(ins.kind, InstructionKind::Cmd | InstructionKind::Entrypoint) {
            continue;
        }
        let Some(Command::Shell(text)) = ins.command() else {
            continue;
        };
        if text.text.trim().is_empty() || ctx.shell(i).from_instruction {
            continue;
        }
        // A base image that sets its own shell (Windows images often do) is exempt too.
        let base_shell = ctx
            .stage_of(i)
            .and_then(|s| ctx.base_image(s))
            .and_then(|b| b.shell);
        if base_shell.is_some() {
            continue;
        }
        let span = text.span_to_source(0, text.text.len());
        let mut diag = RULE.diag(
            span,
            format!(
                "JSON arguments recommended for {} to prevent unintended behavior related to OS signals",
                ins.keyword
            ),
        );
        if let Some(json) = plain_words_as_json(&text.text) {
            diag = diag.with_fix(Fix::unsafe_(
                "Convert to exec form",
                vec![Edit::replace(span, json)],
            ));
        }
        out.push(diag);
    }
}

/// `node server.js` → `["node", "server.js"]` when every word is plain.
fn plain_words_as_json(text: &str) -> Option<String> {
    let plain = |w: &str| {
        w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c))
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || !words.iter().all(|w| plain(w)) {
        return None;
    }
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    Some(format!("[{}]", quoted.join(", ")))
}
