//! Registry findings as plain data: kind, message, a severity hint, the byte range in
//! the image text they are about, and fix edits. No dependency on the linter or LSP:
//! they convert these into their own diagnostics and code actions.

use std::ops::Range;

use crate::reference::ImageRef;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// The text is not a valid image reference.
    InvalidReference,
    /// The registry does not know the repository.
    ImageNotFound,
    /// The repository exists, the tag does not.
    TagNotFound,
    /// The repository exists, the pinned digest does not.
    DigestNotFound,
    /// `FROM --platform` (or the build's default platform) is not offered by the image.
    PlatformNotOffered,
    /// The tag is `latest`.
    LatestTag,
    /// No tag and no digest (so `latest`).
    NoTag,
    /// `image:tag@digest` where the tag now points at another digest.
    DigestOutdated,
    /// Not pinned to a digest (only reported when asked for).
    NotPinned,
    /// 401/403 after authenticating: cannot verify.
    NoAccess,
    /// The registry could not be reached, timed out or is rate limiting.
    RegistryUnreachable,
}

/// How loud a finding should be; the linter maps this onto its own severities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SeverityHint {
    Error,
    Warning,
    Information,
    Hint,
}

/// A text edit inside the image text (byte offsets relative to its start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// A fix: a title for the code action and its edits. `safe` fixes keep the build
/// identical (pinning the digest it already uses); unsafe ones change the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub safe: bool,
}

/// One registry finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: SeverityHint,
    pub message: String,
    /// Range in the image text the finding is about.
    pub range: Range<usize>,
    /// Suggested replacements (nearest tags, offered platforms) for messages and quick
    /// picks.
    pub suggestions: Vec<String>,
    pub fix: Option<Fix>,
}

impl Finding {
    /// A finding without suggestions or fix.
    pub fn new(
        kind: FindingKind,
        severity: SeverityHint,
        message: String,
        range: Range<usize>,
    ) -> Finding {
        Finding {
            kind,
            severity,
            message,
            range,
            suggestions: Vec::new(),
            fix: None,
        }
    }
}

/// The range of the whole reference (name, tag and digest).
pub fn whole_range(image: &ImageRef) -> Range<usize> {
    let spans = image.spans();
    let end = spans
        .digest
        .as_ref()
        .or(spans.tag.as_ref())
        .map(|r| r.end)
        .unwrap_or(spans.name.end);
    spans.name.start..end
}

/// Edit that pins `image` to `digest`: replaces an existing digest, else appends
/// `@digest` after the tag (or name).
pub fn pin_edit(image: &ImageRef, digest: &str) -> Edit {
    let spans = image.spans();
    match &spans.digest {
        Some(range) => Edit {
            range: range.clone(),
            new_text: digest.to_string(),
        },
        None => {
            let at = spans.tag.as_ref().map(|r| r.end).unwrap_or(spans.name.end);
            Edit {
                range: at..at,
                new_text: format!("@{digest}"),
            }
        }
    }
}

/// Edit that changes the tag to `tag` (and drops a digest, which would otherwise win
/// over the new tag).
pub fn retag_edit(image: &ImageRef, tag: &str) -> Edit {
    let spans = image.spans();
    let end = whole_range(image).end;
    match &spans.tag {
        Some(range) => Edit {
            range: range.start..end,
            new_text: tag.to_string(),
        },
        None => Edit {
            range: spans.name.end..end,
            new_text: format!(":{tag}"),
        },
    }
}

/// Edit that sets the tag and pins the digest in one go: `name:tag@digest`.
pub fn retag_and_pin_edit(image: &ImageRef, tag: &str, digest: &str) -> Edit {
    let mut edit = retag_edit(image, tag);
    edit.new_text.push('@');
    edit.new_text.push_str(digest);
    edit
}

/// Applies edits (non-overlapping, any order) to `text`. For tests and the CLI.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for edit in sorted {
        if edit.range.end > out.len()
            || edit.range.start > edit.range.end
            || !out.is_char_boundary(edit.range.start)
            || !out.is_char_boundary(edit.range.end)
        {
            return None;
        }
        out.replace_range(edit.range.clone(), &edit.new_text);
    }
    Some(out)
}
