use super::support::{env_before, lineage, runs};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Origin, Rule};
use crate::settings::Settings;
use crate::shell::{script_sources, SourceMap};
use crate::shellcheck::{self, offset_of, Script};
use dlint_semantic::names::PROXY_ARGS;
use dlint_semantic::Model;
use dlint_syntax::{Body, InstructionKind};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

declare_rule! {
    /// ## What it does
    /// Runs ShellCheck on every shell-form `RUN` (also `ONBUILD RUN` and heredoc
    /// scripts) and reports its findings under their `SC` codes, at the exact word in
    /// the Dockerfile. Needs a `shellcheck` binary (on `PATH`, or `DLINT_SHELLCHECK`);
    /// without one the check is skipped.
    ///
    /// As in hadolint, the script is checked as the shell in effect (`SHELL`, or
    /// `# hadolint shell=`; `/bin/sh` by default), ARG, ENV and proxy variables count
    /// as set, and SC1090, SC1091 and SC2187 are left out. Differences from hadolint:
    /// findings point at the offending word instead of the first line of the `RUN`,
    /// PowerShell and cmd scripts are never checked (hadolint 2.15 loses the shell
    /// after an ARG or ENV), zsh scripts are skipped (ShellCheck does not support
    /// zsh), and a heredoc with its own shebang is checked as that shell.
    ///
    /// ## Why is this bad?
    /// Shell mistakes (unquoted variables, broken conditionals, bashisms under
    /// `/bin/sh`) make builds fail or, worse, succeed while doing the wrong thing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN echo $HOME/[a-z]*
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN echo "$HOME"/[a-z]*
    /// ```
    pub static RULE = {
        code: "ShellCheck",
        name: "shellcheck",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        // Selecting `SC2086` (or `SC`) runs this rule.
        subcodes: "SC",
        check: check,
    };
}

/// SC codes as `&'static str` (a diagnostic's code is static); a few hundred at most.
fn intern(code: String) -> &'static str {
    static CODES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut codes = CODES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(c) = codes.get(code.as_str()) {
        return c;
    }
    let leaked: &'static str = Box::leak(code.into_boxed_str());
    codes.insert(leaked);
    leaked
}

/// ShellCheck's dialect for the shell in effect; `None` when it cannot check it.
fn dialect(program: &str) -> Option<&'static str> {
    match program {
        "sh" | "ash" | "busybox" => Some("sh"),
        "dash" => Some("dash"),
        "bash" => Some("bash"),
        "ksh" | "mksh" => Some("ksh"),
        "zsh" => None,
        _ => Some("sh"),
    }
}

/// Names ShellCheck should treat as set: ARGs and ENVs of the stage lineage before
/// `index`, and the proxy build arguments BuildKit passes to every RUN. An ONBUILD trigger runs in a later build, where
/// the image's ENV is set but this file's ARGs are not.
fn known_variables(ctx: &Context, index: usize, trigger: bool) -> Vec<String> {
    let mut names: Vec<String> = PROXY_ARGS.iter().map(|s| s.to_string()).collect();
    names.extend(env_before(ctx, index).into_keys());
    let stages = ctx
        .stage_of(index)
        .map(|s| lineage(ctx, s))
        .unwrap_or_default();
    // The instructions before `index` in the lineage's stages (before any FROM: all of
    // them). Only those ranges are read: scanning the whole file up to every RUN made
    // this quadratic on big files.
    let ranges: Vec<std::ops::Range<usize>> = if stages.is_empty() {
        vec![0..index]
    } else {
        stages
            .iter()
            .map(|&s| ctx.stages[s].from..ctx.stages[s].end.min(index))
            .collect()
    };
    for range in ranges.into_iter().filter(|r| r.start < r.end) {
        for ins in &ctx.instructions()[range] {
            if let (false, InstructionKind::Arg, Body::Args(decls)) = (trigger, ins.kind, &ins.body)
            {
                names.extend(decls.iter().map(|d| d.name.text.clone()));
            }
        }
    }
    names.retain(|n| is_variable_name(n));
    names.sort();
    names.dedup();
    names
}

/// `export A=1 B=1` and a newline for `names` (sorted), or nothing without names.
fn export_line<'n>(names: impl IntoIterator<Item = &'n str>) -> String {
    let mut line = String::new();
    for name in names {
        line.push_str(if line.is_empty() { "export " } else { " " });
        line.push_str(name);
        line.push_str("=1");
    }
    if !line.is_empty() {
        line.push('\n');
    }
    line
}

fn is_variable_name(n: &str) -> bool {
    !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !n.as_bytes()[0].is_ascii_digit()
}

/// [`known_variables`] as an `export` line, for the RUNs of a file in order. Within a
/// stage the names only grow, at ARG and ENV instructions, so one walk through each stage
/// gives every RUN its line; collecting the lineage again for each RUN was most of the
/// time of preparing a big file for ShellCheck (27 ms for 5,000 lines). ONBUILD triggers,
/// and stages built on a later stage (invalid, but they parse), take the long way.
#[derive(Default)]
struct KnownNames {
    stage: Option<usize>,
    /// The stage's instructions before this one have been read.
    upto: usize,
    names: std::collections::BTreeSet<String>,
    line: Option<String>,
}

impl KnownNames {
    fn export_line(&mut self, ctx: &Context, index: usize, trigger: bool) -> String {
        // The lineage is checked when the walk enters a stage, not for every RUN.
        let stage = ctx.stage_of(index).filter(|&s| {
            !trigger
                && (self.stage == Some(s) && self.upto <= index
                    || lineage(ctx, s).iter().all(|&p| p <= s))
        });
        let Some(stage) = stage else {
            return export_line(
                known_variables(ctx, index, trigger)
                    .iter()
                    .map(String::as_str),
            );
        };
        if self.stage != Some(stage) || self.upto > index {
            self.stage = Some(stage);
            self.names = PROXY_ARGS
                .iter()
                .map(|s| s.to_string())
                .filter(|n| is_variable_name(n))
                .collect();
            self.line = None;
            for parent in lineage(ctx, stage).into_iter().skip(1) {
                let info = &ctx.stages[parent];
                self.read(ctx, info.from..info.end);
            }
            self.upto = ctx.stages[stage].from;
        }
        self.read(ctx, self.upto..index);
        self.upto = index;
        let names = &self.names;
        self.line
            .get_or_insert_with(|| export_line(names.iter().map(String::as_str)))
            .clone()
    }

    /// Adds the ARG names and ENV keys of `range`, as `known_variables` and `env_before`
    /// read them.
    fn read(&mut self, ctx: &Context, range: std::ops::Range<usize>) {
        for ins in ctx.instructions().get(range).unwrap_or_default() {
            if let (InstructionKind::Arg, Body::Args(decls)) = (ins.kind, &ins.body) {
                for d in decls {
                    self.insert(&d.name.text);
                }
            }
            let own = ins.effective();
            if own.kind == InstructionKind::Env && std::ptr::eq(own, ins) {
                if let Body::KeyValues { pairs, .. } = &own.body {
                    for kv in pairs {
                        self.insert(super::support::unquote(&kv.key.text));
                    }
                }
            }
        }
    }

    fn insert(&mut self, name: &str) {
        if is_variable_name(name) && !self.names.contains(name) {
            self.names.insert(name.to_string());
            self.line = None;
        }
    }
}

/// The end of the shell word starting at `start` (at least one character).
fn word_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let first = rest.chars().next().map_or(0, char::len_utf8);
    let len = rest[first..]
        .find(|c: char| c.is_whitespace() || ";|&()<>".contains(c))
        .map_or(rest.len(), |n| n + first);
    start + len.max(first)
}

/// The scripts ShellCheck sees for this file: (script sent, length of the script
/// proper, map to the source).
/// Each script to check: the text handed to ShellCheck, where the RUN's own text starts
/// in it, the RUN text's length, and its map to the Dockerfile.
fn prepare(ctx: &Context) -> Vec<(Script, usize, usize, SourceMap)> {
    let mut pending = Vec::new();
    let mut known = KnownNames::default();
    for run in runs(ctx) {
        let Some(shell_dialect) = dialect(&ctx.shell(run.index).program()) else {
            continue;
        };
        let outer = &ctx.instructions()[run.index];
        let exports = known.export_line(ctx, run.index, run.is_trigger());
        for src in script_sources(outer, ctx.source) {
            let own_shebang = src.heredoc && src.text.starts_with("#!");
            // ARG and ENV variables are declared before the script, as the build sets
            // them: ShellCheck only treats a variable as set (and its plain value as safe
            // to leave unquoted, SC2086) when the assignment comes first. One line, so
            // findings map back by subtracting its length. A script with its own
            // shebang must keep it first: there the exports go at the end.
            let mut text = String::new();
            let prefix = if own_shebang { 0 } else { exports.len() };
            if !own_shebang {
                text.push_str(&exports);
            }
            text.push_str(src.text);
            if !text.ends_with('\n') {
                text.push('\n');
            }
            if !src.heredoc {
                // The command line reads heredocs (`cat <<EOF > file`): give ShellCheck
                // their bodies and terminators too, or it sees an unterminated heredoc.
                // Findings there fall past the command line and are dropped.
                for h in &outer.effective().heredocs {
                    text.push_str(&h.body);
                    if !h.body.is_empty() && !h.body.ends_with('\n') {
                        text.push('\n');
                    }
                    text.push_str(&h.delimiter);
                    text.push('\n');
                }
            }
            if own_shebang {
                text.push_str(&exports);
            }
            let dialect = if own_shebang {
                None
            } else {
                Some(shell_dialect)
            };
            pending.push((Script { text, dialect }, prefix, src.text.len(), src.map));
        }
    }
    pending
}

/// The scripts ShellCheck would be given for one parsed file (none when the settings
/// turn ShellCheck off). Checking them with [`shellcheck::check`] fills the cache that a
/// later lint with `shellcheck_cached_only` answers from: the language server does that
/// in the background without holding on to the document.
pub fn scripts_to_check(
    source: &str,
    dockerfile: &dlint_syntax::Dockerfile,
    settings: &Settings,
) -> Vec<Script> {
    if !settings.shellcheck {
        return Vec::new();
    }
    // The semantic model is not needed to find the scripts.
    let ctx = Context::new(
        source,
        dockerfile,
        Cow::Owned(Model::default()),
        None,
        settings,
        None,
    );
    prepare(&ctx).into_iter().map(|(s, ..)| s).collect()
}

/// Runs ShellCheck once over the scripts of many files (in parallel batches) so that
/// linting each file afterwards is answered from the cache: the batch CLI calls this
/// before linting the files one by one. A no-op without a `shellcheck` binary or when
/// the settings turn ShellCheck off.
pub fn prewarm(sources: &[&str], settings: &Settings) {
    if !settings.shellcheck || shellcheck::status().is_err() {
        return;
    }
    let mut scripts: Vec<Script> = Vec::new();
    for source in sources {
        let dockerfile = dlint_syntax::parse_text(source);
        scripts.extend(scripts_to_check(source, &dockerfile, settings));
    }
    // Errors resurface (and are handled) when each file is linted.
    let _ = shellcheck::check(&scripts);
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !ctx.settings.shellcheck || shellcheck::status().is_err() {
        return;
    }
    // Nothing checked yet (an editor's first lint): the cache cannot answer, and building
    // every script's ShellCheck input would delay the first diagnostics for nothing.
    if ctx.settings.shellcheck_cached_only && shellcheck::cache_is_empty() {
        return;
    }
    let pending = prepare(ctx);
    if pending.is_empty() {
        return;
    }
    let scripts: Vec<Script> = pending.iter().map(|(s, ..)| s.clone()).collect();
    let results: Vec<Vec<_>> = if ctx.settings.shellcheck_cached_only {
        // Scripts not checked yet are left to a later, slow pass.
        shellcheck::cached(&scripts)
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect()
    } else {
        let Ok(results) = shellcheck::check(&scripts) else {
            return;
        };
        results
    };
    for ((script, prefix, len, map), findings) in pending.iter().zip(results) {
        for f in findings {
            let Some(at) = offset_of(&script.text, f.line, f.column) else {
                continue;
            };
            // Findings about the export line, or past the RUN's own text, are ours.
            if at < *prefix || at - prefix > *len {
                continue;
            }
            let start = at - prefix;
            let end = (word_end(&script.text, at) - prefix).min(*len).max(start);
            let code = intern(format!("SC{:04}", f.code));
            let pseudo = Rule {
                code,
                name: code,
                origin: Origin::Hadolint,
                default_severity: f.severity,
                ..Rule::DEFAULTS
            };
            let selected = ctx.settings.select.is_empty()
                || ctx.settings.select.iter().any(|s| {
                    crate::settings::selector_matches(s, &pseudo)
                        || crate::settings::selector_matches(s, &RULE)
                });
            let ignored = ctx
                .settings
                .ignore
                .iter()
                .any(|s| crate::settings::selector_matches(s, &pseudo));
            if !selected || ignored {
                continue;
            }
            out.push(Diagnostic {
                code,
                name: code,
                severity: ctx.settings.severity_for(&pseudo),
                message: f.message.clone(),
                span: map.span(start, end),
                fix: None,
                url: Some(format!("https://www.shellcheck.net/wiki/{code}")),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk through each stage gives every RUN of the corpus the same names as
    /// collecting them for that RUN alone.
    #[test]
    fn known_names_walk_agrees_with_collecting_per_run() {
        let settings = Settings::default();
        let mut runs_seen = 0;
        for path in dlint_test_support::real_dockerfiles() {
            let Ok(source) = std::fs::read_to_string(&path) else {
                continue;
            };
            let dockerfile = dlint_syntax::parse_text(&source);
            let ctx = Context::new(
                &source,
                &dockerfile,
                Cow::Owned(Model::default()),
                None,
                &settings,
                None,
            );
            let mut known = KnownNames::default();
            for run in runs(&ctx) {
                let walked = known.export_line(&ctx, run.index, run.is_trigger());
                let names = known_variables(&ctx, run.index, run.is_trigger());
                let collected = export_line(names.iter().map(String::as_str));
                assert_eq!(walked, collected, "{} RUN #{}", path.display(), run.index);
                runs_seen += 1;
            }
        }
        assert!(runs_seen > 3_000, "{runs_seen}");
    }
}
