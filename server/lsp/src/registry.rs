//! Registry features: FROM images resolved against real registries through one shared,
//! lazily created [`Resolver`]. The registry's answers are passed to the linter, whose
//! registry rules (`DR…`, and InvalidBaseImagePlatform) report them under the same
//! codes, messages, fixes, pragmas and settings as `dlint check --registry`; they arrive
//! as a slow source after the lint diagnostics (never delaying them). Hover, tag
//! completion and the pin / retag code actions ask the same resolver with a short bound.
//!
//! Lookups are scheduled on open, save and after [`DEBOUNCE`] of quiet following a
//! change, never per keystroke.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use dlint_linter::rules::registry::{from_lookups, reports_from_facts};
use dlint_linter::Settings;
use dlint_registry::reference::{pin_edit, retag_and_pin_edit, retag_edit, Edit};
use dlint_registry::{FromImage, ImageRef, LookupOptions, Resolver, ResolverOptions};
use dlint_syntax::Span;
use tower_lsp_server::ls_types::{self as lsp, TextEdit};

use crate::convert::Encoding;
use crate::store::Snapshot;

/// Quiet time after the last change before the registry is asked.
pub const DEBOUNCE: Duration = Duration::from_millis(500);
/// How long hover, completion and code actions wait for a lookup.
pub const INTERACTIVE_WAIT: Duration = Duration::from_secs(2);
/// Bound of one background check of a file (the resolver has its own, longer, bound).
const CHECK_TIMEOUT: Duration = Duration::from_secs(20);

/// The `dlint.registry` settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrySettings {
    pub enabled: bool,
    pub allow_hosts: Vec<String>,
    pub deny_hosts: Vec<String>,
    pub insecure_registries: Vec<String>,
    pub offline: bool,
}

impl Default for RegistrySettings {
    fn default() -> Self {
        RegistrySettings {
            // On by default in the editor: the lookups are cached, bounded and in the
            // background.
            enabled: true,
            allow_hosts: Vec::new(),
            deny_hosts: Vec::new(),
            insecure_registries: Vec::new(),
            offline: false,
        }
    }
}

/// The shared resolver, rebuilt when its settings change.
#[derive(Default)]
pub struct Registry {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    settings: RegistrySettings,
    resolver: Option<Arc<Resolver>>,
    /// Why the resolver could not be created (reported once per settings).
    failed: bool,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// New settings; the resolver is rebuilt on next use if they differ.
    pub fn configure(&self, settings: RegistrySettings) {
        let mut state = self.lock();
        if state.settings != settings {
            *state = State {
                settings,
                resolver: None,
                failed: false,
            };
        }
    }

    /// The resolver, created on first use; `Ok(None)` when the feature is off, `Err` the
    /// first time creating it fails (later calls give `Ok(None)`, so it is reported once).
    pub fn resolver(&self) -> Result<Option<Arc<Resolver>>, String> {
        let mut state = self.lock();
        if !state.settings.enabled || state.failed {
            return Ok(None);
        }
        if let Some(r) = &state.resolver {
            return Ok(Some(r.clone()));
        }
        let s = &state.settings;
        let options = ResolverOptions {
            offline: s.offline,
            allow_hosts: s.allow_hosts.clone(),
            deny_hosts: s.deny_hosts.clone(),
            insecure_registries: s.insecure_registries.clone(),
            ..ResolverOptions::default()
        };
        match Resolver::new(options) {
            Ok(r) => {
                let r = Arc::new(r);
                state.resolver = Some(r.clone());
                Ok(Some(r))
            }
            Err(e) => {
                state.failed = true;
                Err(e.to_string())
            }
        }
    }
}

/// One external FROM image of a document.
#[derive(Clone, Debug)]
pub struct FromWord {
    /// The image text after global-ARG expansion.
    pub image: String,
    pub platform: Option<String>,
    /// The word as written in the document.
    pub span: Span,
    /// The word needed no expansion, so offsets in `image` are offsets in the word and
    /// edits can be applied.
    pub verbatim: bool,
}

/// The FROM images worth asking a registry about: the linter's one selection
/// (`from_lookups`: external bases whose expansion is fully known), for `settings`'
/// platform.
pub fn from_words_for(snap: &Snapshot, settings: &Settings) -> Vec<FromWord> {
    from_lookups(&snap.text, &snap.syntax, snap.model(), settings)
        .into_iter()
        .map(|l| FromWord {
            image: l.image,
            platform: l.platform,
            span: l.span,
            verbatim: l.verbatim,
        })
        .collect()
}

/// [`from_words_for`] where the platform does not matter (hover, completion, actions,
/// and telling whether an edit touched the images).
pub fn from_words(snap: &Snapshot) -> Vec<FromWord> {
    from_words_for(snap, &Settings::default())
}

/// The FROM image words with their ranges: what registry findings depend on, to tell
/// whether findings survive an edit.
pub fn word_key(snap: &Snapshot, enc: Encoding) -> Vec<(String, lsp::Range)> {
    from_words(snap)
        .into_iter()
        .map(|w| (w.image, snap.range(w.span, enc)))
        .collect()
}

/// The FROM image word under `offset` (cursor at its end included).
pub fn word_at(snap: &Snapshot, offset: usize) -> Option<FromWord> {
    from_words(snap)
        .into_iter()
        .find(|w| w.span.start <= offset && offset <= w.span.end)
}

/// Registry diagnostics of one document: the registry's answers about its FROM images,
/// linted with the document's settings, keeping what only those answers can tell.
pub async fn check(
    resolver: &Resolver,
    snap: &Snapshot,
    enc: Encoding,
    settings: &Settings,
) -> Vec<lsp::Diagnostic> {
    let froms: Vec<FromImage> = from_words_for(snap, settings)
        .into_iter()
        .map(|w| FromImage {
            image: w.image,
            platform: w.platform,
        })
        .collect();
    if froms.is_empty() {
        return Vec::new();
    }
    let options = LookupOptions::default();
    let lookups = resolver.lookup_froms(&froms, &options);
    let Ok(facts) = tokio::time::timeout(CHECK_TIMEOUT, lookups).await else {
        return Vec::new();
    };
    let path = snap.uri.to_file_path();
    // Only the findings that need the facts are kept: ShellCheck (a process per script)
    // has nothing to add here.
    let settings = Settings {
        shellcheck: false,
        ..settings.clone()
    };
    let result = dlint_linter::lint_with_facts(
        &snap.text,
        &snap.syntax,
        snap.model(),
        path.as_deref(),
        &settings,
        &facts,
    );
    result
        .diagnostics
        .into_iter()
        .filter(|d| reports_from_facts(d.code))
        .map(|d| crate::diagnostics::to_lsp(snap, enc, d))
        .collect()
}

/// A byte range inside the image text as a document span.
pub fn span_in_word(word: &FromWord, range: &std::ops::Range<usize>) -> Span {
    if word.verbatim && range.end <= word.image.len() {
        Span {
            start: word.span.start + range.start,
            end: word.span.start + range.end,
        }
    } else {
        word.span
    }
}

/// Registry edits as document edits, or `None` when the word was expanded (the edit is
/// about text that is not in the document).
pub fn text_edits(
    snap: &Snapshot,
    enc: Encoding,
    word: &FromWord,
    edits: &[Edit],
) -> Option<Vec<TextEdit>> {
    if !word.verbatim {
        return None;
    }
    Some(
        edits
            .iter()
            .map(|e| {
                TextEdit::new(
                    snap.range(span_in_word(word, &e.range), enc),
                    e.new_text.clone(),
                )
            })
            .collect(),
    )
}

/// Docker Hub pull quota left before interactive lookups stop: the background check of
/// the file matters more than one more hover.
const INTERACTIVE_QUOTA_FLOOR: u64 = 10;

/// Whether interactive features may ask this image's registry.
fn interactive_allowed(resolver: &Resolver, image: &ImageRef) -> bool {
    resolver.host_allowed(image)
        && resolver
            .rate_limit_remaining(image)
            .is_none_or(|left| left >= INTERACTIVE_QUOTA_FLOOR)
}

/// Hover text for a FROM image: registry, digest, platforms and web link.
pub async fn hover_text(resolver: Arc<Resolver>, word: &FromWord) -> Option<String> {
    let image = ImageRef::parse(&word.image).ok()?;
    if !interactive_allowed(&resolver, &image) {
        return None;
    }
    // The offline hover (`crate::hover`) already names the image, its registry and its
    // page; this part only adds what the registry said, and is shown below it.
    let mut out = String::from("**registry**");
    // The lookup runs on after a timeout, so the next hover finds it in the cache.
    let lookup = {
        let image = image.clone();
        tokio::spawn(async move { resolver.resolve(&image, None).await })
    };
    match tokio::time::timeout(INTERACTIVE_WAIT, lookup).await {
        Err(_) => out.push_str("\n\nlooking up…"),
        Ok(Err(_)) => return None,
        Ok(Ok(answer)) => return describe(out, answer),
    }
    Some(out)
}

/// The hover lines for a lookup's answer, after the heading `out`.
fn describe(
    mut out: String,
    answer: Result<dlint_registry::ImageInfo, dlint_registry::LookupError>,
) -> Option<String> {
    match answer {
        // The diagnostics already carry one note about an unreachable registry; a
        // hover repeating it on every mouse move would only be noise.
        Err(_) => return None,
        Ok(info) if !info.exists() => out.push_str(&format!("\n\n`{}` not found", info.reference)),
        Ok(info) => {
            if let Some(digest) = &info.digest {
                out.push_str(&format!("\n\ndigest: `{digest}`"));
            }
            if !info.platforms.is_empty() {
                let list: Vec<String> = info
                    .platforms
                    .iter()
                    .map(|p| p.platform.to_string())
                    .collect();
                out.push_str(&format!("\n\nplatforms: {}", list.join(", ")));
            }
        }
    }
    Some(out)
}

/// Tags for completion when the cursor is after the `:` of a FROM image: the range the
/// tag occupies (to be replaced) and the tags in completion order.
pub async fn tag_completion(
    resolver: &Resolver,
    word: &FromWord,
    offset: usize,
) -> Option<(Span, Vec<String>)> {
    if !word.verbatim {
        return None;
    }
    let within = offset.checked_sub(word.span.start)?;
    let before = word.image.get(..within)?;
    // The tag colon comes after the last `/` (a colon before it is a registry port).
    let colon = before
        .rfind(':')
        .filter(|c| before.rfind('/').is_none_or(|s| s < *c))?;
    let tag_end = word.image.find('@').unwrap_or(word.image.len());
    let current = &word.image[colon + 1..tag_end];
    // The name without the tag, so a half-typed tag still parses.
    let image = ImageRef::parse(&word.image[..colon]).ok()?;
    if !interactive_allowed(resolver, &image) {
        return None;
    }
    let list = tokio::time::timeout(INTERACTIVE_WAIT, resolver.list_tags(&image))
        .await
        .ok()?
        .ok()?;
    let ordered = dlint_registry::tags::completion_order(&list.tags, Some(current));
    let span = Span {
        start: word.span.start + colon + 1,
        end: word.span.start + tag_end,
    };
    Some((span, ordered))
}

/// "Pin" and "Use newest tag" edits for a FROM image, as (title, edit). An image on
/// `latest` (or without a tag) is pinned to the version tag it resolves to and its
/// digest (`app:1.2.3@sha256:…`), as DR005's fix does; others keep their tag.
pub async fn image_actions(resolver: &Resolver, word: &FromWord) -> Vec<(String, Edit)> {
    let Ok(image) = ImageRef::parse(&word.image) else {
        return Vec::new();
    };
    if !word.verbatim || !interactive_allowed(resolver, &image) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if image.digest().is_none() {
        let pin = tokio::time::timeout(INTERACTIVE_WAIT, pin_action(resolver, &image)).await;
        if let Ok(Some(action)) = pin {
            out.push(action);
        }
    }
    if let Ok(Ok(Some(tag))) =
        tokio::time::timeout(INTERACTIVE_WAIT, resolver.newer_tag(&image)).await
    {
        out.push((
            format!("Use newest tag of this variant and major version: {tag}"),
            retag_edit(&image, &tag),
        ));
    }
    out
}

/// The pin action of an image without a digest.
async fn pin_action(resolver: &Resolver, image: &ImageRef) -> Option<(String, Edit)> {
    let info = resolver.resolve(image, None).await.ok()?;
    let digest = info.digest.as_deref().filter(|_| info.exists())?;
    if image.tag().is_some_and(|t| t != "latest") {
        return Some((format!("Pin to digest {digest}"), pin_edit(image, digest)));
    }
    let tag = resolver.concrete_tag(image, digest).await.ok().flatten();
    let tag = tag.as_deref().unwrap_or("latest");
    Some((
        format!("Pin to {tag}@{digest}"),
        retag_and_pin_edit(image, tag, digest),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn snapshot(text: &str) -> Arc<Snapshot> {
        let uri: lsp::Uri = "file:///t/Dockerfile".parse().unwrap();
        Store::default().open(uri, text, 1).unwrap()
    }

    #[test]
    fn only_external_images_with_known_text_are_looked_up() {
        let text = "ARG TAG=3.20\nARG UNSET\nFROM alpine:${TAG} AS base\nFROM base\nFROM scratch\nFROM img:$UNSET\nFROM --platform=linux/arm64 debian:12\n";
        let words = from_words(&snapshot(text));
        let images: Vec<(&str, bool, Option<&str>)> = words
            .iter()
            .map(|w| (w.image.as_str(), w.verbatim, w.platform.as_deref()))
            .collect();
        assert_eq!(
            images,
            [
                ("alpine:3.20", false, Some("linux/amd64")),
                ("debian:12", true, Some("linux/arm64"))
            ]
        );
        let debian = &words[1];
        assert_eq!(&text[debian.span.start..debian.span.end], "debian:12");
    }

    #[test]
    fn finding_ranges_map_into_the_word_only_when_verbatim() {
        let snap = snapshot("FROM alpine:3.2\n");
        let word = word_at(&snap, 8).unwrap();
        // The tag, inside the image text.
        let span = span_in_word(&word, &(7..10));
        assert_eq!(&snap.text[span.start..span.end], "3.2");
        // A range past the text (a stale finding) falls back to the whole word.
        assert_eq!(span_in_word(&word, &(7..40)), word.span);
        let expanded = FromWord {
            verbatim: false,
            ..word.clone()
        };
        assert_eq!(span_in_word(&expanded, &(7..10)), word.span);
        let edit = Edit {
            range: 10..10,
            new_text: "@sha256:00".into(),
        };
        assert!(text_edits(
            &snap,
            Encoding::Utf16,
            &expanded,
            std::slice::from_ref(&edit)
        )
        .is_none());
        let edits = text_edits(&snap, Encoding::Utf16, &word, &[edit]).unwrap();
        assert_eq!(edits[0].range.start.character, 15);
    }
}
