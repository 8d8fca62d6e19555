use super::answered;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::RegistryAnswer;
use crate::rule::Origin;
use dlint_imageref::{pin_edit, whole_range};

declare_rule! {
    /// ## What it does
    /// Reports `FROM name:tag@digest` when the tag now points to another digest. Needs
    /// registry lookups (`dlint check --registry`, or the language server).
    ///
    /// ## Why is this bad?
    /// The digest wins, so the build still uses the old image: security fixes published
    /// under the tag do not reach it, and the tag in the line is misleading.
    ///
    /// ## Example
    /// With a registry whose `example/app:1.2.3` moved on to `sha256:1111…`:
    /// ```dockerfile
    /// FROM example/app:1.2.3@sha256:0000000000000000000000000000000000000000000000000000000000000000
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM example/app:1.2.3@sha256:1111111111111111111111111111111111111111111111111111111111111111
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: it changes the base image to the one the tag points to now.
    pub static RULE = {
        code: "DR007",
        name: "digest-outdated",
        origin: Origin::Dlint,
        default_severity: Severity::Style,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for image in answered(ctx) {
        let RegistryAnswer::Found(found) = image.answer else {
            continue;
        };
        let reference = &image.reference;
        let (Some(pinned), Some(tag), Some(now)) = (
            reference.digest(),
            reference.tag(),
            found.tag_digest.as_deref(),
        ) else {
            continue;
        };
        if pinned == now {
            continue;
        }
        let range = reference
            .spans()
            .digest
            .clone()
            .unwrap_or_else(|| whole_range(reference));
        let diag = RULE.diag(
            image.span(&range),
            format!("tag {tag} now points to {now}, not the pinned digest"),
        );
        out.push(image.with_unsafe_fix(
            diag,
            format!("Update the digest to the current {tag}"),
            pin_edit(reference, now),
        ));
    }
}
