use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::vars::expand;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports a `STOPSIGNAL` that is neither a positive signal number nor a known signal
    /// name (`SIGTERM`, `TERM`, `SIGRTMIN+3`, …). Values with variables are skipped.
    ///
    /// ## Why is this bad?
    /// BuildKit fails with `Invalid signal: …`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// STOPSIGNAL SIGFOO
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// STOPSIGNAL SIGQUIT
    /// ```
    pub static RULE = {
        code: "DF009",
        name: "invalid-stop-signal",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

const SIGNALS: [&str; 33] = [
    "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL",
    "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP",
    "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU",
];

/// moby's `signal.ParseSignal` for Linux.
pub fn valid_signal(value: &str) -> bool {
    if let Ok(n) = value.parse::<i64>() {
        return n > 0;
    }
    let upper = value.to_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    if SIGNALS.contains(&name) || name == "XFSZ" {
        return true;
    }
    // Real-time signals: RTMIN, RTMIN+n, RTMAX-n (n up to 15 on Linux).
    let offset_ok = |rest: &str, sign: char| {
        rest.is_empty()
            || rest
                .strip_prefix(sign)
                .and_then(|n| n.parse::<u8>().ok())
                .is_some_and(|n| (1..=15).contains(&n))
    };
    name.strip_prefix("RTMIN")
        .is_some_and(|r| offset_ok(r, '+'))
        || name
            .strip_prefix("RTMAX")
            .is_some_and(|r| offset_ok(r, '-'))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let ins = ins.effective();
        if ins.kind != InstructionKind::Stopsignal {
            continue;
        }
        let Body::Text(Some(word)) = &ins.body else {
            continue;
        };
        // STOPSIGNAL is expanded; a value using variables is only known at build time,
        // but `$` alone or an escaped `\$` is literal text.
        let Ok(expanded) = expand(&word.text, ctx.dockerfile.escape, &|_| None) else {
            continue;
        };
        let value = expanded.value.trim();
        if !expanded.uses.is_empty() || valid_signal(value) {
            continue;
        }
        out.push(RULE.diag(word.span, format!("Invalid signal: {value}")));
    }
}

#[cfg(test)]
mod tests {
    use super::valid_signal;

    #[test]
    fn signals() {
        for ok in ["SIGTERM", "term", "9", "SIGRTMIN+3", "RTMAX", "SIGXFSZ"] {
            assert!(valid_signal(ok), "{ok}");
        }
        for bad in ["SIGFOO", "0", "-1", "SIGRTMIN+20", "SIGTERM SIGKILL", ""] {
            assert!(!valid_signal(bad), "{bad}");
        }
    }
}
