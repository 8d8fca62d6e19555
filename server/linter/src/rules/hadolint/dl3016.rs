use super::packages::require_pins;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports packages in `npm install` without a version (`pkg@1.2.3`). Local
    /// folders, tarballs and git URLs with a `#ref` are accepted; `npm install`
    /// without packages (from `package.json`) is fine.
    ///
    /// Differences from hadolint: one finding per install command, naming its unpinned
    /// packages (hadolint reports the whole `RUN` once), and a package given only by an expansion
    /// (`$PACKAGES`, `$(cat list)`) is not reported: its value is decided at build time.
    ///
    /// ## Why is this bad?
    /// Unpinned packages make each build install the newest release, so builds are
    /// not reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// RUN npm install -g typescript
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22
    /// RUN npm install -g typescript@5.6.3
    /// ```
    pub static RULE = {
        code: "DL3016",
        name: "pin-npm-versions",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

const NPM_TAKES_VALUE: &[&str] = &[
    "--loglevel",
    "--registry",
    "--prefix",
    "--cache",
    "--userconfig",
    "--tag",
    "--only",
    "-w",
    "--workspace",
];

fn pinned(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    if lower.starts_with("git+") || lower.starts_with("git://") || lower.starts_with("github:") {
        return v.contains('#');
    }
    if v.starts_with('/') || v.starts_with("./") || v.starts_with("../") || v.starts_with("~/") {
        return true;
    }
    if [".tar", ".tar.gz", ".tgz"]
        .iter()
        .any(|s| lower.ends_with(s))
    {
        return true;
    }
    // The version follows an `@` that is not the one opening a scope.
    v.strip_prefix('@').unwrap_or(v).contains('@')
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    require_pins(
        ctx,
        out,
        &RULE,
        &["npm"],
        &["install", "i", "add", "isntall"],
        &[],
        NPM_TAKES_VALUE,
        pinned,
        "npm install pkg@version",
    );
}
