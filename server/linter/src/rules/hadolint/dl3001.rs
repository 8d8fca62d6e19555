use super::support::each_command;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports commands in `RUN` that make no sense while building an image: `ssh`,
    /// `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount` and
    /// `ifconfig`.
    ///
    /// ## Why is this bad?
    /// A build step has no services, terminal or network interfaces to manage; these
    /// commands are leftovers from interactive work and do nothing useful (or fail).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN service nginx start
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    pub static RULE = {
        code: "DL3001",
        name: "pointless-command",
        origin: Origin::Hadolint,
        default_severity: Severity::Info,
        check: check,
    };
}

const POINTLESS: &[&str] = &[
    "ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig",
];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_command(ctx, POINTLESS, |_, cmd| {
        out.push(RULE.diag(
            cmd.name.span,
            format!("`{}` has no use in a build step", cmd.name.value),
        ));
    });
}
