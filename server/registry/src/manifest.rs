//! Manifest media types and the small subsets of image indexes, manifests and config
//! blobs this crate reads (platforms and the config digest), plus digest verification.

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::platform::Platform;

pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";

/// All four manifest types in one `Accept`: a narrower header makes registries answer
/// 404 for OCI indexes or rewrite manifest lists into a different digest.
pub const MANIFEST_ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

/// True for multi-platform media types.
pub fn is_index(media_type: &str) -> bool {
    media_type == OCI_INDEX || media_type == DOCKER_LIST
}

/// `sha256:<hex>` of `bytes`.
pub fn sha256_digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// True when `digest` names `bytes`. Only sha256 is verifiable here; other algorithms
/// are reported as unverifiable (`None`).
pub fn digest_matches(digest: &str, bytes: &[u8]) -> Option<bool> {
    digest
        .starts_with("sha256:")
        .then(|| sha256_digest(bytes) == digest)
}

#[derive(Deserialize)]
struct Descriptor {
    #[serde(rename = "mediaType", default)]
    media_type: String,
    digest: String,
    #[serde(default)]
    platform: Option<RawPlatform>,
    #[serde(default)]
    annotations: Option<std::collections::HashMap<String, String>>,
}

#[derive(Deserialize)]
struct RawPlatform {
    #[serde(default)]
    os: String,
    #[serde(default)]
    architecture: String,
    #[serde(default)]
    variant: Option<String>,
    #[serde(rename = "os.version", default)]
    os_version: Option<String>,
}

/// What a manifest body says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestBody {
    /// An index: its platform entries (attestations removed) with their digests.
    Index(Vec<(Platform, String)>),
    /// A single image: the config blob's digest.
    Image { config_digest: String },
    /// Anything else (schema 1, artifacts without a config).
    Other,
}

/// Parses a manifest or index body according to its media type (falling back to the
/// body's own `mediaType` or shape when the header is vague).
pub fn parse_manifest(media_type: &str, body: &[u8]) -> Option<ManifestBody> {
    #[derive(Deserialize)]
    struct Raw {
        #[serde(rename = "mediaType", default)]
        media_type: Option<String>,
        #[serde(default)]
        manifests: Option<Vec<Descriptor>>,
        #[serde(default)]
        config: Option<Descriptor>,
    }
    let raw: Raw = serde_json::from_slice(body).ok()?;
    let declared = raw.media_type.as_deref().unwrap_or(media_type);
    if let Some(entries) = raw
        .manifests
        .filter(|_| is_index(declared) || is_index(media_type) || declared.is_empty())
    {
        let platforms = entries
            .into_iter()
            .filter(|d| !is_attestation(d))
            .filter_map(|d| {
                let p = d.platform?;
                let platform = Platform {
                    os: p.os,
                    architecture: p.architecture,
                    variant: p.variant.filter(|v| !v.is_empty()),
                    os_version: p.os_version.filter(|v| !v.is_empty()),
                };
                (!platform.is_unknown()).then_some((platform, d.digest))
            })
            .collect();
        return Some(ManifestBody::Index(platforms));
    }
    match raw.config {
        Some(config) if !config.media_type.contains("empty") => Some(ManifestBody::Image {
            config_digest: config.digest,
        }),
        _ => Some(ManifestBody::Other),
    }
}

fn is_attestation(d: &Descriptor) -> bool {
    d.annotations
        .as_ref()
        .and_then(|a| a.get("vnd.docker.reference.type"))
        .is_some_and(|t| t == "attestation-manifest")
}

/// The platform recorded in an image config blob.
pub fn config_platform(body: &[u8]) -> Option<Platform> {
    let raw: RawPlatform = serde_json::from_slice(body).ok()?;
    if raw.os.is_empty() || raw.architecture.is_empty() {
        return None;
    }
    Some(Platform {
        os: raw.os,
        architecture: raw.architecture,
        variant: raw.variant.filter(|v| !v.is_empty()),
        os_version: raw.os_version.filter(|v| !v.is_empty()),
    })
}
