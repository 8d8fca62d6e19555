//! Edits of an image reference computed from its spans: pin a digest, change the tag.
//! Ranges are byte offsets in the text the reference was parsed from; callers shift
//! them into their file.

use std::ops::Range;

use crate::ImageRef;

/// A text edit inside the image text (byte offsets relative to its start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
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

/// Applies edits (non-overlapping, any order) to `text`; `None` when one does not fit.
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
