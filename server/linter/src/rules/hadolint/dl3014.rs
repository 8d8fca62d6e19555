use super::packages::require_flag;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rule::Origin;
use crate::shell::ShellCommand;

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `-y` (`--yes`, `--assume-yes`). A quiet
    /// level of two (`-qq`, `-q=2`) implies `-y` and is accepted.
    ///
    /// ## Why is this bad?
    /// A build has no terminal to answer apt's confirmation prompt; apt-get aborts
    /// and the build fails as soon as a confirmation is needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Adding `-y` is safe: a build that succeeded without it never needed a
    /// confirmation, and one that needed it failed.
    pub static RULE = {
        code: "DL3014",
        name: "apt-get-yes",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

/// The quiet level: `-q` counts 1 (also inside groups), `-q=N`/`--quiet=N` counts N.
fn quiet_level(cmd: &ShellCommand) -> u32 {
    let mut level = 0;
    for a in &cmd.args {
        let v = a.value.as_str();
        if let Some(n) = v.strip_prefix("-q=").or_else(|| v.strip_prefix("--quiet=")) {
            level += n.parse::<u32>().unwrap_or(1);
        } else if v == "--quiet" {
            level += 1;
        } else if let Some(group) = v.strip_prefix('-').filter(|g| !g.starts_with('-')) {
            level += group.matches('q').count() as u32;
        }
    }
    level
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    require_flag(
        ctx,
        out,
        &RULE,
        &["apt-get"],
        &["install"],
        &["-y", "--yes", "--assume-yes"],
        "add -y: the build cannot answer apt-get's prompt",
        Some(("-y", "Add `-y`", Applicability::Safe)),
        |_, cmd| quiet_level(cmd) >= 2,
    );
}
