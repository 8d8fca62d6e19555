//! What dlint may know about external base images: their platform, environment and
//! shell, as read from a registry. The linter never fetches anything itself (only the
//! registry crate touches the network); callers that have the data pass it in.

pub use dlint_imageref::facts::{
    BaseConfig, FoundImage, RegistryAnswer, RegistryFacts, RegistryImage,
};

/// The configuration of one resolved base image.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BaseImage {
    /// `linux`, `windows`, …
    pub os: String,
    /// Normalised architecture: `amd64`, `arm64`, …
    pub architecture: String,
    pub variant: Option<String>,
    /// The config's `Env`, as `KEY=value` strings.
    pub env: Vec<String>,
    /// The config's `Shell`, when the image sets one.
    pub shell: Option<Vec<String>>,
}

impl BaseImage {
    /// `os/arch[/variant]`.
    pub fn platform(&self) -> String {
        match &self.variant {
            Some(v) if !v.is_empty() => format!("{}/{}/{v}", self.os, self.architecture),
            _ => format!("{}/{}", self.os, self.architecture),
        }
    }
    /// The names the image's environment defines.
    pub fn env_names(&self) -> impl Iterator<Item = &str> {
        self.env
            .iter()
            .map(|kv| kv.split_once('=').map_or(kv.as_str(), |(k, _)| k))
    }
}

/// A source of base-image facts, e.g. a registry cache filled by the CLI or the server.
/// `Sync`: the rules of one lint may run on several threads (see `engine::run_rules_parallel`).
pub trait ImageFacts: Sync {
    /// The image `reference` (as written in FROM, variables already expanded) resolved
    /// for `platform` (`linux/amd64`), or `None` when unknown (offline, not cached).
    fn base_image(&self, reference: &str, platform: &str) -> Option<BaseImage>;

    /// What the registry said about a FROM image, looked up as `image` (text after ARG
    /// expansion) for `platform`, as chosen by [`crate::rules::registry::from_lookups`].
    /// `None` when it was not asked; the registry rules (`DR…`) then report nothing.
    fn registry_image(&self, image: &str, platform: Option<&str>) -> Option<&RegistryImage> {
        let _ = (image, platform);
        None
    }
}
