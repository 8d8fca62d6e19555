use super::packages::report_unpinned;
use super::support::{decided_at_build_time, each_command};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::shell::ShellWord;

declare_rule! {
    /// ## What it does
    /// Reports gems in `gem install` without a version (`gem:1.2.3`, or `-v`).
    ///
    /// Differences from hadolint: one finding per install command, naming its unpinned
    /// packages (hadolint reports the whole `RUN` once), and a package given only by an expansion
    /// (`$PACKAGES`, `$(cat list)`) is not reported: its value is decided at build time.
    ///
    /// ## Why is this bad?
    /// An unpinned gem installs the newest release on every build; builds are not
    /// reproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ruby:3.3
    /// RUN gem install bundler
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM ruby:3.3
    /// RUN gem install bundler:2.5.22
    /// ```
    pub static RULE = {
        code: "DL3028",
        name: "pin-gem-versions",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_command(ctx, &["gem"], |run, cmd| {
        let Some(sub) = cmd.args.first() else { return };
        if !matches!(sub.value.as_str(), "install" | "i") || cmd.has_flag(&["-v", "--version"]) {
            return;
        }
        // Gem names come first; everything from the first option on configures them.
        let unpinned: Vec<&ShellWord> = cmd.args[1..]
            .iter()
            .take_while(|a| !a.value.starts_with('-'))
            .filter(|w| !w.value.contains(':') && !decided_at_build_time(ctx, run.index, &w.value))
            .collect();
        report_unpinned(out, &RULE, &unpinned, "gem install name:version");
    });
}
