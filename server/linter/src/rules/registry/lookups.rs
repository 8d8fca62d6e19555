//! The one choice of which FROM images are looked up in a registry, and for which
//! platform. The CLI, the language server and the registry rules all use it, so they
//! agree on every line.

use crate::settings::Settings;
use crate::support::vars::expand;
use dlint_semantic::{Base, ExpandedText, Model};
use dlint_syntax::{Dockerfile, Span};
use std::cell::Cell;

/// The platform a build targets when neither `FROM --platform` nor the `platform`
/// setting says otherwise (the same default as InvalidBaseImagePlatform's).
pub const DEFAULT_PLATFORM: &str = "linux/amd64";

/// One FROM image to ask a registry about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromLookup {
    /// The stage whose FROM names the image.
    pub stage: usize,
    /// The image text after global-ARG expansion: the key of the registry's answer.
    pub image: String,
    /// The platform the stage is built for (`linux/arm64`); `None` when its
    /// `--platform` is not statically known, so no platform is checked.
    pub platform: Option<String>,
    /// The FROM word as written.
    pub span: Span,
    /// The word is written exactly as the image text (no variables, no quotes), so
    /// ranges in `image` are ranges in the word and fixes can edit it.
    pub verbatim: bool,
}

/// The external images of the file's stages: not stage names, not `scratch`, not text
/// that still depends on a build argument without a known value (checking a guess would
/// report things the build never sees). Text that is not a valid reference is kept (the
/// editor completes tags after a half-typed `image:`); the registry crate does not look
/// it up, and DF014 reports it. `FROM --platform` values are expanded, with BuildKit's
/// automatic platform ARGs (`$BUILDPLATFORM`, `$TARGETARCH`, …) standing for the
/// configured `platform`.
pub fn from_lookups(
    source: &str,
    dockerfile: &Dockerfile,
    model: &Model,
    settings: &Settings,
) -> Vec<FromLookup> {
    let default = settings.platform.as_deref().unwrap_or(DEFAULT_PLATFORM);
    model
        .stages
        .iter()
        .enumerate()
        .filter_map(|(stage, info)| {
            let Base::Image(word) = &info.base else {
                return None;
            };
            if !known(word) {
                return None;
            }
            let verbatim =
                word.raw == word.value && source.get(word.span.range()) == Some(&word.raw);
            Some(FromLookup {
                stage,
                image: word.value.clone(),
                platform: stage_platform(info.platform.as_ref(), dockerfile.escape, default),
                span: word.span,
                verbatim,
            })
        })
        .collect()
}

fn known(word: &ExpandedText) -> bool {
    !word.unresolved && word.error.is_none() && !word.value.trim().is_empty()
}

/// The platform a stage is built for, or `None` when it cannot be known statically.
fn stage_platform(flag: Option<&ExpandedText>, escape: char, default: &str) -> Option<String> {
    let Some(flag) = flag else {
        return Some(default.to_string());
    };
    if flag.error.is_some() {
        return None;
    }
    let value = if known(flag) {
        flag.value.clone()
    } else {
        // Unresolved: the automatic platform ARGs are; any other variable is not.
        let missing = Cell::new(false);
        let lookup = |name: &str| {
            let value = automatic_platform_arg(name, default);
            if value.is_none() {
                missing.set(true);
            }
            value
        };
        let expanded = expand(&flag.raw, escape, &lookup).ok()?;
        if missing.get() {
            return None;
        }
        expanded.value
    };
    let value = value.trim();
    Some(if value.is_empty() { default } else { value }.to_string())
}

/// The value of one of BuildKit's automatic platform ARGs when building for `platform`.
/// `BUILD*` and `TARGET*` are the same: dlint does not know the builder's machine, and a
/// cross build would name its target platform in the settings.
fn automatic_platform_arg(name: &str, platform: &str) -> Option<String> {
    let mut parts = platform.split('/');
    let os = parts.next().unwrap_or("linux");
    let arch = parts.next().unwrap_or("amd64");
    let variant = parts.next().unwrap_or("");
    let field = name
        .strip_prefix("TARGET")
        .or_else(|| name.strip_prefix("BUILD"))?;
    Some(
        match field {
            "PLATFORM" => platform,
            "OS" => os,
            "ARCH" => arch,
            "VARIANT" => variant,
            _ => return None,
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookups(text: &str, platform: Option<&str>) -> Vec<FromLookup> {
        let df = dlint_syntax::parse_text(text);
        let model = dlint_semantic::analyze(&df);
        let settings = Settings {
            platform: platform.map(String::from),
            ..Settings::default()
        };
        from_lookups(text, &df, &model, &settings)
    }

    #[test]
    fn only_external_images_with_known_text() {
        let text = "ARG V=3.20\nARG U\nFROM alpine:$V AS base\nFROM base\nFROM scratch\n\
                    FROM debian:$U\nFROM Bad/Name\nFROM --platform=linux/arm64 busybox\n";
        let found: Vec<FromLookup> = lookups(text, None)
            .into_iter()
            .filter(|l| l.image != "Bad/Name")
            .collect();
        assert!(lookups(text, None).iter().any(|l| l.image == "Bad/Name"));
        let got: Vec<(&str, Option<&str>, bool)> = found
            .iter()
            .map(|l| (l.image.as_str(), l.platform.as_deref(), l.verbatim))
            .collect();
        assert_eq!(
            got,
            [
                ("alpine:3.20", Some("linux/amd64"), false),
                ("busybox", Some("linux/arm64"), true)
            ]
        );
        assert_eq!(found[1].stage, 5);
        assert_eq!(&text[found[1].span.range()], "busybox");
    }

    #[test]
    fn automatic_platform_args_stand_for_the_configured_platform() {
        let text = "ARG P\nFROM --platform=$BUILDPLATFORM a\nFROM --platform=${TARGETPLATFORM} b\n\
                    FROM --platform=linux/$TARGETARCH c\nFROM --platform=$P d\n";
        let platforms = |p| -> Vec<Option<String>> {
            lookups(text, p).into_iter().map(|l| l.platform).collect()
        };
        let amd = Some("linux/amd64".to_string());
        assert_eq!(platforms(None), [amd.clone(), amd.clone(), amd, None]);
        let arm = Some("linux/arm64".to_string());
        assert_eq!(
            platforms(Some("linux/arm64")),
            [arm.clone(), arm.clone(), arm, None]
        );
    }
}
