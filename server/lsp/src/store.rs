//! Open documents, keyed by URI, and the incremental sync that keeps them equal to the
//! client's copy.
//!
//! `didChange` handlers may run interleaved (tower-lsp-server polls several handlers at
//! once), so every change batch is applied under one synchronous lock with no `.await`
//! in between, and readers only ever see an immutable [`Snapshot`].

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use dlint_semantic::Model;

use dlint_syntax::document::Document;
use dlint_syntax::Dockerfile;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::convert::{Encoding, LineIndex};

/// An immutable view of one document version: what every request handler works on.
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub text: Arc<str>,
    pub lines: LineIndex,
    pub syntax: Arc<Dockerfile>,
    /// Set when the parser panicked on this text: `syntax` is then from an older text
    /// (or empty) and the message is reported once as an internal-error diagnostic.
    pub parse_panic: Option<String>,
    /// The semantic model, built on first use: most keystrokes only need diagnostics.
    model: OnceLock<Arc<Model>>,
}

impl Snapshot {
    /// The LSP range of a byte span.
    pub fn range(
        &self,
        span: dlint_syntax::Span,
        enc: Encoding,
    ) -> tower_lsp_server::ls_types::Range {
        self.lines.range(&self.text, span, enc)
    }

    /// The byte offset of a request position; a position outside the document is the
    /// client's error and is answered as invalid params.
    pub fn offset(
        &self,
        pos: tower_lsp_server::ls_types::Position,
        enc: Encoding,
    ) -> tower_lsp_server::jsonrpc::Result<usize> {
        self.lines
            .offset(&self.text, pos, enc)
            .map_err(|e| crate::server::invalid_params(e.to_string()))
    }

    /// The semantic model of this version (stages, ARG/ENV scoping, references). An
    /// analysis panic yields an empty model, logged, so editor features degrade instead
    /// of failing.
    pub fn model(&self) -> &Arc<Model> {
        self.model.get_or_init(|| {
            Arc::new(
                guarded(|| dlint_semantic::analyze(&self.syntax)).unwrap_or_else(|panic| {
                    tracing::error!(%panic, "semantic analysis panicked");
                    Model::default()
                }),
            )
        })
    }

    /// The 0-based LSP line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.lines.line_of(offset) as u32
    }

    fn of(uri: &Uri, doc: &Document, parse_panic: Option<String>) -> Snapshot {
        Snapshot::with_lines(uri, doc, parse_panic, LineIndex::new(doc.text()))
    }

    fn with_lines(
        uri: &Uri,
        doc: &Document,
        parse_panic: Option<String>,
        lines: LineIndex,
    ) -> Snapshot {
        Snapshot {
            uri: uri.clone(),
            version: doc.version(),
            text: Arc::from(doc.text()),
            lines,
            syntax: doc.syntax().clone(),
            parse_panic,
            model: OnceLock::new(),
        }
    }
}

struct Entry {
    doc: Document,
    snapshot: Arc<Snapshot>,
}

/// Why a change batch was refused. The document keeps the state it had before the batch.
#[derive(Debug, PartialEq, Eq)]
pub enum SyncError {
    NotOpen,
    /// The new version is older than the one we hold.
    StaleVersion {
        have: i32,
        got: i32,
    },
    BadRange(String),
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::NotOpen => f.write_str("document is not open"),
            SyncError::StaleVersion { have, got } => {
                write!(f, "version {got} is older than the current version {have}")
            }
            SyncError::BadRange(why) => write!(f, "bad change range: {why}"),
        }
    }
}

#[derive(Default)]
pub struct Store {
    docs: Mutex<HashMap<Uri, Entry>>,
}

/// Runs a parse (inside `Document`), turning a parser panic into a message.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| crate::guard::panic_message(&*payload))
}

impl Store {
    fn lock(&self) -> MutexGuard<'_, HashMap<Uri, Entry>> {
        // A panic while holding the lock cannot leave a half-applied batch visible to
        // readers (they only see snapshots), so a poisoned lock is still usable.
        self.docs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Opens (or reopens) a document. Fails only when the parser panics on the text.
    pub fn open(&self, uri: Uri, text: &str, version: i32) -> Result<Arc<Snapshot>, String> {
        let doc = guarded(|| Document::new(text, version))?;
        let snapshot = Arc::new(Snapshot::of(&uri, &doc, None));
        self.lock().insert(
            uri,
            Entry {
                doc,
                snapshot: snapshot.clone(),
            },
        );
        Ok(snapshot)
    }

    pub fn close(&self, uri: &Uri) -> bool {
        self.lock().remove(uri).is_some()
    }

    pub fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.lock().get(uri).map(|e| e.snapshot.clone())
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.lock().keys().cloned().collect()
    }

    /// Applies one `didChange` batch in order. Each range is relative to the text left by
    /// the previous change; a change without a range replaces the whole text. On any error
    /// the whole batch is rolled back, so the server never holds a half-applied batch.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> Result<Arc<Snapshot>, SyncError> {
        let mut docs = self.lock();
        let entry = docs.get_mut(uri).ok_or(SyncError::NotOpen)?;
        let have = entry.doc.version();
        // Equal versions are tolerated (some clients reuse one for a batch split in
        // two); going backwards means we and the client disagree about history.
        if version < have {
            return Err(SyncError::StaleVersion { have, got: version });
        }
        // The current snapshot holds the same text: keeping it costs no copy.
        let before = entry.snapshot.text.clone();
        // When nothing else holds the current snapshot, let go of its syntax so the
        // document edits its own in place instead of copying the whole tree (about a
        // millisecond on a 5,000-line file). The snapshot is rebuilt below either way.
        if let Some(only) = Arc::get_mut(&mut entry.snapshot) {
            only.syntax = Arc::default();
        }
        let mut parse_panic = None;
        let mut result = Ok(());
        // The one edit of a single-change batch (nearly every keystroke), in bytes of the
        // text before it: the new line index is then the old one edited.
        let mut only_edit = None;
        for (i, change) in changes.iter().enumerate() {
            let step = match change.range {
                None => guarded(|| entry.doc.replace_all(&change.text)),
                Some(range) => {
                    // The line index must describe the text as it is after the previous
                    // change of the batch: the snapshot's for the first change, else a new
                    // one (a batch has few changes).
                    let text = entry.doc.text();
                    let rebuilt;
                    let lines = if i == 0 {
                        &entry.snapshot.lines
                    } else {
                        rebuilt = LineIndex::new(text);
                        &rebuilt
                    };
                    let span = match lines.span(text, range, enc) {
                        Ok(span) => span,
                        Err(e) => {
                            result = Err(SyncError::BadRange(e.to_string()));
                            break;
                        }
                    };
                    if changes.len() == 1 {
                        only_edit = Some((span.range(), change.text.len()));
                    }
                    match guarded(|| entry.doc.apply_edit(span, &change.text)) {
                        Ok(Ok(())) => Ok(()),
                        Ok(Err(e)) => {
                            result = Err(SyncError::BadRange(e.to_string()));
                            break;
                        }
                        Err(panic) => Err(panic),
                    }
                }
            };
            // A parser panic happens after the text was updated, so the text is right and
            // only the syntax is stale; keep going and report the panic.
            if let Err(panic) = step {
                parse_panic = Some(panic);
            }
        }
        if let Err(e) = result {
            if guarded(|| entry.doc.replace_all(&before)).is_err() {
                tracing::error!("parser panicked while rolling back a refused change");
            }
            entry.snapshot = Arc::new(Snapshot::of(uri, &entry.doc, None));
            return Err(e);
        }
        entry.doc.set_version(version);
        let lines = match only_edit {
            Some((old, new_len)) => entry.snapshot.lines.edited(entry.doc.text(), old, new_len),
            None => LineIndex::new(entry.doc.text()),
        };
        entry.snapshot = Arc::new(Snapshot::with_lines(uri, &entry.doc, parse_panic, lines));
        Ok(entry.snapshot.clone())
    }
}
