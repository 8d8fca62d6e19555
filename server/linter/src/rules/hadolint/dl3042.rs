use super::packages::insert_after;
use super::pip::{as_pip, PIP_TAKES_VALUE};
use super::support::{env_before, mounts, name_through, runs, Run};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rule::Origin;
use crate::shell::ShellCommand;

declare_rule! {
    /// ## What it does
    /// Reports `pip install` without `--no-cache-dir`. Also accepted: a true
    /// `PIP_NO_CACHE_DIR` (from `ENV`, an `export` earlier in the `RUN`, or set
    /// before the command), and a cache or tmpfs mount on `.cache/pip`. `pipx` and
    /// `pipenv` are not checked.
    ///
    /// ## Why is this bad?
    /// pip keeps every downloaded wheel in its cache, which stays in the layer and
    /// is never used again in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install requests==2.32.3
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir requests==2.32.3
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the same packages are installed; only the cache is not kept.
    pub static RULE = {
        code: "DL3042",
        name: "pip-no-cache-dir",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

/// pip's reading of boolean environment values; `None` when unrecognised.
fn truthy(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "on" | "yes" | "true" | "y" => Some(true),
        "0" | "off" | "no" | "false" | "n" => Some(false),
        _ => None,
    }
}

/// `PIP_NO_CACHE_DIR` as set for `cmd`: its own prefix assignment, else the last
/// `export` before it in the RUN, else ENV.
fn no_cache_env(run: &Run, cmd: &ShellCommand, env: Option<&String>) -> bool {
    let own = cmd
        .env
        .iter()
        .rev()
        .find(|(k, _)| k == "PIP_NO_CACHE_DIR")
        .map(|(_, v)| v.clone());
    let exported = run
        .commands()
        .filter(|c| c.is("export") && c.span.start < cmd.span.start)
        .flat_map(|c| c.args.iter())
        .filter_map(|a| {
            a.value
                .strip_prefix("PIP_NO_CACHE_DIR=")
                .map(str::to_string)
        })
        .last();
    own.or(exported)
        .or_else(|| env.cloned())
        .and_then(|v| truthy(&v))
        .unwrap_or(false)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for run in runs(ctx) {
        let cache_mounted = mounts(run.run).iter().any(|(k, t)| {
            (k == "cache" || k == "tmpfs") && t.trim_end_matches('/').ends_with(".cache/pip")
        });
        if cache_mounted {
            continue;
        }
        // Built only for a RUN with a pip install: on a big file, the ENV in scope of
        // every RUN would cost more than the rest of the rule.
        let mut env = None;
        for cmd in run.commands() {
            let Some(pip) = as_pip(cmd, false) else {
                continue;
            };
            let Some(sub) = pip
                .subcommand(PIP_TAKES_VALUE)
                .filter(|s| s.value == "install")
            else {
                continue;
            };
            if pip.has_flag(&["--no-cache-dir"]) {
                continue;
            }
            let env = env.get_or_insert_with(|| env_before(ctx, run.index));
            if no_cache_env(&run, cmd, env.get("PIP_NO_CACHE_DIR")) {
                continue;
            }
            out.push(
                RULE.diag(
                    name_through(cmd, Some(sub)),
                    "use --no-cache-dir so pip's cache is not kept in the layer",
                )
                .with_fix(insert_after(
                    sub,
                    "--no-cache-dir",
                    "Add `--no-cache-dir`",
                    Applicability::Safe,
                )),
            );
        }
    }
}
