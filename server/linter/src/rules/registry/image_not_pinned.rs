use super::answered;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::RegistryAnswer;
use crate::rule::Origin;
use dlint_imageref::{pin_edit, whole_range};

declare_rule! {
    /// ## What it does
    /// Reports a tagged `FROM` image that is not pinned to a digest. Off unless
    /// selected (`select = ["DR008"]`, or `--select DR008`). Images tagged `latest`
    /// or not tagged are DR005's and DR006's. Needs registry lookups (`dlint check
    /// --registry`, or the language server).
    ///
    /// ## Why is this bad?
    /// Tags move, even version tags (rebuilt for security fixes): without a digest the
    /// same Dockerfile may build on a different base tomorrow.
    ///
    /// ## Example
    /// ```toml
    /// select = ["DR008"]
    /// ```
    ///
    /// ```dockerfile
    /// FROM example/app:1.2.3
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM example/app:1.2.3@sha256:1111111111111111111111111111111111111111111111111111111111111111
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: it pins the digest the tag has today, so the build stops receiving the
    /// tag's updates. `dlint check --registry --select DR008 --fix --unsafe-fixes`
    /// pins every base image.
    pub static RULE = {
        code: "DR008",
        name: "image-not-pinned",
        origin: Origin::Dlint,
        default_severity: Severity::Style,
        fixable: true,
        experimental: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for image in answered(ctx) {
        let RegistryAnswer::Found(found) = image.answer else {
            continue;
        };
        let reference = &image.reference;
        let tagged = reference.tag().is_some_and(|t| t != "latest");
        let (true, None, Some(digest)) = (tagged, reference.digest(), &found.digest) else {
            continue;
        };
        let diag = RULE.diag(
            image.span(&whole_range(reference)),
            format!("{} is not pinned to a digest", reference.familiar()),
        );
        out.push(image.with_unsafe_fix(
            diag,
            format!("Pin to {digest}"),
            pin_edit(reference, digest),
        ));
    }
}
