//! Registry facts for `FROM` images: what the registry says about each image (exists or
//! not, digest, platforms, the nearest tags of a missing tag, the concrete tag behind
//! `latest`, the tag a pinned digest sits next to, the base image's configuration), as
//! the plain data the linter's registry rules (`DR…`) read. Codes, messages, severities
//! and fixes are the linter's; this module only asks.

use dlint_imageref::facts::{BaseConfig, FoundImage, RegistryAnswer, RegistryFacts, RegistryImage};

use crate::error::LookupError;
use crate::info::{ImageConfig, ImageInfo, ImageStatus};
use crate::platform::Platform;
use crate::reference::ImageRef;
use crate::resolver::Resolver;
use crate::tags::{nearest, newest_same_variant_and_major, shape};

/// What [`Resolver::lookup_froms`] finds out beyond existence.
#[derive(Debug, Clone)]
pub struct LookupOptions {
    /// For `latest` / no tag, find the concrete tag it resolves to (a few HEADs).
    pub concrete_tag: bool,
    /// Fetch the base image's configuration (environment, shell, platform) for the
    /// looked-up platform: two more requests per image, cached forever by digest.
    pub base_config: bool,
    /// Nearest tags offered for a missing tag.
    pub max_suggestions: usize,
}

impl Default for LookupOptions {
    fn default() -> Self {
        LookupOptions {
            concrete_tag: true,
            base_config: true,
            max_suggestions: 3,
        }
    }
}

/// One `FROM` image to look up: the image text after ARG expansion and the platform the
/// stage is built for (`None` when unknown: no platform is checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromImage {
    pub image: String,
    pub platform: Option<String>,
}

impl Resolver {
    /// What the registry says about one `FROM` image. `None` when no lookup is made:
    /// text that is not a reference (or still holds variables), `scratch`, a host the
    /// allow/deny lists exclude, or offline mode without a cached answer. Never fails:
    /// trouble reaching the registry is an answer ([`RegistryAnswer::Unreachable`]).
    pub async fn lookup_from(
        &self,
        image_text: &str,
        platform: Option<&str>,
        options: &LookupOptions,
    ) -> Option<RegistryAnswer> {
        let image = ImageRef::parse(image_text).ok()?;
        if image_text == "scratch" || !self.host_allowed(&image) {
            return None;
        }
        let wanted = platform.and_then(Platform::parse);
        let work = async { Ok(self.found_or_not(&image, wanted.as_ref(), options).await) };
        match self.bounded(&image, work).await {
            Ok(Ok(answer)) => Some(answer),
            Ok(Err(e)) | Err(e) => error_answer(&image, &e),
        }
    }

    /// [`Resolver::lookup_from`] for all `FROM` images of one file, concurrently.
    pub async fn lookup_froms(
        &self,
        froms: &[FromImage],
        options: &LookupOptions,
    ) -> RegistryFacts {
        let lookups = froms
            .iter()
            .map(|from| self.lookup_from(&from.image, from.platform.as_deref(), options));
        let answers = crate::join::join_all(lookups).await;
        let images = froms
            .iter()
            .zip(answers)
            .filter_map(|(from, answer)| {
                Some(RegistryImage {
                    image: from.image.clone(),
                    platform: from.platform.clone(),
                    answer: answer?,
                })
            })
            .collect();
        RegistryFacts { images }
    }

    /// The newest tag of the same variant and major version as the image's tag, if
    /// newer than it (for the "move to newest" code action).
    pub async fn newer_tag(&self, image: &ImageRef) -> Result<Option<String>, LookupError> {
        let Some(tag) = image.tag() else {
            return Ok(None);
        };
        let list = self.list_tags(image).await?;
        Ok(newest_same_variant_and_major(&list.tags, tag))
    }

    /// The plain version tag (no variant suffix, no pre-release) that currently has
    /// `digest`, preferring the most specific one (`1.2.3` over `1.2` and `1`), then the
    /// newest. Probes at most `max_concrete_tag_probes` tags, newest first.
    pub async fn concrete_tag(
        &self,
        image: &ImageRef,
        digest: &str,
    ) -> Result<Option<String>, LookupError> {
        let list = self.list_tags(image).await?;
        let candidates = list.tags.iter().filter(|t| {
            let s = shape(t);
            !s.numbers.is_empty() && s.suffix.is_empty() && !s.prerelease
        });
        let mut best: Option<&String> = None;
        for tag in candidates.take(self.options().max_concrete_tag_probes) {
            let info = self.resolve(&image.with_tag(tag), None).await?;
            let more_specific =
                best.is_none_or(|b| shape(tag).numbers.len() > shape(b).numbers.len());
            if info.digest.as_deref() == Some(digest) && more_specific {
                best = Some(tag);
            }
        }
        Ok(best.cloned())
    }

    async fn found_or_not(
        &self,
        image: &ImageRef,
        wanted: Option<&Platform>,
        options: &LookupOptions,
    ) -> Result<RegistryAnswer, LookupError> {
        let info = self.resolve(image, wanted).await?;
        match info.status {
            ImageStatus::RepositoryNotFound => {
                return Ok(RegistryAnswer::RepositoryNotFound {
                    registry: info.registry,
                })
            }
            ImageStatus::TagNotFound => return self.tag_not_found(image, options).await,
            ImageStatus::DigestNotFound => return Ok(RegistryAnswer::DigestNotFound),
            ImageStatus::Found => {}
        }
        let platform_offered = match wanted {
            Some(w) if !info.platforms.is_empty() => Some(info.platform_for(w).is_some()),
            _ => None,
        };
        let tag_digest = match (image.digest(), image.tag()) {
            (Some(_), Some(_)) => self
                .resolve(&image.without_digest(), None)
                .await
                .ok()
                .filter(ImageInfo::exists)
                .and_then(|i| i.digest),
            _ => None,
        };
        let moving = image.digest().is_none() && image.tag().is_none_or(|t| t == "latest");
        let concrete_tag = match (&info.digest, moving && options.concrete_tag) {
            (Some(digest), true) => self.concrete_tag(image, digest).await.ok().flatten(),
            _ => None,
        };
        // A single-platform image is pulled whatever the platform asked for; an index
        // without the platform has nothing to pull (the build fails).
        let pulled = !info.is_multi_platform() || platform_offered != Some(false);
        let config = match wanted {
            Some(w) if options.base_config && pulled => {
                let config = self.image_config(image, w).await.ok().flatten();
                config.and_then(|c| base_config(c, &info, w))
            }
            _ => None,
        };
        Ok(RegistryAnswer::Found(FoundImage {
            multi_platform: info.is_multi_platform(),
            platforms: info
                .platforms
                .iter()
                .map(|p| p.platform.to_string())
                .collect(),
            registry: info.registry,
            digest: info.digest,
            platform_offered,
            tag_digest,
            concrete_tag,
            config,
        }))
    }

    async fn tag_not_found(
        &self,
        image: &ImageRef,
        options: &LookupOptions,
    ) -> Result<RegistryAnswer, LookupError> {
        let list = self.list_tags(image).await.ok();
        if list.as_ref().is_some_and(|l| !l.repository_found) {
            return Ok(RegistryAnswer::RepositoryNotFound {
                registry: image.domain().to_string(),
            });
        }
        let nearest = list
            .map(|l| nearest(&l.tags, image.tag_or_latest(), options.max_suggestions))
            .unwrap_or_default();
        Ok(RegistryAnswer::TagNotFound { nearest })
    }
}

/// The configuration as the linter reads it. Its platform is the config's own, else the
/// index entry picked for `wanted`; a single-platform image without one is unknown.
fn base_config(config: ImageConfig, info: &ImageInfo, wanted: &Platform) -> Option<BaseConfig> {
    let platform = match config.platform {
        Some(p) => p,
        None if info.is_multi_platform() => info.platform_for(wanted)?.platform.clone(),
        None => return None,
    };
    Some(BaseConfig {
        os: platform.os,
        architecture: platform.architecture,
        variant: platform.variant,
        env: config.env,
        shell: config.shell,
    })
}

/// A lookup failure as an answer, or `None` for the user's own choices (offline mode,
/// excluded hosts), which must stay silent.
fn error_answer(image: &ImageRef, error: &LookupError) -> Option<RegistryAnswer> {
    match error {
        LookupError::Offline
        | LookupError::HostNotAllowed { .. }
        | LookupError::InvalidReference(_) => None,
        LookupError::Unauthorized { host } => Some(RegistryAnswer::NoAccess { host: host.clone() }),
        other => Some(RegistryAnswer::Unreachable {
            host: image.domain().to_string(),
            reason: other.to_string(),
        }),
    }
}
