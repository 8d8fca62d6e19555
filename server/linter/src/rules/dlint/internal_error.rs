use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports that one of dlint's rules failed on this file.
    ///
    /// ## Why is this bad?
    /// It is a bug in dlint, not in the Dockerfile: the failing rule's findings are
    /// missing. Please report it with the Dockerfile that triggers it.
    ///
    /// ## Example
    /// No Dockerfile should trigger this rule.
    pub static RULE = {
        code: "DF099",
        name: "internal-error",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

/// The engine reports through this rule when another rule panics.
fn check(_: &Context, _: &mut Vec<Diagnostic>) {}
