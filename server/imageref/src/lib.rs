//! Image references: parsing and normalisation exactly as Docker's
//! `ParseNormalizedNamed` does it (implicit `docker.io` and `library/`, `index.docker.io`
//! folded into `docker.io`, domains recognised by a dot, a port, `localhost` or an
//! upper-case letter).
//!
//! The one copy of Docker's reference grammar in dlint: the linter validates FROM images
//! with it and the registry crate resolves them with it. It lives in a crate of its own,
//! with no dependencies, so the linter can use it without linking the network code.
//!
//! The parser is hand-written so that it keeps byte spans into the text it was given:
//! diagnostics and fixes can then point at the tag or the digest the user wrote.

pub mod edits;
pub mod facts;

pub use edits::{apply_edits, pin_edit, retag_and_pin_edit, retag_edit, whole_range, Edit};
pub use facts::{BaseConfig, FoundImage, RegistryAnswer, RegistryFacts, RegistryImage};

use std::fmt;
use std::ops::Range;

/// Docker Hub's canonical domain.
pub const DOCKER_HUB: &str = "docker.io";
/// The host that actually serves Docker Hub's registry API.
pub const DOCKER_HUB_API_HOST: &str = "registry-1.docker.io";
/// The key Docker uses for Hub credentials in `config.json` and credential helpers.
pub const DOCKER_HUB_CREDENTIAL_KEY: &str = "https://index.docker.io/v1/";

const NAME_TOTAL_LENGTH_MAX: usize = 255;
const TAG_LENGTH_MAX: usize = 128;

/// Where each part of a reference sits in the text it was parsed from (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ReferenceSpans {
    /// The whole name as written (domain and path, without tag or digest).
    pub name: Range<usize>,
    /// The explicit domain, when one was written.
    pub domain: Option<Range<usize>>,
    /// The tag text after `:`.
    pub tag: Option<Range<usize>>,
    /// The digest text after `@` (`sha256:…`).
    pub digest: Option<Range<usize>>,
}

/// A parsed, normalised image reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageRef {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<String>,
    spans: ReferenceSpans,
}

/// Why a reference could not be parsed. Messages follow Docker's wording where it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceError {
    /// The text was empty.
    Empty,
    /// The text still holds `$` variables after expansion; such references are skipped.
    Unresolved,
    /// A 64-hex string is an image ID, not a name.
    ImageId,
    /// Upper-case letters in the repository path.
    Uppercase,
    /// The name is longer than 255 characters.
    NameTooLong,
    /// The tag breaks the tag grammar or is longer than 128 characters.
    InvalidTag,
    /// The digest is malformed or uses an unsupported algorithm.
    InvalidDigest,
    /// Any other grammar violation.
    InvalidFormat,
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ReferenceError::Empty => "invalid reference format: empty reference",
            ReferenceError::Unresolved => "reference contains unresolved variables",
            ReferenceError::ImageId => {
                "invalid repository name: cannot specify 64-byte hexadecimal strings"
            }
            ReferenceError::Uppercase => {
                "invalid reference format: repository name must be lowercase"
            }
            ReferenceError::NameTooLong => {
                "invalid reference format: repository name must not be more than 255 characters"
            }
            ReferenceError::InvalidTag => "invalid reference format: invalid tag",
            ReferenceError::InvalidDigest => "invalid reference format: invalid digest",
            ReferenceError::InvalidFormat => "invalid reference format",
        };
        f.write_str(text)
    }
}

impl std::error::Error for ReferenceError {}

impl ImageRef {
    /// Parses `text` (one `FROM` image after variable expansion) the way Docker does.
    pub fn parse(text: &str) -> Result<ImageRef, ReferenceError> {
        if text.is_empty() {
            return Err(ReferenceError::Empty);
        }
        // A `$` left after the semantic model's expansion means an ARG we cannot know;
        // guessing would send lookups for names nobody will ever build.
        if text.contains('$') {
            return Err(ReferenceError::Unresolved);
        }
        let (name_and_tag_end, digest) = match text.find('@') {
            Some(at) => {
                let digest_text = &text[at + 1..];
                validate_digest(digest_text)?;
                (at, Some((digest_text.to_string(), at + 1..text.len())))
            }
            None => (text.len(), None),
        };
        let name_and_tag = &text[..name_and_tag_end];
        let last_slash = name_and_tag.rfind('/');
        let (name_end, tag) = match name_and_tag.rfind(':') {
            Some(colon) if last_slash.is_none_or(|slash| colon > slash) => {
                let tag_text = &name_and_tag[colon + 1..];
                validate_tag(tag_text)?;
                (
                    colon,
                    Some((tag_text.to_string(), colon + 1..name_and_tag_end)),
                )
            }
            _ => (name_and_tag_end, None),
        };
        let name = &text[..name_end];
        if name.is_empty() {
            return Err(ReferenceError::InvalidFormat);
        }
        if name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ReferenceError::ImageId);
        }
        if name.len() > NAME_TOTAL_LENGTH_MAX {
            return Err(ReferenceError::NameTooLong);
        }
        let (domain, domain_span, remainder) = split_domain(name);
        if let Some(domain) = domain {
            validate_domain(domain)?;
        }
        if remainder.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(ReferenceError::Uppercase);
        }
        validate_path(remainder)?;
        let domain = match domain {
            None | Some("index.docker.io") => DOCKER_HUB.to_string(),
            Some(other) => other.to_string(),
        };
        let path = if domain == DOCKER_HUB && !remainder.contains('/') {
            format!("library/{remainder}")
        } else {
            remainder.to_string()
        };
        let (tag, tag_span) = split_option(tag);
        let (digest, digest_span) = split_option(digest);
        Ok(ImageRef {
            domain,
            path,
            tag,
            digest,
            spans: ReferenceSpans {
                name: 0..name_end,
                domain: domain_span,
                tag: tag_span,
                digest: digest_span,
            },
        })
    }

    /// The registry domain: `docker.io`, `ghcr.io`, `localhost:5000`, `[::1]:5000`.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The repository path inside the registry: `library/alpine`, `user/app`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The explicit tag, if one was written.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The explicit digest (`sha256:…`), if one was written.
    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }

    /// The tag Docker would use: the explicit one, or `latest`.
    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
    }

    /// What a pull resolves: the digest when present (it wins over a tag), else the tag.
    pub fn lookup_reference(&self) -> &str {
        self.digest
            .as_deref()
            .unwrap_or_else(|| self.tag_or_latest())
    }

    /// Byte spans into the parsed text.
    pub fn spans(&self) -> &ReferenceSpans {
        &self.spans
    }

    /// True for Docker Hub images.
    pub fn is_docker_hub(&self) -> bool {
        self.domain == DOCKER_HUB
    }

    /// The host (with port) that serves the registry API for this image.
    pub fn api_host(&self) -> &str {
        if self.is_docker_hub() {
            DOCKER_HUB_API_HOST
        } else {
            &self.domain
        }
    }

    /// `docker.io/library/alpine`.
    pub fn repository(&self) -> String {
        format!("{}/{}", self.domain, self.path)
    }

    /// Fully qualified form: `docker.io/library/alpine:3.20@sha256:…` (tag `latest`
    /// filled in when neither tag nor digest was written).
    pub fn canonical(&self) -> String {
        let mut out = self.repository();
        self.push_tag_and_digest(&mut out, true);
        out
    }

    /// Short name as Docker displays it: `alpine`, `user/app`, `ghcr.io/o/i`.
    pub fn familiar_name(&self) -> String {
        if self.is_docker_hub() {
            self.path
                .strip_prefix("library/")
                .filter(|rest| !rest.contains('/'))
                .unwrap_or(&self.path)
                .to_string()
        } else {
            self.repository()
        }
    }

    /// Familiar form with the tag and digest as written: `alpine:3.20`.
    pub fn familiar(&self) -> String {
        let mut out = self.familiar_name();
        self.push_tag_and_digest(&mut out, false);
        out
    }

    /// A copy with another tag and no digest (the spans keep pointing at the original
    /// text, so only use the copy for lookups).
    pub fn with_tag(&self, tag: &str) -> ImageRef {
        ImageRef {
            tag: Some(tag.to_string()),
            digest: None,
            ..self.clone()
        }
    }

    /// A copy without the digest, for resolving the tag a digest was pinned next to.
    pub fn without_digest(&self) -> ImageRef {
        ImageRef {
            digest: None,
            ..self.clone()
        }
    }

    fn push_tag_and_digest(&self, out: &mut String, fill_latest: bool) {
        match (&self.tag, &self.digest) {
            (Some(tag), _) => {
                out.push(':');
                out.push_str(tag);
            }
            (None, None) if fill_latest => out.push_str(":latest"),
            _ => {}
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest);
        }
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.familiar())
    }
}

fn split_option<T>(pair: Option<(T, Range<usize>)>) -> (Option<T>, Option<Range<usize>>) {
    match pair {
        Some((value, span)) => (Some(value), Some(span)),
        None => (None, None),
    }
}

/// Docker's `splitDockerDomain`: the first component is a domain when it is `localhost`
/// or holds a `.`, a `:` or an upper-case letter.
fn split_domain(name: &str) -> (Option<&str>, Option<Range<usize>>, &str) {
    match name.find('/') {
        Some(slash) => {
            let first = &name[..slash];
            let is_domain = first == "localhost"
                || first.contains(['.', ':'])
                || first.bytes().any(|b| b.is_ascii_uppercase());
            if is_domain {
                (Some(first), Some(0..slash), &name[slash + 1..])
            } else {
                (None, None, name)
            }
        }
        None => (None, None, name),
    }
}

fn validate_domain(domain: &str) -> Result<(), ReferenceError> {
    let (host, port) = if let Some(rest) = domain.strip_prefix('[') {
        let close = rest.find(']').ok_or(ReferenceError::InvalidFormat)?;
        let inner = &rest[..close];
        if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return Err(ReferenceError::InvalidFormat);
        }
        let after = &rest[close + 1..];
        let port = match after {
            "" => None,
            _ => Some(
                after
                    .strip_prefix(':')
                    .ok_or(ReferenceError::InvalidFormat)?,
            ),
        };
        (None, port)
    } else {
        match domain.split_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(domain), None),
        }
    };
    if let Some(host) = host {
        let labels_ok = !host.is_empty()
            && host.split('.').all(|label| {
                let bytes = label.as_bytes();
                !bytes.is_empty()
                    && bytes
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
                    && bytes[0].is_ascii_alphanumeric()
                    && bytes[bytes.len() - 1].is_ascii_alphanumeric()
            });
        if !labels_ok {
            return Err(ReferenceError::InvalidFormat);
        }
    }
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ReferenceError::InvalidFormat);
        }
    }
    Ok(())
}

/// Path components: `[a-z0-9]+` joined by `.`, `_`, `__` or runs of `-`.
fn validate_path(path: &str) -> Result<(), ReferenceError> {
    if path.is_empty() {
        return Err(ReferenceError::InvalidFormat);
    }
    for component in path.split('/') {
        if !valid_component(component) {
            return Err(ReferenceError::InvalidFormat);
        }
    }
    Ok(())
}

fn valid_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let is_alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.is_empty() || !is_alnum(bytes[0]) || !is_alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if is_alnum(bytes[i]) {
            i += 1;
            continue;
        }
        // A separator run: ".", "_", "__" or one or more "-".
        let start = i;
        while i < bytes.len() && !is_alnum(bytes[i]) {
            i += 1;
        }
        let sep = &component[start..i];
        let ok = matches!(sep, "." | "_" | "__") || sep.bytes().all(|b| b == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn validate_tag(tag: &str) -> Result<(), ReferenceError> {
    let bytes = tag.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let ok = !bytes.is_empty()
        && bytes.len() <= TAG_LENGTH_MAX
        && word(bytes[0])
        && bytes.iter().all(|b| word(*b) || *b == b'.' || *b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ReferenceError::InvalidTag)
    }
}

/// Algorithms Docker accepts, with their hex length. Unknown algorithms are rejected
/// the way `digest.Parse` rejects them.
fn validate_digest(digest: &str) -> Result<(), ReferenceError> {
    let (alg, hex) = digest
        .split_once(':')
        .ok_or(ReferenceError::InvalidDigest)?;
    let expected = match alg {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return Err(ReferenceError::InvalidDigest),
    };
    let lower_hex = hex
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if hex.len() == expected && lower_hex {
        Ok(())
    } else {
        Err(ReferenceError::InvalidDigest)
    }
}

/// True when `digest` is a well-formed digest this crate can verify.
pub fn is_valid_digest(digest: &str) -> bool {
    validate_digest(digest).is_ok()
}
