//! The one lint entry point shared by the CLI and the language server.

use crate::check_directive::{comment_check_value, parse_check, CheckConfig};
use crate::context::Context;
use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::ImageFacts;
use crate::pragma::Suppressions;
use crate::registry;
use crate::rule::{Origin, Rule};
use crate::rules::dlint::{internal_error, invalid_check_directive, unknown_rule_code};
use crate::settings::{selector_is_known, selector_matches, Settings};
use crate::target::{reachable_stages, DISPATCH_PHASE};
use dlint_semantic::Model;
use dlint_syntax::{Dockerfile, Span};
use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// The outcome of linting one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LintResult {
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// `lint violation found for rules: A, B` when `# check=…;error=true` is in force
    /// and a BuildKit check fired (the build would fail).
    pub buildkit_failure: Option<String>,
}

impl LintResult {
    /// Whether the run fails under the settings' threshold and `no-fail`. A syntax error
    /// fails whatever the threshold, as a parse error does in hadolint.
    pub fn fails(&self, settings: &Settings) -> bool {
        let syntax_error = crate::rules::dlint::syntax_error::RULE.code;
        !settings.no_fail
            && (self.buildkit_failure.is_some()
                || self
                    .diagnostics
                    .iter()
                    .any(|d| d.severity >= settings.failure_threshold || d.code == syntax_error))
    }
}

/// Parses and lints `source`.
pub fn lint(source: &str, path: Option<&Path>, settings: &Settings) -> LintResult {
    let dockerfile = dlint_syntax::parse_text(source);
    lint_parsed_full(source, &dockerfile, path, settings)
}

/// Lints an already parsed file (the server keeps its parse).
pub fn lint_parsed(
    source: &str,
    dockerfile: &Dockerfile,
    path: Option<&Path>,
    settings: &Settings,
) -> Vec<Diagnostic> {
    lint_parsed_full(source, dockerfile, path, settings).diagnostics
}

/// [`lint_parsed`] with the BuildKit failure status.
pub fn lint_parsed_full(
    source: &str,
    dockerfile: &Dockerfile,
    path: Option<&Path>,
    settings: &Settings,
) -> LintResult {
    // The semantic model is built only if a rule reads it.
    run(&Context::lazy(source, dockerfile, path, settings, None))
}

/// Lints a file the caller has parsed and analysed already (the language server keeps
/// both per document version).
pub fn lint_analyzed(
    source: &str,
    dockerfile: &Dockerfile,
    model: &Model,
    path: Option<&Path>,
    settings: &Settings,
) -> LintResult {
    let model = Cow::Borrowed(model);
    run(&Context::new(
        source, dockerfile, model, path, settings, None,
    ))
}

/// [`lint_analyzed`] with facts about base images from a registry, which enable
/// InvalidBaseImagePlatform and let UndefinedVar and JSONArgsRecommended see the base
/// image's environment and shell.
pub fn lint_with_facts(
    source: &str,
    dockerfile: &Dockerfile,
    model: &Model,
    path: Option<&Path>,
    settings: &Settings,
    facts: &dyn ImageFacts,
) -> LintResult {
    let model = Cow::Borrowed(model);
    run(&Context::new(
        source,
        dockerfile,
        model,
        path,
        settings,
        Some(facts),
    ))
}

/// Lints with only the rules `pick` accepts (the language server's slow pass runs the
/// ShellCheck rule alone); selection, suppression and severities apply as in [`lint`].
pub fn lint_only(
    source: &str,
    dockerfile: &Dockerfile,
    path: Option<&Path>,
    settings: &Settings,
    pick: fn(&Rule) -> bool,
) -> LintResult {
    let ctx = Context::lazy(source, dockerfile, path, settings, None);
    let rules = registry::all_rules();
    let mut out = Vec::new();
    let check = top_check_config(&ctx, &mut out);
    let picked: Vec<&'static Rule> = rules.iter().copied().filter(|r| pick(r)).collect();
    run_rules(&ctx, &picked, &check, &mut out);
    finish(&ctx, &rules, &check, out)
}

fn run(ctx: &Context) -> LintResult {
    let rules = registry::all_rules();
    let mut out = Vec::new();
    let check = top_check_config(ctx, &mut out);
    run_rules(ctx, &rules, &check, &mut out);
    finish(ctx, &rules, &check, out)
}

/// Runs `rules` (those the settings and the check directive enable) and appends their
/// raw findings: severities and suppressions are applied later, by [`finish`].
pub(crate) fn run_rules(
    ctx: &Context,
    rules: &[&'static Rule],
    check: &CheckConfig,
    out: &mut Vec<Diagnostic>,
) {
    for rule in rules {
        out.extend(run_rule(ctx, rule, check));
    }
}

/// [`run_rules`] on up to `threads` threads (this one included), each taking the next
/// rule not yet taken: the findings of each of `rules`, in order. For the first lint of
/// a big file in an editor, which waits for it with nothing shown.
pub(crate) fn run_rules_parallel(
    ctx: &Context,
    rules: &[&'static Rule],
    check: &CheckConfig,
    threads: usize,
) -> Vec<Vec<Diagnostic>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(rule) = rules.get(i) else {
                return done;
            };
            done.push((i, run_rule(ctx, rule, check)));
        }
    };
    let mut done = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                // No thread: this one does the work alone.
                std::thread::Builder::new()
                    .name("dlint-rules".into())
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for helper in helpers {
            // A rule's panic is caught in `run_rule`; a helper cannot fail otherwise.
            done.extend(helper.join().unwrap_or_default());
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, found)| found).collect()
}

/// One rule's findings, when the settings and the check directive enable it.
fn run_rule(ctx: &Context, rule: &'static Rule, check: &CheckConfig) -> Vec<Diagnostic> {
    let settings = ctx.settings;
    if !rule_runs(rule, settings, check) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| (rule.check)(ctx, &mut found)));
    if outcome.is_err() {
        // A buggy rule costs one finding, not the whole run (or the server).
        found = vec![internal_error::RULE.diag(
            Span::empty(0),
            format!("internal error: rule {} panicked", rule.code),
        )];
    }
    // Findings under codes of their own obey selection and overrides by that code.
    found.retain_mut(|d| d.code == rule.code || subcode_kept(d, rule, settings));
    found
}

/// Everything after the rules: the build target, pragmas, per-instruction check
/// comments, severities, and the order findings are reported in.
pub(crate) fn finish(
    ctx: &Context,
    rules: &[&'static Rule],
    check: &CheckConfig,
    mut out: Vec<Diagnostic>,
) -> LintResult {
    let (source, dockerfile, settings) = (ctx.source, ctx.dockerfile, ctx.settings);
    if ctx.model.panicked() {
        out.push(
            internal_error::RULE.diag(Span::empty(0), "internal error: semantic analysis panicked"),
        );
    }
    if let Some(needed) = settings
        .target
        .as_deref()
        .and_then(|t| reachable_stages(ctx, t))
    {
        let stage_at = |offset: usize| {
            ctx.stages.iter().position(|s| {
                let first = &ctx.instructions()[s.from];
                let last = &ctx.instructions()[s.end - 1];
                first.span.start <= offset && offset <= last.span.end
            })
        };
        out.retain(|d| {
            !DISPATCH_PHASE.contains(&d.code) || stage_at(d.span.start).is_none_or(|s| needed[s])
        });
    }

    // Every ignore pragma says `ignore`; most files have none, and collecting them
    // indexes every line of the file.
    let pragmas = dockerfile.comments.iter().any(|c| {
        source
            .get(c.span.range())
            .is_some_and(|t| t.contains("ignore"))
    });
    let suppressions = if settings.disable_ignore_pragma || !pragmas {
        Suppressions::default()
    } else {
        Suppressions::collect(source, dockerfile)
    };
    warn_unknown_codes(&suppressions, check, dockerfile, rules, &mut out);
    let local_checks = instruction_check_configs(dockerfile);
    // Hundreds of findings each look up their rule twice.
    let by_code: std::collections::HashMap<&str, &'static Rule> =
        rules.iter().map(|r| (r.code, *r)).collect();

    out.retain(|d| {
        let rule = by_code.get(d.code).copied();
        // The engine reports some findings itself (pragmas, the check directive); they
        // obey rule selection like any other. Internal errors always show.
        if d.code != internal_error::RULE.code
            && rule.is_some_and(|r| !rule_runs(r, settings, check))
        {
            return false;
        }
        let rule_origin = rule.map(|r| r.origin);
        if rule_origin == Some(Origin::BuildKit)
            && local_checks
                .iter()
                .any(|(span, c)| span.touches(d.span.start) && c.skips(d.code))
        {
            return false;
        }
        // Syntax errors cannot be suppressed inline (as hadolint's DL1000).
        d.code == crate::rules::dlint::syntax_error::RULE.code
            || !suppressions.suppresses(d.code, d.name, d.span.start)
    });
    crate::overlap::resolve(&mut out, &suppressions, settings, check.error);

    let mut failing: Vec<&'static str> = Vec::new();
    for d in &mut out {
        if let Some(rule) = by_code.get(d.code).copied() {
            d.severity = settings.severity_for(rule);
            if check.error && rule.origin == Origin::BuildKit {
                d.severity = Severity::Error;
                if !failing.contains(&d.code) {
                    failing.push(d.code);
                }
            }
        }
    }
    // In rule order, whatever order the findings were collected in.
    failing.sort_by_key(|code| rules.iter().position(|r| r.code == *code));
    // The message breaks ties, so that the order never depends on which rule ran first
    // (the incremental engine collects findings in another order than a full run).
    out.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
    LintResult {
        diagnostics: out,
        buildkit_failure: (!failing.is_empty())
            .then(|| format!("lint violation found for rules: {}", failing.join(", "))),
    }
}

/// For a finding whose code is not its rule's (`SC2086` from the ShellCheck rule):
/// whether selection keeps it, after applying severity overrides for its code.
fn subcode_kept(d: &mut Diagnostic, owner: &Rule, settings: &Settings) -> bool {
    if d.code == internal_error::RULE.code {
        return true;
    }
    let own = Rule {
        code: d.code,
        name: d.name,
        origin: owner.origin,
        default_severity: d.severity,
        ..Rule::DEFAULTS
    };
    if settings.ignore.iter().any(|s| selector_matches(s, &own)) {
        return false;
    }
    let selected = settings.select.is_empty()
        || settings
            .select
            .iter()
            .any(|s| selector_matches(s, &own) || selector_matches(s, owner));
    if selected {
        d.severity = settings.severity_for(&own);
    }
    selected
}

/// Whether a rule runs at all, before any finding-level suppression.
pub(crate) fn rule_runs(rule: &Rule, settings: &Settings, check: &CheckConfig) -> bool {
    if rule.origin == Origin::BuildKit {
        if rule.experimental {
            // BuildKit: `skip` does not apply to experimental rules; `experimental=` does.
            return check.enables_experimental(rule.code) || settings.is_enabled(rule);
        }
        if check.skips(rule.code) {
            return false;
        }
    }
    // Selecting one of a rule's own codes (`SC2086`) runs the rule.
    let subcode_selected = !rule.subcodes.is_empty()
        && !settings.ignore.iter().any(|s| selector_matches(s, rule))
        && settings.select.iter().any(|s| {
            s.get(..rule.subcodes.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(rule.subcodes))
        });
    settings.is_enabled(rule) || subcode_selected
}

/// The file's `# check=` directive, or the settings' replacement for it. A bad value is
/// reported (BuildKit fails the build) and treated as empty.
pub(crate) fn top_check_config(ctx: &Context, out: &mut Vec<Diagnostic>) -> CheckConfig {
    let (value, span) = match (
        &ctx.settings.buildkit_check,
        ctx.dockerfile.directive("check"),
    ) {
        (Some(v), _) => (v.as_str(), Span::empty(0)),
        (None, Some(d)) => (d.value.as_str(), d.value_span),
        (None, None) => return CheckConfig::default(),
    };
    match parse_check(value) {
        Ok(c) => c,
        Err(message) => {
            out.push(invalid_check_directive::RULE.diag(span, message));
            CheckConfig::default()
        }
    }
}

/// Per-instruction `# check=skip=` comments: the first `check=` comment of the block
/// directly above each instruction, applied to that instruction's span. Unparsable ones
/// are ignored, as BuildKit does.
fn instruction_check_configs(df: &Dockerfile) -> Vec<(Span, CheckConfig)> {
    df.instructions
        .iter()
        .filter_map(|ins| {
            let value = ins
                .doc_comments
                .iter()
                .find_map(|c| comment_check_value(c))?;
            parse_check(value).ok().map(|c| (ins.span, c))
        })
        .collect()
}

fn warn_unknown_codes(
    suppressions: &Suppressions,
    check: &CheckConfig,
    df: &Dockerfile,
    rules: &[&'static Rule],
    out: &mut Vec<Diagnostic>,
) {
    for pragma in &suppressions.pragmas {
        for (code, span) in &pragma.selectors {
            if !selector_is_known(code, rules) && !is_shellcheck_code(code) {
                out.push(unknown_rule_code::RULE.diag(
                    *span,
                    format!("Unknown rule code '{code}' in ignore comment"),
                ));
            }
        }
    }
    // BuildKit silently accepts misspelt names in `# check=`; say so without changing it.
    let span = df
        .directive("check")
        .map_or(Span::empty(0), |d| d.value_span);
    for name in check.named_rules() {
        let known = name == "all"
            || rules
                .iter()
                .any(|r| r.origin == Origin::BuildKit && r.code == name);
        if !known {
            out.push(unknown_rule_code::RULE.diag(
                span,
                format!(
                    "Unknown BuildKit check '{name}' in check directive (names are case-sensitive)"
                ),
            ));
        }
    }
}

/// ShellCheck has hundreds of codes (`SC1000`–`SC3999`); hadolint users ignore any of
/// them, so an `SC` code is never reported as unknown.
pub(crate) fn is_shellcheck_code(code: &str) -> bool {
    code.len() == 6
        && code[..2].eq_ignore_ascii_case("SC")
        && code[2..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::SettingsLayer;

    const OWNER: Rule = Rule {
        code: "ShellCheck",
        name: "shellcheck",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        subcodes: "SC",
        ..Rule::DEFAULTS
    };

    fn finding() -> Diagnostic {
        Diagnostic {
            code: "SC2086",
            name: "sc2086",
            severity: Severity::Info,
            message: String::new(),
            span: Span::empty(0),
            fix: None,
            url: None,
        }
    }

    fn settings(layer: SettingsLayer) -> Settings {
        let mut s = Settings::default();
        s.apply(&layer);
        s
    }

    #[test]
    fn subcodes_obey_ignore_select_and_severity() {
        let mut d = finding();
        assert!(subcode_kept(&mut d, &OWNER, &Settings::default()));
        let ignore = settings(SettingsLayer {
            ignore: vec!["SC2086".into()],
            ..Default::default()
        });
        assert!(!subcode_kept(&mut finding(), &OWNER, &ignore));
        let mut layer = SettingsLayer {
            select: Some(vec!["SC2086".into()]),
            ..Default::default()
        };
        layer.severity.insert("SC2086".into(), Severity::Error);
        let select = settings(layer);
        let mut d = finding();
        assert!(subcode_kept(&mut d, &OWNER, &select));
        assert_eq!(d.severity, Severity::Error);
        // Selecting a sub-code runs the owner rule; another family does not.
        let check = CheckConfig::default();
        assert!(rule_runs(&OWNER, &select, &check));
        let other = settings(SettingsLayer {
            select: Some(vec!["DL3008".into()]),
            ..Default::default()
        });
        assert!(!rule_runs(&OWNER, &other, &check));
        assert!(!subcode_kept(&mut finding(), &OWNER, &other));
    }
}
