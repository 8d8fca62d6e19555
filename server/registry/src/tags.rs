//! Tag arithmetic without network: version-aware ordering (newest first), variant
//! suffixes (`-alpine`, `-slim-bookworm`), nearest tags by edit distance for "tag not
//! found", and "the newest tag of the same variant and major version" for upgrades.

use std::cmp::Ordering;

/// A tag split into its version numbers and variant suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagShape<'a> {
    /// The tag as written.
    pub tag: &'a str,
    /// Numeric components of the leading version (`3.20.1` → `[3, 20, 1]`); empty for
    /// tags like `latest` or `bookworm`.
    pub numbers: Vec<u64>,
    /// Everything after the version and its `-`: `alpine3.20`, `slim-bookworm`, `rc1`.
    pub suffix: &'a str,
    /// The suffix with version digits removed (`alpine3.20` → `alpine`), so tags of one
    /// variant group together across distribution releases.
    pub variant: String,
    /// A pre-release (`-rc1`, `-beta`, `-alpha`, `-dev`, `-pre`): never an upgrade target.
    pub prerelease: bool,
}

/// Splits a tag into version numbers and suffix. A leading `v` is accepted.
pub fn shape(tag: &str) -> TagShape<'_> {
    let body = tag
        .strip_prefix('v')
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(tag);
    let mut numbers = Vec::new();
    let mut rest = body;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        // Very long digit runs are dates or hashes, not versions.
        if digits == 0 || digits > 12 {
            break;
        }
        numbers.push(rest[..digits].parse::<u64>().unwrap_or(0));
        rest = &rest[digits..];
        match rest.strip_prefix('.') {
            Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => rest = after,
            _ => break,
        }
    }
    let suffix = if numbers.is_empty() {
        tag
    } else {
        rest.trim_start_matches(['-', '_', '.'])
    };
    let variant = if numbers.is_empty() {
        String::new()
    } else {
        variant_family(suffix)
    };
    let prerelease = !numbers.is_empty() && is_prerelease(suffix);
    TagShape {
        tag,
        numbers,
        suffix,
        variant,
        prerelease,
    }
}

fn variant_family(suffix: &str) -> String {
    let mut out = String::new();
    for part in suffix.split(['-', '_']) {
        let letters: String = part
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .to_string();
        if !letters.is_empty() && !is_prerelease(&letters) {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(&letters);
        }
    }
    out
}

fn is_prerelease(suffix: &str) -> bool {
    let lower = suffix.to_ascii_lowercase();
    let words = [
        "rc", "alpha", "beta", "dev", "pre", "preview", "snapshot", "nightly",
    ];
    lower.split(['-', '_', '.']).any(|part| {
        let numbered = |prefix: &str| {
            part.strip_prefix(prefix)
                .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()))
        };
        // Python-style `3.15.0a1` / `3.15.0b2` carry `a<n>` / `b<n>` right after the
        // version.
        words.iter().any(|w| numbered(w)) || ((numbered("a") || numbered("b")) && part.len() > 1)
    })
}

/// Newest-first order: version tags by their numbers (more specific first on a tie, so
/// `3.20.1` before `3.20` before `3`), releases before pre-releases, then tags without a
/// version alphabetically.
pub fn compare_newest_first(a: &str, b: &str) -> Ordering {
    newest_first_key(a).cmp(&newest_first_key(b))
}

/// The sort key behind [`compare_newest_first`], so long lists can compute it once per
/// tag instead of once per comparison.
fn newest_first_key(tag: &str) -> (bool, std::cmp::Reverse<Vec<u64>>, bool, usize, String) {
    let s = shape(tag);
    let unversioned = s.numbers.is_empty();
    let suffix_len = if unversioned { 0 } else { s.suffix.len() };
    (
        unversioned,
        std::cmp::Reverse(s.numbers),
        s.prerelease,
        suffix_len,
        tag.to_string(),
    )
}

/// Sorts tags newest first and removes duplicates (registries return them in storage
/// order, GHCR oldest first).
pub fn sort_newest_first(tags: &mut Vec<String>) {
    tags.sort_by_cached_key(|t| newest_first_key(t));
    tags.dedup();
}

/// Completion order relative to the tag being replaced: tags of the same variant first
/// (`-alpine` next to `-alpine`), each group newest first.
pub fn completion_order(tags: &[String], current: Option<&str>) -> Vec<String> {
    let wanted = current.map(|c| shape(c).variant).unwrap_or_default();
    let mut out: Vec<String> = tags.to_vec();
    out.sort_by_cached_key(|t| (shape(t).variant != wanted, newest_first_key(t)));
    out.dedup();
    out
}

/// Up to `limit` tags closest to `missing` by edit distance (ties: newest first). Tags
/// further than half the length of `missing` (at least 2 edits) are not suggested.
pub fn nearest(tags: &[String], missing: &str, limit: usize) -> Vec<String> {
    let max = (missing.chars().count() / 2).max(2);
    let mut scored: Vec<(usize, &String)> = tags
        .iter()
        // The distance is at least the length difference: skip hopeless tags cheaply.
        .filter(|t| t.chars().count().abs_diff(missing.chars().count()) <= max)
        .map(|t| (edit_distance(t, missing), t))
        .filter(|(d, _)| *d <= max)
        .collect();
    scored.sort_by(|(da, a), (db, b)| da.cmp(db).then_with(|| compare_newest_first(a, b)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, t)| t.clone())
        .collect()
}

/// The newest release tag with the same variant, the same major version and the same
/// number of version components as `current` that is newer than it (`3.19-alpine` →
/// `3.21-alpine`, not `4.0-alpine` nor `3.21.2-alpine`).
pub fn newest_same_variant_and_major(tags: &[String], current: &str) -> Option<String> {
    let cur = shape(current);
    let major = *cur.numbers.first()?;
    tags.iter()
        .filter(|t| {
            let s = shape(t);
            s.numbers.first() == Some(&major)
                && s.numbers.len() == cur.numbers.len()
                && digit_pattern(s.suffix) == digit_pattern(cur.suffix)
                && !s.prerelease
                && s.numbers > cur.numbers
        })
        .min_by(|a, b| compare_newest_first(a, b))
        .cloned()
}

/// Suffixes like `alpine3.20` carry their own version: those digits may differ but the
/// words and the shape must not (`alpine3.20` and `alpine3.21` match, `alpine` does not).
fn digit_pattern(suffix: &str) -> String {
    let mut out = String::new();
    let mut in_digits = false;
    for c in suffix.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('0');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b_chars.len()).collect();
    let mut cur = vec![0; b_chars.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b_chars.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b_chars.len()]
}
