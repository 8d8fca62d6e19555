use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::InstructionKind;

declare_rule! {
    /// ## What it does
    /// Reports an instruction other than `ARG` before the first `FROM`.
    ///
    /// ## Why is this bad?
    /// Only `ARG` (and parser directives and comments) may come before `FROM`; the
    /// build fails otherwise.
    ///
    /// Only the first such instruction is reported, where BuildKit stops: one `FROM`
    /// added above it fixes them all. hadolint reports every instruction before the
    /// first `FROM`, so on a file with several (BuildKit's parser test of eight `CMD`s,
    /// buildah's `Containerfile.in` templates) it counts more findings for the same
    /// problem. dlint's own DF003 (`no-build-stage`, BuildKit's error) reports the same
    /// instruction; with both enabled, only DF003's finding is shown, and an ignore
    /// comment for either code silences it.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL owner="team-a"
    /// FROM debian:12
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL owner="team-a"
    /// ```
    pub static RULE = {
        code: "DL3061",
        name: "from-first",
        origin: Origin::Hadolint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let first = ctx
        .instructions()
        .iter()
        .take_while(|i| i.kind != InstructionKind::From)
        .find(|i| i.kind != InstructionKind::Arg);
    if let Some(ins) = first {
        out.push(RULE.diag(
            ins.keyword_span,
            "a Dockerfile must start with FROM (or ARG)",
        ));
    }
}
