use super::support::each_command;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports the `apt` command in `RUN`.
    ///
    /// ## Why is this bad?
    /// `apt` is meant for people at a terminal; its output and behaviour may change
    /// between releases and it warns that its interface is unstable in scripts.
    /// `apt-get` and `apt-cache` are the stable interfaces for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt install -y curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Offered only for subcommands `apt-get` also has. Unsafe: progress output and
    /// some defaults differ between the two tools.
    pub static RULE = {
        code: "DL3027",
        name: "use-apt-get",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

const APT_GET_SUBCOMMANDS: &[&str] = &[
    "install",
    "update",
    "upgrade",
    "remove",
    "purge",
    "autoremove",
    "dist-upgrade",
    "clean",
    "autoclean",
    "source",
    "build-dep",
    "download",
    "check",
    "satisfy",
];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_command(ctx, &["apt"], |_, cmd| {
        let mut diag = RULE.diag(cmd.name.span, "use apt-get (or apt-cache) in scripts");
        if cmd
            .subcommand(&[])
            .is_some_and(|s| APT_GET_SUBCOMMANDS.contains(&s.value.as_str()))
            && cmd.name.raw == "apt"
        {
            diag = diag.with_fix(Fix::unsafe_(
                "Use `apt-get`",
                vec![Edit::replace(cmd.name.span, "apt-get")],
            ));
        }
        out.push(diag);
    });
}
