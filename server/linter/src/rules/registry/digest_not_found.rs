use super::answered;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::RegistryAnswer;
use crate::rule::Origin;
use dlint_imageref::whole_range;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` image pinned to a digest its repository does not have. Needs
    /// registry lookups (`dlint check --registry`, or the language server).
    ///
    /// ## Why is this bad?
    /// The build fails pulling the base image: the digest is mistyped, belongs to
    /// another repository, or its manifest was garbage-collected.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM example/app@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
    /// ```
    ///
    /// Use instead the digest the tag resolves to:
    /// ```dockerfile
    /// FROM example/app:1.2.3@sha256:1111111111111111111111111111111111111111111111111111111111111111
    /// ```
    pub static RULE = {
        code: "DR003",
        name: "digest-not-found",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for image in answered(ctx) {
        if *image.answer != RegistryAnswer::DigestNotFound {
            continue;
        }
        let reference = &image.reference;
        let range = reference
            .spans()
            .digest
            .clone()
            .unwrap_or_else(|| whole_range(reference));
        out.push(RULE.diag(
            image.span(&range),
            format!(
                "digest {} does not exist in {}",
                reference.digest().unwrap_or("?"),
                reference.familiar_name()
            ),
        ));
    }
}
