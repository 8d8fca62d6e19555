//! Registry facts: what a registry said about the FROM images of one file, as plain data.
//!
//! The registry crate (the only one with network access) fills these in; the linter's
//! registry rules read them and decide codes, messages, severities and fixes. Neither
//! side needs the other: both depend on this network-free crate.

/// What registries said about the FROM images of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryFacts {
    pub images: Vec<RegistryImage>,
}

impl RegistryFacts {
    /// The answer for `image` (text after ARG expansion) looked up for `platform`.
    pub fn get(&self, image: &str, platform: Option<&str>) -> Option<&RegistryImage> {
        self.images
            .iter()
            .find(|i| i.image == image && i.platform.as_deref() == platform)
    }
}

/// One FROM image and what its registry said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryImage {
    /// The image text that was looked up (after ARG expansion), as in the FROM line.
    pub image: String,
    /// The platform it was looked up for (`linux/amd64`); `None` when the stage's
    /// platform is not statically known, so no platform was checked.
    pub platform: Option<String>,
    pub answer: RegistryAnswer,
}

/// The registry's answer. Lookups that were not made (offline without a cached answer,
/// a host excluded by the allow/deny lists) have no entry at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryAnswer {
    Found(FoundImage),
    /// The registry does not know the repository.
    RepositoryNotFound {
        registry: String,
    },
    /// The repository exists, the tag does not; `nearest` holds the closest existing
    /// tags, best first.
    TagNotFound {
        nearest: Vec<String>,
    },
    /// The repository exists, the pinned digest does not.
    DigestNotFound,
    /// The registry refused access after authenticating (private image or no login).
    NoAccess {
        host: String,
    },
    /// The registry could not be reached, timed out, or rate-limited the lookup.
    Unreachable {
        host: String,
        reason: String,
    },
}

/// An image that exists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundImage {
    /// Reference domain (`docker.io`).
    pub registry: String,
    /// What a pull of the reference resolves to (the index digest for a multi-platform
    /// image).
    pub digest: Option<String>,
    /// Platforms offered, as `os/arch[/variant]`; empty when unknown.
    pub platforms: Vec<String>,
    /// The reference names an image index (manifest list): a platform it lacks fails the
    /// build, where a single-platform image is pulled anyway.
    pub multi_platform: bool,
    /// Whether the image offers the looked-up platform; `None` when that is unknown.
    pub platform_offered: Option<bool>,
    /// For `name:tag@digest`: the digest the tag points to now.
    pub tag_digest: Option<String>,
    /// For `latest` or no tag: the version tag that currently has the same digest (the
    /// most specific one, `1.2.3` rather than `1`), when the registry has one.
    pub concrete_tag: Option<String>,
    /// The configuration of the image a build for the looked-up platform pulls.
    pub config: Option<BaseConfig>,
}

/// The parts of an image's configuration the linter reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaseConfig {
    pub os: String,
    pub architecture: String,
    pub variant: Option<String>,
    /// `KEY=value` entries.
    pub env: Vec<String>,
    pub shell: Option<Vec<String>>,
}
