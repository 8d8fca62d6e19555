use super::answered;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::RegistryAnswer;
use crate::rule::Origin;
use dlint_imageref::retag_edit;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` image whose repository exists but whose tag does not, with the
    /// nearest existing tags. Needs registry lookups (`dlint check --registry`, or the
    /// language server).
    ///
    /// ## Why is this bad?
    /// The build fails pulling the base image. The tag is usually a typo or a release
    /// that was never published (`3.2` for `3.20`).
    ///
    /// ## Example
    /// With a registry whose `example/app` has tags `1.2.3` and `1.2`:
    /// ```dockerfile
    /// FROM example/app:1.2.9
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM example/app:1.2.3
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: it switches to the nearest existing tag, which is a different image
    /// than the one meant; check it is the release you want.
    pub static RULE = {
        code: "DR002",
        name: "tag-not-found",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        fixable: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for image in answered(ctx) {
        let RegistryAnswer::TagNotFound { nearest } = image.answer else {
            continue;
        };
        let reference = &image.reference;
        let spans = reference.spans();
        let range = spans.tag.clone().unwrap_or(spans.name.clone());
        let mut message = format!(
            "tag {} does not exist for {}",
            reference.tag_or_latest(),
            reference.familiar_name()
        );
        if !nearest.is_empty() {
            message.push_str(&format!("; did you mean {}?", nearest.join(", ")));
        }
        let diag = RULE.diag(image.span(&range), message);
        out.push(match nearest.first() {
            Some(best) => {
                image.with_unsafe_fix(diag, format!("Use tag {best}"), retag_edit(reference, best))
            }
            None => diag,
        });
    }
}
