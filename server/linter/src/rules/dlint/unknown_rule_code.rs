use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports a rule code or name that dlint does not know in an ignore comment
    /// (`# hadolint ignore=`, `# dlint ignore=`) or in the `# check=` directive.
    ///
    /// ## Why is this bad?
    /// A misspelt code suppresses nothing, silently. BuildKit also matches names in
    /// `# check=skip=` case-sensitively, so `skip=jsonargsrecommended` does nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// # check=skip=jsonargsrecommended
    /// FROM alpine
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # check=skip=JSONArgsRecommended
    /// FROM alpine
    /// ```
    pub static RULE = {
        code: "DF090",
        name: "unknown-rule-code",
        origin: Origin::Dlint,
        default_severity: Severity::Warning,
        check: check,
    };
}

/// The engine reports these while it reads the pragmas it applies.
fn check(_: &Context, _: &mut Vec<Diagnostic>) {}
