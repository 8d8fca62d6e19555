//! What DR005 (`latest`) and DR006 (no tag) share: both use whatever `latest` points to
//! today, and both are fixed by pinning the concrete tag and digest it resolves to.

use super::Answered;
use crate::diagnostic::Diagnostic;
use crate::facts::RegistryAnswer;
use crate::rule::Rule;
use dlint_imageref::retag_and_pin_edit;

/// Which of the two rules an image falls under.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Moving {
    LatestTag,
    NoTag,
}

pub(super) fn check(image: &Answered, which: Moving, rule: &'static Rule) -> Option<Diagnostic> {
    let RegistryAnswer::Found(found) = image.answer else {
        return None;
    };
    let reference = &image.reference;
    if reference.digest().is_some() {
        return None;
    }
    let spans = reference.spans();
    let name = reference.familiar_name();
    let (range, mut message) = match (which, reference.tag()) {
        (Moving::NoTag, None) => (
            spans.name.clone(),
            format!("{name} has no tag, so it uses latest"),
        ),
        (Moving::LatestTag, Some("latest")) => (
            spans.tag.clone().unwrap_or(spans.name.clone()),
            format!("{name} uses the moving tag latest"),
        ),
        _ => return None,
    };
    if let Some(tag) = &found.concrete_tag {
        message.push_str(&format!("; it currently resolves to {tag}"));
    }
    let diag = rule.diag(image.span(&range), message);
    let Some(digest) = &found.digest else {
        return Some(diag);
    };
    let (title, edit) = match &found.concrete_tag {
        Some(tag) => (
            format!("Pin to {tag}@{digest}"),
            retag_and_pin_edit(reference, tag, digest),
        ),
        None => (
            format!("Pin latest to {digest}"),
            retag_and_pin_edit(reference, "latest", digest),
        ),
    };
    // The fix always names a tag (`name:latest@digest` rather than `name@digest`), so
    // the line still says which release it follows.
    Some(image.with_unsafe_fix(diag, title, edit))
}
