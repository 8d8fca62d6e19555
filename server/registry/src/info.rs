//! The plain-data answers of the resolver: what an image reference resolves to and a
//! repository's tags. Serializable because they are what the disk cache stores.

use serde::{Deserialize, Serialize};

use crate::platform::Platform;
use crate::reference::ImageRef;

/// Whether the registry has what was asked for. Only definitive answers (a 404 with the
/// full `Accept`, after successful auth) are "not found".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageStatus {
    Found,
    /// The repository exists but not the tag.
    TagNotFound,
    /// The repository exists but not the digest.
    DigestNotFound,
    /// The registry does not know the repository.
    RepositoryNotFound,
}

/// One platform of a multi-platform image, with the digest of its own manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformManifest {
    pub platform: Platform,
    /// Digest of the platform's manifest (for a single-platform image: the image digest).
    pub digest: String,
}

/// What one tag or digest resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageInfo {
    /// Reference domain (`docker.io`).
    pub registry: String,
    /// Repository path (`library/alpine`).
    pub repository: String,
    /// The tag or digest that was looked up.
    pub reference: String,
    pub status: ImageStatus,
    /// What `docker pull` resolves to: the index digest for multi-platform images.
    pub digest: Option<String>,
    /// Media type of the top-level manifest.
    pub media_type: Option<String>,
    /// Platforms offered (attestations hidden). Empty when unknown.
    pub platforms: Vec<PlatformManifest>,
    /// A web page for the repository, when the registry has a well-known one.
    pub web_url: Option<String>,
    /// When the registry was asked (seconds since the Unix epoch).
    pub checked_at: u64,
    /// Served from the disk cache rather than the network.
    #[serde(skip)]
    pub from_cache: bool,
}

impl ImageInfo {
    /// True when the tag or digest exists.
    pub fn exists(&self) -> bool {
        self.status == ImageStatus::Found
    }

    /// True for an image index / manifest list.
    pub fn is_multi_platform(&self) -> bool {
        self.media_type
            .as_deref()
            .is_some_and(crate::manifest::is_index)
    }

    /// The entry that serves `wanted`, if the image offers it.
    pub fn platform_for(&self, wanted: &Platform) -> Option<&PlatformManifest> {
        self.platforms.iter().find(|p| p.platform.satisfies(wanted))
    }
}

/// A repository's tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagList {
    /// False when the registry does not know the repository.
    pub repository_found: bool,
    /// Tags, newest first (see [`crate::tags::compare_newest_first`]).
    pub tags: Vec<String>,
    /// The page cap was reached before the last page.
    pub truncated: bool,
    #[serde(skip)]
    pub from_cache: bool,
}

/// The repository's page on its registry's website, for hovers.
pub fn web_url(image: &ImageRef) -> Option<String> {
    let path = image.path();
    match image.domain() {
        "docker.io" => Some(match path.strip_prefix("library/") {
            Some(official) if !official.contains('/') => {
                format!("https://hub.docker.com/_/{official}")
            }
            _ => format!("https://hub.docker.com/r/{path}"),
        }),
        "quay.io" => Some(format!("https://quay.io/repository/{path}")),
        // ghcr.io sends browsers on to the package's GitHub page.
        "ghcr.io" => Some(format!("https://ghcr.io/{path}")),
        "mcr.microsoft.com" => Some(format!("https://mcr.microsoft.com/artifact/mar/{path}")),
        _ => None,
    }
}

/// The parts of an image config blob the linter needs: the base image's environment
/// (UndefinedVar), its shell (JSONArgsRecommended) and its platform
/// (InvalidBaseImagePlatform), plus a few fields for hovers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImageConfig {
    pub platform: Option<Platform>,
    /// `KEY=value` entries as in the config.
    pub env: Vec<String>,
    pub shell: Option<Vec<String>>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub labels: std::collections::BTreeMap<String, String>,
    /// RFC 3339 creation time, as recorded.
    pub created: Option<String>,
}

impl ImageConfig {
    /// Parses a config blob; `None` when it is not a JSON object.
    pub fn from_json(body: &[u8]) -> Option<ImageConfig> {
        #[derive(Deserialize)]
        struct Inner {
            #[serde(rename = "Env", default)]
            env: Option<Vec<String>>,
            #[serde(rename = "Shell", default)]
            shell: Option<Vec<String>>,
            #[serde(rename = "WorkingDir", default)]
            working_dir: Option<String>,
            #[serde(rename = "User", default)]
            user: Option<String>,
            #[serde(rename = "Labels", default)]
            labels: Option<std::collections::BTreeMap<String, String>>,
        }
        #[derive(Deserialize)]
        struct Outer {
            #[serde(default)]
            created: Option<String>,
            #[serde(default)]
            config: Option<Inner>,
        }
        let outer: Outer = serde_json::from_slice(body).ok()?;
        let inner = outer.config;
        let non_empty = |s: Option<String>| s.filter(|v| !v.is_empty());
        Some(match inner {
            Some(inner) => ImageConfig {
                platform: crate::manifest::config_platform(body),
                env: inner.env.unwrap_or_default(),
                shell: inner.shell.filter(|s| !s.is_empty()),
                working_dir: non_empty(inner.working_dir),
                user: non_empty(inner.user),
                labels: inner.labels.unwrap_or_default(),
                created: outer.created,
            },
            None => ImageConfig {
                platform: crate::manifest::config_platform(body),
                created: outer.created,
                ..ImageConfig::default()
            },
        })
    }

    /// The value of an environment variable set by the image.
    pub fn env_var(&self, name: &str) -> Option<&str> {
        self.env.iter().find_map(|entry| {
            let (key, value) = entry.split_once('=').unwrap_or((entry, ""));
            (key == name).then_some(value)
        })
    }

    /// Names of the environment variables the image sets.
    pub fn env_names(&self) -> impl Iterator<Item = &str> {
        self.env
            .iter()
            .map(|e| e.split_once('=').map(|(k, _)| k).unwrap_or(e))
    }
}
