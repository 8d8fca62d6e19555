use super::support::runs;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Command, Instruction, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports a `RUN` directly after another `RUN` (comments in between do not
    /// count) when both run a single command and use the same flags.
    ///
    /// ## Why is this bad?
    /// Each `RUN` adds a layer and a cache step; two one-command steps in a row are
    /// usually one logical step. RUNs with different `--mount` or other flags cannot
    /// be merged and are not reported.
    ///
    /// As in hadolint, a RUN that already chains several commands (`a && b`) is taken
    /// as a deliberate split and is not reported, nor is the RUN after it. This holds
    /// for Windows scripts too (a `cmd` or PowerShell SHELL, or a Windows base image):
    /// their commands are counted at `&&`, `||`, `&` and `|` (and `;` in PowerShell)
    /// outside quotes, since the POSIX shell model does not read them. On a Windows
    /// base image without a SHELL in the file, the base image may have set PowerShell,
    /// so `;` counts too.
    ///
    /// hadolint parses Windows scripts as POSIX shell; where that parse fails it counts
    /// no commands and reports the RUN even when it chains many statements (seen on
    /// Microsoft's .NET Framework Dockerfiles). dlint does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN mkdir -p /app
    /// RUN chown nobody /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN mkdir -p /app && chown nobody /app
    /// ```
    ///
    /// ## Fix safety
    /// Joining with `&&` is unsafe: the second command then runs in the same shell,
    /// so a `cd`, an exported variable or a `set` option of the first one now
    /// affects it. Offered only when a single line break separates the two RUNs, and
    /// not for PowerShell (Windows PowerShell 5 has no `&&`). The line continuation
    /// uses the file's escape character.
    pub static RULE = {
        code: "DL3059",
        name: "merge-consecutive-runs",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let runs = runs(ctx);
    // Commands per top-level RUN. Windows scripts are counted from their text; other
    // unanalysed RUNs (exec form) run one command.
    let by_index: std::collections::HashMap<usize, &_> =
        runs.iter().map(|r| (r.index, r)).collect();
    let count = |i: usize| match by_index.get(&i) {
        Some(r) => r
            .scripts
            .iter()
            .map(|s| s.written_commands().count())
            .sum::<usize>()
            .max(1),
        None => match ctx.instructions()[i].command() {
            Some(Command::Shell(text)) => windows_commands(ctx, i, &text.text),
            _ => 1,
        },
    };
    let ins = ctx.instructions();
    for i in 1..ins.len() {
        let (a, b) = (&ins[i - 1], &ins[i]);
        if a.kind != InstructionKind::Run || b.kind != InstructionKind::Run {
            continue;
        }
        let flags = |x: &dlint_syntax::Instruction| {
            x.flags.iter().map(|f| f.text.clone()).collect::<Vec<_>>()
        };
        if flags(a) != flags(b) || count(i - 1) > 1 || count(i) > 1 {
            continue;
        }
        let mut diag = RULE.diag(
            b.keyword_span,
            "this RUN could be merged with the one before it",
        );
        // Windows PowerShell 5 has no `&&`: no fix offered there.
        if let Some(fix) = merge(ctx, a, b).filter(|_| !powershell(ctx, i)) {
            diag = diag.with_fix(fix);
        }
        out.push(diag);
    }
}

/// Joins two shell-form RUNs with `&&` when nothing but a line break separates them
/// (no comments, no heredocs, no flags on the second to lose).
fn merge(ctx: &Context, a: &Instruction, b: &Instruction) -> Option<Fix> {
    let (Some(Command::Shell(first)), Some(Command::Shell(second))) = (a.command(), b.command())
    else {
        return None;
    };
    if !a.heredocs.is_empty() || !b.heredocs.is_empty() || first.text.trim().is_empty() {
        return None;
    }
    let end_a = first.span_to_source(0, first.text.trim_end().len()).end;
    let start_b = second.span_to_source(0, 0).start;
    let between = ctx.source.get(end_a..start_b)?;
    // Only blanks, one line break and the second RUN's keyword (and its flags).
    let rest = between.trim_start_matches([' ', '\t']);
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    if rest.contains('\n') || rest.contains('#') {
        return None;
    }
    let newline = if between.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    Some(Fix::unsafe_(
        "Merge into the previous RUN",
        vec![Edit::replace(
            Span::new(end_a, start_b),
            format!(" && {}{newline}    ", ctx.dockerfile.escape),
        )],
    ))
}

/// The shell at instruction `index` is PowerShell (where `;` separates statements and
/// single quotes quote).
fn powershell(ctx: &Context, index: usize) -> bool {
    let program = ctx.shell(index).program();
    program.contains("pwsh") || program.contains("powershell")
}

/// How many commands the Windows script of RUN `index` chains. Without a shell named
/// in the file, a Windows image runs `cmd`, or the PowerShell its base image set with
/// its own SHELL (Microsoft's .NET Framework images do): then separators of either
/// count.
fn windows_commands(ctx: &Context, index: usize, script: &str) -> usize {
    let shell = ctx.shell(index);
    if shell.argv != crate::context::EffectiveShell::default_posix().argv {
        windows_command_count(script, powershell(ctx, index))
    } else {
        windows_command_count(script, false).max(windows_command_count(script, true))
    }
}

/// How many commands a cmd or PowerShell script chains: one more than the number of
/// `&&`, `||`, `&` and `|` operators (and `;` in PowerShell) outside quotes. cmd's `^`
/// escapes the next character. Empty segments (`a & & b`) do not count.
fn windows_command_count(script: &str, powershell: bool) -> usize {
    let mut count = 0;
    let mut segment_has_text = false;
    let mut quote: Option<char> = None;
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' => quote = Some('"'),
            '\'' if powershell => quote = Some('\''),
            '^' if !powershell => {
                chars.next();
                segment_has_text = true;
                continue;
            }
            '&' | '|' => {
                // `&&` and `||` are one operator.
                chars.next_if_eq(&c);
            }
            ';' if powershell => {}
            c if c.is_whitespace() => continue,
            _ => {
                segment_has_text = true;
                continue;
            }
        }
        if matches!(c, '&' | '|' | ';') && segment_has_text {
            count += 1;
            segment_has_text = false;
        } else if matches!(c, '"' | '\'') {
            segment_has_text = true;
        }
    }
    count + usize::from(segment_has_text)
}

#[cfg(test)]
mod tests {
    use super::windows_command_count;

    #[test]
    fn counts_windows_commands() {
        assert_eq!(
            windows_command_count("curl -o a.zip https://x && tar -xf a.zip", false),
            2
        );
        assert_eq!(windows_command_count("echo a & echo b || exit 1", false), 3);
        assert_eq!(windows_command_count("echo \"a && b\"", false), 1);
        assert_eq!(windows_command_count("echo a ^&^& b", false), 1);
        assert_eq!(windows_command_count("dir | findstr x", false), 2);
        // `;` separates PowerShell statements only; `'` quotes only there.
        assert_eq!(windows_command_count("$a = 'x; y'; Write-Host $a", true), 2);
        assert_eq!(windows_command_count("echo a;b", false), 1);
        assert_eq!(windows_command_count("echo it's && echo b", false), 2);
        assert_eq!(windows_command_count("", false), 0);
        assert_eq!(windows_command_count("a && ", false), 1);
    }
}
