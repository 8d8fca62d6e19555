use super::support::each_command;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `useradd` with a UID of more than five digits and without `-l`
    /// (`--no-log-init`).
    ///
    /// ## Why is this bad?
    /// `useradd` records the user in `/var/log/lastlog` and `faillog`, sparse files
    /// indexed by UID. Image layers do not keep files sparse, so a large UID can add
    /// gigabytes of zeros to the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -u 123456 app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -l -u 123456 app
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `-l` only skips the login records, which are empty in an image.
    pub static RULE = {
        code: "DL3046",
        name: "useradd-no-log-init",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_command(ctx, &["useradd"], |_, cmd| {
        let Some(uid) = cmd.option_value(&["-u", "--uid"]) else {
            return;
        };
        if uid.len() <= 5
            || !uid.bytes().all(|b| b.is_ascii_digit())
            || cmd.has_flag(&["-l", "--no-log-init"])
        {
            return;
        }
        out.push(
            RULE.diag(
                cmd.name.span,
                "a large UID without -l makes lastlog/faillog huge",
            )
            .with_fix(Fix::safe(
                "Add `-l`",
                vec![Edit::insert(cmd.name.span.end, " -l")],
            )),
        );
    });
}
