use super::support::each_command;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `ln` that replaces `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// Relinking `/bin/sh` changes the shell of every script in the image, including
    /// the distribution's own. The `SHELL` instruction changes the shell for `RUN`
    /// only.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    pub static RULE = {
        code: "DL4005",
        name: "use-shell-instruction",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_command(ctx, &["ln"], |_, cmd| {
        if let Some(target) = cmd
            .positionals(&["-t", "--target-directory", "-S", "--suffix"])
            .last()
        {
            if target.value == "/bin/sh" {
                out.push(RULE.diag(target.span, "use SHELL instead of relinking /bin/sh"));
            }
        }
    });
}
