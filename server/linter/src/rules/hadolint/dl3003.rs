use super::support::each_command;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `cd` in `RUN`.
    ///
    /// ## Why is this bad?
    /// A `cd` lasts only for its `RUN`, which makes later instructions easy to
    /// misread; `WORKDIR` sets the directory for all following instructions and
    /// documents it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN cd /app && make
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// WORKDIR /app
    /// RUN make
    /// ```
    pub static RULE = {
        code: "DL3003",
        name: "use-workdir",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    each_command(ctx, &["cd"], |_, cmd| {
        out.push(RULE.diag(cmd.span, "use WORKDIR to change directory"));
    });
}
