use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports a `# check=` parser directive BuildKit cannot parse: a part without `=`,
    /// an unknown key, or an `error=` value that is not a boolean.
    ///
    /// ## Why is this bad?
    /// BuildKit fails the whole build with `failed to parse check options`. (The same
    /// text in a per-instruction comment is silently ignored instead.)
    ///
    /// ## Example
    /// ```dockerfile
    /// # check=skip=StageNameCasing;fail=true
    /// FROM alpine
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # check=skip=StageNameCasing;error=true
    /// FROM alpine
    /// ```
    pub static RULE = {
        code: "DF091",
        name: "invalid-check-directive",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

/// The engine parses the directive itself (it needs the result to run BuildKit's
/// checks) and reports through this rule, so there is nothing to do here.
fn check(_: &Context, _: &mut Vec<Diagnostic>) {}
