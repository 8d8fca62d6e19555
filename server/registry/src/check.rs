//! `FROM` checks built on the resolver: image or tag not found (with the nearest
//! tags), platform not offered, `latest` or no tag (with the concrete tag it resolves
//! to), a pinned digest its tag no longer points to, and optionally "not pinned".
//! Registry trouble becomes at most one low-severity note per host, never a wall of
//! errors, and offline or excluded hosts give no findings at all.

use std::collections::HashSet;

use crate::error::LookupError;
use crate::findings::{pin_edit, retag_edit, whole_range, Finding, FindingKind, Fix, SeverityHint};
use crate::info::{ImageInfo, ImageStatus};
use crate::platform::Platform;
use crate::reference::{ImageRef, ReferenceError};
use crate::resolver::Resolver;
use crate::tags::{nearest, newest_same_variant_and_major, shape};

/// What `check_from` reports.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Platform checked when `FROM` has no `--platform` (the build's default); `None`
    /// skips the platform check for such lines.
    pub default_platform: Option<Platform>,
    /// For `latest` / no tag, find the concrete tag it resolves to (a few HEADs).
    pub suggest_concrete_tag: bool,
    /// Report images not pinned to a digest, with a safe fix that pins the digest in use
    /// (for `dlint check --registry --fix --unsafe-fixes`-style pinning).
    pub report_unpinned: bool,
    /// Nearest tags offered for a missing tag.
    pub max_suggestions: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            default_platform: None,
            suggest_concrete_tag: true,
            report_unpinned: false,
            max_suggestions: 3,
        }
    }
}

/// One `FROM` image to check: the image text after ARG expansion and the
/// `--platform` value if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromImage {
    pub image: String,
    pub platform: Option<String>,
}

impl Resolver {
    /// Checks one `FROM` image. Never fails: problems reaching the registry become at
    /// most one low-severity [`FindingKind::RegistryUnreachable`] note. Stage names and
    /// `scratch` must be filtered by the caller except plain `scratch`, which is skipped
    /// here too.
    pub async fn check_from(
        &self,
        image_text: &str,
        platform: Option<&str>,
        options: &CheckOptions,
    ) -> Vec<Finding> {
        let image = match ImageRef::parse(image_text) {
            Ok(image) => image,
            Err(ReferenceError::Unresolved) => return Vec::new(),
            Err(e) => {
                return vec![Finding::new(
                    FindingKind::InvalidReference,
                    SeverityHint::Error,
                    e.to_string(),
                    0..image_text.len(),
                )]
            }
        };
        if image_text == "scratch" || !self.host_allowed(&image) {
            return Vec::new();
        }
        let wanted = match platform {
            // `--platform=$BUILDPLATFORM` and friends: unknown, so not checked.
            Some(text) => Platform::parse(text),
            None => options.default_platform.clone(),
        };
        let work = self.check_resolved(&image, wanted.as_ref(), options);
        match self.bounded(&image, async { Ok(work.await) }).await {
            Ok(findings) => findings,
            Err(e) => error_finding(&image, &e).into_iter().collect(),
        }
    }

    /// Checks all `FROM` images of one file concurrently; a registry that cannot be
    /// reached yields one note for the whole file, on its first image.
    pub async fn check_froms(
        &self,
        froms: &[FromImage],
        options: &CheckOptions,
    ) -> Vec<Vec<Finding>> {
        let checks = froms
            .iter()
            .map(|from| self.check_from(&from.image, from.platform.as_deref(), options));
        let mut out = crate::join::join_all(checks).await;
        let mut noted_hosts: HashSet<String> = HashSet::new();
        for (from, findings) in froms.iter().zip(out.iter_mut()) {
            let host = ImageRef::parse(&from.image)
                .map(|i| i.domain().to_string())
                .ok();
            findings.retain(|f| {
                f.kind != FindingKind::RegistryUnreachable
                    || host.as_ref().is_none_or(|h| noted_hosts.insert(h.clone()))
            });
        }
        out
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

    /// A version tag (without variant suffix) that currently has `digest`, probing at
    /// most `max_concrete_tag_probes` tags, newest first.
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
        for tag in candidates.take(self.options().max_concrete_tag_probes) {
            let info = self.resolve(&image.with_tag(tag), None).await?;
            if info.digest.as_deref() == Some(digest) {
                return Ok(Some(tag.clone()));
            }
        }
        Ok(None)
    }

    async fn check_resolved(
        &self,
        image: &ImageRef,
        wanted: Option<&Platform>,
        options: &CheckOptions,
    ) -> Vec<Finding> {
        let info = match self.resolve(image, wanted).await {
            Ok(info) => info,
            Err(e) => return error_finding(image, &e).into_iter().collect(),
        };
        let spans = image.spans().clone();
        let name = image.familiar_name();
        match info.status {
            ImageStatus::RepositoryNotFound => {
                return vec![Finding::new(
                    FindingKind::ImageNotFound,
                    SeverityHint::Error,
                    format!("image {name} does not exist on {}", info.registry),
                    spans.name.clone(),
                )]
            }
            ImageStatus::TagNotFound => return self.tag_not_found(image, options).await,
            ImageStatus::DigestNotFound => {
                let range = spans.digest.clone().unwrap_or_else(|| whole_range(image));
                return vec![Finding::new(
                    FindingKind::DigestNotFound,
                    SeverityHint::Error,
                    format!("digest {} does not exist in {name}", info.reference),
                    range,
                )];
            }
            ImageStatus::Found => {}
        }
        let mut findings = Vec::new();
        if let Some(wanted) = wanted {
            if !info.platforms.is_empty() && info.platform_for(wanted).is_none() {
                let offered: Vec<String> = info
                    .platforms
                    .iter()
                    .map(|p| p.platform.to_string())
                    .collect();
                let mut finding = Finding::new(
                    FindingKind::PlatformNotOffered,
                    SeverityHint::Warning,
                    format!(
                        "{} is not available for {wanted}; it offers {}",
                        image.familiar(),
                        offered.join(", ")
                    ),
                    whole_range(image),
                );
                finding.suggestions = offered;
                findings.push(finding);
            }
        }
        if let (Some(pinned), Some(tag)) = (image.digest(), image.tag()) {
            if let Ok(current) = self.resolve(&image.without_digest(), None).await {
                if let Some(now) = current
                    .digest
                    .as_deref()
                    .filter(|d| *d != pinned && current.exists())
                {
                    let mut finding = Finding::new(
                        FindingKind::DigestOutdated,
                        SeverityHint::Hint,
                        format!("tag {tag} now points to {now}, not the pinned digest"),
                        spans.digest.clone().unwrap_or_else(|| whole_range(image)),
                    );
                    finding.fix = Some(Fix {
                        title: format!("Update the digest to the current {tag}"),
                        edits: vec![pin_edit(image, now)],
                        safe: false,
                    });
                    findings.push(finding);
                }
            }
        }
        if image.digest().is_none() {
            if let Some(finding) = self.latest_finding(image, &info, options).await {
                findings.push(finding);
            }
            if options.report_unpinned {
                if let Some(digest) = &info.digest {
                    let mut finding = Finding::new(
                        FindingKind::NotPinned,
                        SeverityHint::Hint,
                        format!("{} is not pinned to a digest", image.familiar()),
                        whole_range(image),
                    );
                    finding.fix = Some(Fix {
                        title: format!("Pin to {digest}"),
                        edits: vec![pin_edit(image, digest)],
                        safe: true,
                    });
                    findings.push(finding);
                }
            }
        }
        findings
    }

    async fn latest_finding(
        &self,
        image: &ImageRef,
        info: &ImageInfo,
        options: &CheckOptions,
    ) -> Option<Finding> {
        let (kind, range, lead) = match image.tag() {
            None => (
                FindingKind::NoTag,
                image.spans().name.clone(),
                format!("{} has no tag, so it uses latest", image.familiar_name()),
            ),
            Some("latest") => (
                FindingKind::LatestTag,
                image
                    .spans()
                    .tag
                    .clone()
                    .unwrap_or_else(|| whole_range(image)),
                format!("{} uses the moving tag latest", image.familiar_name()),
            ),
            Some(_) => return None,
        };
        let concrete = match (&info.digest, options.suggest_concrete_tag) {
            (Some(digest), true) => self.concrete_tag(image, digest).await.ok().flatten(),
            _ => None,
        };
        let mut finding = Finding::new(kind, SeverityHint::Information, lead, range);
        if let Some(tag) = concrete {
            finding
                .message
                .push_str(&format!("; it currently resolves to {tag}"));
            finding.suggestions = vec![tag.clone()];
            finding.fix = Some(Fix {
                title: format!("Use tag {tag}"),
                edits: vec![retag_edit(image, &tag)],
                safe: false,
            });
        }
        Some(finding)
    }

    async fn tag_not_found(&self, image: &ImageRef, options: &CheckOptions) -> Vec<Finding> {
        let tag = image.tag_or_latest();
        let name = image.familiar_name();
        let range = image
            .spans()
            .tag
            .clone()
            .unwrap_or_else(|| image.spans().name.clone());
        let list = self.list_tags(image).await.ok();
        if list.as_ref().is_some_and(|l| !l.repository_found) {
            return vec![Finding::new(
                FindingKind::ImageNotFound,
                SeverityHint::Error,
                format!("image {name} does not exist on {}", image.domain()),
                image.spans().name.clone(),
            )];
        }
        let suggestions = list
            .map(|l| nearest(&l.tags, tag, options.max_suggestions))
            .unwrap_or_default();
        let mut message = format!("tag {tag} does not exist for {name}");
        if !suggestions.is_empty() {
            message.push_str(&format!("; did you mean {}?", suggestions.join(", ")));
        }
        let mut finding = Finding::new(
            FindingKind::TagNotFound,
            SeverityHint::Error,
            message,
            range,
        );
        if let Some(best) = suggestions.first() {
            finding.fix = Some(Fix {
                title: format!("Use tag {best}"),
                edits: vec![retag_edit(image, best)],
                safe: false,
            });
        }
        finding.suggestions = suggestions;
        vec![finding]
    }
}

/// A lookup failure as at most one quiet finding. Offline mode and excluded hosts are
/// the user's choice and produce nothing.
fn error_finding(image: &ImageRef, error: &LookupError) -> Option<Finding> {
    let range = whole_range(image);
    match error {
        LookupError::Offline | LookupError::HostNotAllowed { .. } | LookupError::InvalidReference(_) => None,
        LookupError::Unauthorized { host } => Some(Finding::new(
            FindingKind::NoAccess,
            SeverityHint::Information,
            format!(
                "cannot verify {}: {host} refused access (the image may be private or not exist; try docker login)",
                image.familiar()
            ),
            range,
        )),
        other => Some(Finding::new(
            FindingKind::RegistryUnreachable,
            SeverityHint::Hint,
            format!("could not check {} against its registry: {other}", image.familiar()),
            range,
        )),
    }
}
