//! Shared shapes of the package-manager rules: "subcommand without a flag",
//! "operand without a version" and "install without cleaning the cache".

use super::support::{decided_at_build_time, has_cache_mount, runs, Run};
use crate::context::Context;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::rule::Rule;
use crate::shell::{ShellCommand, ShellWord};

/// The subcommand (one of `subs`) and the operands after it. `module install` and
/// similar two-word subcommands are recognised when `subs` lists the second word and
/// the first one is in `prefixes`.
pub fn operands<'a>(
    cmd: &'a ShellCommand,
    subs: &[&str],
    prefixes: &[&str],
    takes_value: &[&str],
) -> Option<(&'a ShellWord, Vec<&'a ShellWord>)> {
    let pos = cmd.positionals(takes_value);
    let first = pos.first()?;
    if subs.contains(&first.value.as_str()) {
        return Some((first, pos[1..].to_vec()));
    }
    if prefixes.contains(&first.value.as_str()) {
        let second = pos.get(1)?;
        if subs.contains(&second.value.as_str()) {
            return Some((second, pos[2..].to_vec()));
        }
    }
    None
}

/// A fix that inserts `text` (with a leading space) after `word`.
pub fn insert_after(
    word: &ShellWord,
    text: &str,
    title: &str,
    applicability: Applicability,
) -> Fix {
    Fix::new(
        title,
        applicability,
        vec![Edit::insert(word.span.end, format!(" {text}"))],
    )
}

/// Reports each `names` command whose subcommand is in `subs` and that has none of
/// `flags`. The finding covers the command name through the subcommand; `fix`
/// inserts its text after the subcommand.
#[allow(clippy::too_many_arguments)]
pub fn require_flag(
    ctx: &Context,
    out: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    names: &[&str],
    subs: &[&str],
    flags: &[&str],
    message: &str,
    fix: Option<(&str, &str, Applicability)>,
    exempt: impl Fn(&Run, &ShellCommand) -> bool,
) {
    for run in runs(ctx) {
        for cmd in run.commands().filter(|c| names.iter().any(|n| c.is(n))) {
            let Some(sub) = cmd.subcommand(&[]) else {
                continue;
            };
            if !subs.contains(&sub.value.as_str()) || cmd.has_flag(flags) || exempt(&run, cmd) {
                continue;
            }
            let span = super::support::name_through(cmd, Some(sub));
            let mut diag = rule.diag(span, message);
            if let Some((text, title, applicability)) = fix {
                diag = diag.with_fix(insert_after(sub, text, title, applicability));
            }
            out.push(diag);
        }
    }
}

/// Reports each operand of a `names` `subs` command that `pinned` rejects. Operands
/// built from variables the Dockerfile defines are treated as pinned, and operands that
/// are only an expansion are skipped.
#[allow(clippy::too_many_arguments)]
pub fn require_pins(
    ctx: &Context,
    out: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    names: &[&str],
    subs: &[&str],
    prefixes: &[&str],
    takes_value: &[&str],
    pinned: fn(&str) -> bool,
    what: &str,
) {
    for run in runs(ctx) {
        for cmd in run.commands().filter(|c| names.iter().any(|n| c.is(n))) {
            let Some((_, words)) = operands(cmd, subs, prefixes, takes_value) else {
                continue;
            };
            let unpinned: Vec<&ShellWord> = words
                .into_iter()
                .filter(|w| !pinned(&w.value) && !decided_at_build_time(ctx, run.index, &w.value))
                .collect();
            report_unpinned(out, rule, &unpinned, what);
        }
    }
}

/// One finding for the unpinned packages of one install command (none when there are
/// none), from the first of them to the last. One per command, not one per package: a
/// `RUN` installing ten packages is one thing to fix, hadolint reports it once, and an
/// editor should not stack ten warnings on one line.
pub fn report_unpinned(
    out: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    unpinned: &[&ShellWord],
    what: &str,
) {
    let (Some(first), Some(last)) = (unpinned.first(), unpinned.last()) else {
        return;
    };
    let names: Vec<String> = unpinned.iter().map(|w| format!("`{}`", w.value)).collect();
    let message = match names.as_slice() {
        [one] => format!("pin the version of {one} ({what})"),
        [init @ .., last] => format!(
            "pin the versions of {} and {last} ({what})",
            init.join(", ")
        ),
        [] => return,
    };
    out.push(rule.diag(first.span.cover(last.span), message));
}

/// `rm` of a path under one of `dirs`.
pub fn removes_any(cmd: &ShellCommand, dirs: &[&str]) -> bool {
    cmd.is("rm")
        && cmd
            .args
            .iter()
            .any(|a| dirs.iter().any(|d| a.value.starts_with(d)))
}

/// Reports installs (a `names` command with a subcommand in `subs`) not followed in
/// the same RUN by a cache cleanup (`cleans`), unless a cache or tmpfs mount covers
/// one of `cache_dirs`.
#[allow(clippy::too_many_arguments)]
pub fn require_cleanup(
    ctx: &Context,
    out: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    names: &[&str],
    subs: &[&str],
    cache_dirs: &[&str],
    cleans: impl Fn(&ShellCommand, &ShellCommand) -> bool,
    message: &str,
    only_stages: Option<&[usize]>,
) {
    for run in runs(ctx) {
        // An ONBUILD trigger runs in whatever image is built from this one.
        if let (Some(stages), false) = (only_stages, run.is_trigger()) {
            if !ctx.stage_of(run.index).is_none_or(|s| stages.contains(&s)) {
                continue;
            }
        }
        if cache_dirs.iter().any(|d| has_cache_mount(run.run, d)) {
            continue;
        }
        for cmd in run.commands().filter(|c| names.iter().any(|n| c.is(n))) {
            let Some((sub, _)) = operands(cmd, subs, &["module"], &[]) else {
                continue;
            };
            if run.any_after(cmd, |c| cleans(cmd, c)) {
                continue;
            }
            out.push(rule.diag(super::support::name_through(cmd, Some(sub)), message));
        }
    }
}

/// [`require_flag`] for the "assume yes" switch of a package manager, fixed by `-y`.
pub fn require_yes(
    ctx: &Context,
    out: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    names: &[&str],
    subs: &[&str],
    flags: &[&str],
) {
    require_flag(
        ctx,
        out,
        rule,
        names,
        subs,
        flags,
        "add -y: the build cannot answer the prompt",
        Some(("-y", "Add `-y`", Applicability::Safe)),
        |_, _| false,
    );
}
