//! Registry rules (`DR…`): findings about FROM images from what their registry said.
//!
//! The linter never asks a registry. The CLI (`dlint check --registry`) and the language
//! server pick the images with [`from_lookups`], ask the registry crate, and pass its
//! answers (`RegistryFacts`, plain data) to the one lint entry point
//! (`lint_with_facts`). Without facts these rules report nothing.

use crate::context::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::facts::{BaseImage, ImageFacts, RegistryAnswer, RegistryFacts, RegistryImage};
use crate::rule::Rule;
use dlint_imageref::ImageRef;
use dlint_syntax::Span;
use std::ops::Range;

pub mod digest_not_found;
pub mod digest_outdated;
pub mod image_not_found;
pub mod image_not_pinned;
mod latest;
pub mod latest_tag;
mod lookups;
pub mod missing_tag;
pub mod platform_not_offered;
pub mod registry_no_access;
pub mod registry_unreachable;
pub mod tag_not_found;

pub use lookups::{from_lookups, FromLookup};

/// One line per rule. `DR011` (invalid reference) was retired: `DF014` reports those
/// without a registry.
pub static RULES: &[&Rule] = &[
    &image_not_found::RULE,
    &tag_not_found::RULE,
    &digest_not_found::RULE,
    &platform_not_offered::RULE,
    &latest_tag::RULE,
    &missing_tag::RULE,
    &digest_outdated::RULE,
    &image_not_pinned::RULE,
    &registry_no_access::RULE,
    &registry_unreachable::RULE,
];

/// Whether findings of `code` come from registry facts: a lint run with facts adds
/// them, and the language server publishes them apart from its fast lint findings.
pub fn reports_from_facts(code: &str) -> bool {
    code == crate::rules::buildkit::invalid_base_image_platform::RULE.code
        || RULES.iter().any(|r| r.code == code)
}

/// The registry crate's answers are the facts InvalidBaseImagePlatform, UndefinedVar and
/// JSONArgsRecommended read too, so every rule sees the same lookup.
impl ImageFacts for RegistryFacts {
    fn base_image(&self, reference: &str, platform: &str) -> Option<BaseImage> {
        let found = match &self.get(reference, Some(platform))?.answer {
            RegistryAnswer::Found(found) => found,
            _ => return None,
        };
        let config = found.config.as_ref()?;
        Some(BaseImage {
            os: config.os.clone(),
            architecture: config.architecture.clone(),
            variant: config.variant.clone(),
            env: config.env.clone(),
            shell: config.shell.clone(),
        })
    }

    fn registry_image(&self, image: &str, platform: Option<&str>) -> Option<&RegistryImage> {
        self.get(image, platform)
    }
}

/// The first image of each registry host whose answer `host_of` picks, for notes that
/// are about a registry rather than an image (said once per file, not per FROM).
pub(crate) fn first_per_host<'a>(
    ctx: &Context<'a>,
    host_of: impl Fn(&RegistryAnswer) -> Option<&str>,
) -> Vec<Answered<'a>> {
    let mut hosts: Vec<String> = Vec::new();
    answered(ctx)
        .into_iter()
        .filter(|image| {
            host_of(image.answer).is_some_and(|host| {
                let new = !hosts.iter().any(|h| h == host);
                if new {
                    hosts.push(host.to_string());
                }
                new
            })
        })
        .collect()
}

/// A FROM image the registry answered for.
pub(crate) struct Answered<'a> {
    pub lookup: FromLookup,
    /// The reference, parsed from `lookup.image` (ranges are relative to it).
    pub reference: ImageRef,
    pub answer: &'a RegistryAnswer,
}

/// The FROM images of the file with the registry's answers, in file order.
pub(crate) fn answered<'a>(ctx: &Context<'a>) -> Vec<Answered<'a>> {
    let Some(facts) = ctx.facts else {
        return Vec::new();
    };
    from_lookups(ctx.source, ctx.dockerfile, &ctx.model, ctx.settings)
        .into_iter()
        .filter_map(|lookup| {
            let entry = facts.registry_image(&lookup.image, lookup.platform.as_deref())?;
            let reference = ImageRef::parse(&lookup.image).ok()?;
            Some(Answered {
                answer: &entry.answer,
                reference,
                lookup,
            })
        })
        .collect()
}

impl Answered<'_> {
    /// A range inside the image text as a file span: exact when the FROM word is written
    /// as the image text, else the whole word (the text came from an ARG).
    pub fn span(&self, range: &Range<usize>) -> Span {
        let word = self.lookup.span;
        if self.lookup.verbatim && range.start <= range.end && range.end <= word.len() {
            Span::new(word.start + range.start, word.start + range.end)
        } else {
            word
        }
    }

    /// `diag` with an unsafe fix applying `edit`, when the word can be edited.
    pub fn with_unsafe_fix(
        &self,
        diag: Diagnostic,
        title: String,
        edit: dlint_imageref::Edit,
    ) -> Diagnostic {
        match self.edits(&[edit]) {
            Some(edits) => diag.with_fix(Fix::unsafe_(title, edits)),
            None => diag,
        }
    }

    /// Edits of the image text as file edits; `None` when the word is not the image
    /// text (an edit would have to change an ARG instead).
    pub fn edits(&self, edits: &[dlint_imageref::Edit]) -> Option<Vec<Edit>> {
        if !self.lookup.verbatim {
            return None;
        }
        let len = self.lookup.span.len();
        edits
            .iter()
            .map(|e| {
                (e.range.start <= e.range.end && e.range.end <= len)
                    .then(|| Edit::replace(self.span(&e.range), e.new_text.clone()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
