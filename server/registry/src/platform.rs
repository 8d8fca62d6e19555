//! Platforms (`linux/arm64/v8`): parsing `--platform` values, normalising the aliases
//! Docker accepts (`x86_64`, `aarch64`, `armhf`…), and matching a requested platform
//! against what an image index offers (arm64 implies `v8`, arm implies `v7`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// An OS/architecture/variant triple as in image indexes and `--platform`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
}

impl Platform {
    /// Parses `os/arch[/variant]` (also a bare `arch`, meaning linux). `None` for text
    /// that still holds variables (`$BUILDPLATFORM`) or is malformed: such platforms
    /// are not checked.
    pub fn parse(text: &str) -> Option<Platform> {
        if text.contains('$') || text.is_empty() {
            return None;
        }
        let parts: Vec<&str> = text.split('/').collect();
        let ok = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        };
        if !parts.iter().all(|p| ok(p)) {
            return None;
        }
        let (os, arch, variant) = match parts.as_slice() {
            [arch] => ("linux", *arch, None),
            [os, arch] => (*os, *arch, None),
            [os, arch, variant] => (*os, *arch, Some(*variant)),
            _ => return None,
        };
        Some(Platform::new(os, arch, variant))
    }

    /// Builds a normalised platform.
    pub fn new(os: &str, architecture: &str, variant: Option<&str>) -> Platform {
        let os = os.to_ascii_lowercase();
        let arch = architecture.to_ascii_lowercase();
        let variant = variant.map(str::to_ascii_lowercase);
        let (architecture, variant) = normalize_arch(&arch, variant);
        Platform {
            os,
            architecture,
            variant,
            os_version: None,
        }
    }

    /// The platform Docker builds for by default on this machine (always linux, since
    /// Docker Desktop builds Linux images on every OS).
    pub fn host_default() -> Platform {
        let arch = match std::env::consts::ARCH {
            "x86_64" => "amd64",
            "aarch64" => "arm64",
            "x86" => "386",
            "arm" => "arm",
            other => other,
        };
        Platform::new("linux", arch, None)
    }

    /// True when an image built for `self` satisfies a request for `wanted`. A request
    /// without a variant accepts any variant; arm64 without a variant means `v8`.
    pub fn satisfies(&self, wanted: &Platform) -> bool {
        let offered = Platform::new(&self.os, &self.architecture, self.variant.as_deref());
        let wanted = Platform::new(&wanted.os, &wanted.architecture, wanted.variant.as_deref());
        offered.os == wanted.os
            && offered.architecture == wanted.architecture
            && (wanted.variant.is_none()
                || offered.variant.is_none()
                || offered.variant == wanted.variant)
    }

    /// True for the pseudo-platform of attestation manifests in an index.
    pub fn is_unknown(&self) -> bool {
        self.os == "unknown" || self.architecture == "unknown"
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(variant) = &self.variant {
            write!(f, "/{variant}")?;
        }
        Ok(())
    }
}

/// containerd's normalisation: aliases to canonical names, default variants filled in
/// for arm (v7) and dropped for arm64 (v8 is the only one in practice).
fn normalize_arch(arch: &str, variant: Option<String>) -> (String, Option<String>) {
    match arch {
        "i386" | "x86" => ("386".into(), None),
        "x86_64" | "x86-64" | "amd64" => ("amd64".into(), variant.filter(|v| v != "v1")),
        "aarch64" | "arm64" => ("arm64".into(), variant.filter(|v| v != "v8" && v != "8")),
        "armhf" => ("arm".into(), Some("v7".into())),
        "armel" => ("arm".into(), Some("v6".into())),
        "arm" => {
            let variant = match variant.as_deref() {
                None | Some("7") | Some("v7") => "v7".to_string(),
                Some("5") | Some("v5") => "v5".into(),
                Some("6") | Some("v6") => "v6".into(),
                Some("8") | Some("v8") => "v8".into(),
                Some(other) => other.to_string(),
            };
            ("arm".into(), Some(variant))
        }
        other => (other.to_string(), variant),
    }
}
