use super::answered;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::RegistryAnswer;
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` image whose repository its registry does not know. Needs
    /// registry lookups (`dlint check --registry`, or the language server).
    ///
    /// ## Why is this bad?
    /// The build fails pulling the base image: the name is misspelt, the image was
    /// deleted or renamed, or it lives on another registry than the one named.
    ///
    /// ## Example
    /// With a registry that has no `example/gone` repository:
    /// ```dockerfile
    /// FROM example/gone:1
    /// ```
    ///
    /// Use instead an image that exists:
    /// ```dockerfile
    /// FROM example/app:1.2.3
    /// ```
    pub static RULE = {
        code: "DR001",
        name: "image-not-found",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for image in answered(ctx) {
        let RegistryAnswer::RepositoryNotFound { registry } = image.answer else {
            continue;
        };
        let name = image.reference.familiar_name();
        let span = image.span(&image.reference.spans().name);
        out.push(RULE.diag(span, format!("image {name} does not exist on {registry}")));
    }
}
