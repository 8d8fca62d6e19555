use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use crate::support::flags::{allowed_flags, is_bool_flag, repeatable};
use crate::support::suggest::suggest;
use dlint_syntax::{Flag, Instruction, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports flags an instruction does not accept (with a suggestion for near misses),
    /// flags given twice, flags missing their value, and boolean flags with a value that
    /// is not a boolean.
    ///
    /// Accepted flags: FROM `--platform`; COPY `--from --chown --chmod --link --exclude
    /// --parents`; ADD `--chown --chmod --link --keep-git-dir --checksum --unpack
    /// --exclude`; RUN `--mount --network --security --device`; HEALTHCHECK `--interval
    /// --timeout --start-period --start-interval --retries`; no other instruction takes
    /// flags.
    ///
    /// ## Why is this bad?
    /// BuildKit fails the build with `unknown flag: …`, `duplicate flag specified: …`,
    /// `missing a value on flag: …` or `expecting boolean value for flag …`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// COPY --chmown=app:app . /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// COPY --chown=app:app . /app
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: renaming a flag to the suggestion is a guess at what was meant.
    pub static RULE = {
        code: "DF005",
        name: "invalid-flag",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        check_instruction(ctx, ins, out);
        if let Some(inner) = Some(ins.effective()).filter(|i| !std::ptr::eq(*i, ins)) {
            check_instruction(ctx, inner, out);
        }
    }
}

fn check_instruction(ctx: &Context, ins: &Instruction, out: &mut Vec<Diagnostic>) {
    if ins.kind == InstructionKind::Unknown {
        return;
    }
    let allowed = allowed_flags(ins.kind);
    let mut seen: Vec<&str> = Vec::new();
    for flag in &ins.flags {
        let name = flag.name.as_str();
        if !allowed.contains(&name) {
            out.push(unknown(ctx, flag, allowed));
            continue;
        }
        if seen.contains(&name) && !repeatable(name) {
            out.push(RULE.diag(flag.span, format!("duplicate flag specified: {name}")));
        }
        seen.push(name);
        // BuildKit's flag parser: a string flag needs `=`; a boolean flag takes no value
        // or `true`/`false` in any case, and `--flag=` with nothing after is an error.
        let has_equals = flag.value.is_some();
        let value = flag.value.as_deref().unwrap_or("");
        let missing = if is_bool_flag(name) {
            has_equals && value.is_empty()
        } else {
            !has_equals
        };
        if missing {
            out.push(RULE.diag(flag.span, format!("missing a value on flag: {name}")));
        } else if is_bool_flag(name)
            && has_equals
            && !matches!(value.to_lowercase().as_str(), "true" | "false")
        {
            out.push(RULE.diag(
                flag.value_span.unwrap_or(flag.span),
                format!("expecting boolean value for flag {name}, not: {value}"),
            ));
        }
    }
}

fn unknown(ctx: &Context, flag: &Flag, allowed: &[&'static str]) -> Diagnostic {
    let mut message = format!("unknown flag: --{}", flag.name);
    let Some(s) = suggest(&flag.name, allowed.iter().copied()) else {
        return RULE.diag(flag.span, message);
    };
    message.push_str(&format!(" (did you mean --{s}?)"));
    let diag = RULE.diag(flag.span, message);
    if ctx.text(flag.name_span) == flag.name {
        let rename = Edit::replace(flag.name_span, s);
        diag.with_fix(Fix::unsafe_(format!("Change to --{s}"), vec![rename]))
    } else {
        diag
    }
}
