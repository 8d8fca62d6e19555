//! Diagnostics: computing them from a snapshot, converting them to LSP, and publishing.
//!
//! Publishing is "latest wins": each document has at most one analysis running; changes
//! that arrive meanwhile only replace the pending snapshot, so a burst of keystrokes
//! costs one analysis of the newest text instead of one per keystroke, without adding a
//! fixed delay to a single edit. Every publish carries the version it was computed for.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use dlint_syntax::Span;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticSeverity, NumberOrString, TextEdit, Uri,
};
use tower_lsp_server::Client;

use crate::convert::Encoding;
use crate::store::Snapshot;

/// Shown as the diagnostic's `source`.
pub const SOURCE: &str = "dlint";

/// A finding in byte offsets, whatever produced it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: String,
    pub severity: DiagnosticSeverity,
    pub message: String,
    pub span: Span,
    pub url: Option<String>,
    pub fix: Option<FindingFix>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FindingFix {
    pub title: String,
    /// Safe fixes are preferred quick fixes and go into `source.fixAll`.
    pub safe: bool,
    pub edits: Vec<(Span, String)>,
}

/// What a diagnostic carries in `data`, so code actions need no re-lint.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticData {
    /// The document version the edits apply to.
    pub version: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixData>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixData {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<TextEdit>,
}

/// The fast findings of a snapshot: everything that needs no process or network.
pub fn findings(snap: &Snapshot) -> Vec<Finding> {
    let mut out: Vec<Finding> = snap
        .syntax
        .errors
        .iter()
        .map(|e| Finding {
            code: "syntax-error".into(),
            severity: DiagnosticSeverity::ERROR,
            message: e.message.clone(),
            span: e.span,
            url: None,
            fix: None,
        })
        .collect();
    if let Some(panic) = &snap.parse_panic {
        out.push(internal_error(format!(
            "the parser failed on this text: {panic}"
        )));
    }
    out
}

/// One diagnostic at the top of the file saying dlint itself failed.
pub fn internal_error(message: String) -> Finding {
    Finding {
        code: "internal-error".into(),
        severity: DiagnosticSeverity::ERROR,
        message: format!("dlint internal error (please report): {message}"),
        span: Span::empty(0),
        url: None,
        fix: None,
    }
}

pub fn to_lsp(snap: &Snapshot, enc: Encoding, finding: &Finding) -> lsp::Diagnostic {
    let range = |span: Span| snap.lines.range(&snap.text, span, enc);
    let data = DiagnosticData {
        version: snap.version,
        fix: finding.fix.as_ref().map(|fix| FixData {
            title: fix.title.clone(),
            safe: fix.safe,
            edits: fix
                .edits
                .iter()
                .map(|(span, text)| TextEdit::new(range(*span), text.clone()))
                .collect(),
        }),
    };
    lsp::Diagnostic {
        range: range(finding.span),
        severity: Some(finding.severity),
        code: Some(NumberOrString::String(finding.code.clone())),
        code_description: finding
            .url
            .as_deref()
            .and_then(|u| u.parse().ok())
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.into()),
        message: finding.message.clone(),
        related_information: None,
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

/// Computes the LSP diagnostics of a snapshot, containing any panic in the analysis.
pub fn compute(snap: &Snapshot, enc: Encoding) -> Vec<lsp::Diagnostic> {
    let found = crate::guard::quietly("diagnostics", || findings(snap)).unwrap_or_else(|| {
        vec![internal_error(
            "the analysis panicked; see the server log".into(),
        )]
    });
    found.iter().map(|f| to_lsp(snap, enc, f)).collect()
}

#[derive(Default)]
struct DocQueue {
    pending: Option<Arc<Snapshot>>,
    running: bool,
    /// The last diagnostics computed, for pull requests on an unchanged version.
    last: Option<(i32, Arc<Vec<lsp::Diagnostic>>)>,
}

/// Per-document publishing state.
#[derive(Default)]
pub struct Publisher {
    queues: Mutex<HashMap<Uri, DocQueue>>,
}

impl Publisher {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uri, DocQueue>> {
        self.queues.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `snap` for analysis and publishing; starts a worker if none is running.
    pub fn schedule(self: &Arc<Self>, client: Client, enc: Encoding, snap: Arc<Snapshot>) {
        let uri = snap.uri.clone();
        {
            let mut queues = self.lock();
            let q = queues.entry(uri.clone()).or_default();
            q.pending = Some(snap);
            if q.running {
                return;
            }
            q.running = true;
        }
        let this = self.clone();
        tokio::spawn(async move { this.work(client, enc, uri).await });
    }

    async fn work(self: Arc<Self>, client: Client, enc: Encoding, uri: Uri) {
        loop {
            // Let change notifications already read from the pipe land first, so a burst
            // is analysed once, at its last version.
            tokio::task::yield_now().await;
            let Some(snap) = self.take_pending(&uri) else {
                return;
            };
            let diags = Arc::new(compute(&snap, enc));
            if !self.record(&uri, snap.version, diags.clone()) {
                continue;
            }
            client
                .publish_diagnostics(uri.clone(), (*diags).clone(), Some(snap.version))
                .await;
        }
    }

    fn take_pending(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        let mut queues = self.lock();
        let q = queues.get_mut(uri)?;
        let snap = q.pending.take();
        if snap.is_none() {
            q.running = false;
        }
        snap
    }

    /// Stores the result; false when a newer snapshot is already waiting (publishing
    /// this one would only flash stale diagnostics) or the document was closed.
    fn record(&self, uri: &Uri, version: i32, diags: Arc<Vec<lsp::Diagnostic>>) -> bool {
        let mut queues = self.lock();
        let Some(q) = queues.get_mut(uri) else {
            return false;
        };
        q.last = Some((version, diags));
        q.pending.is_none()
    }

    /// Diagnostics for a pull request: cached when the version matches, else computed.
    pub fn pull(&self, snap: &Snapshot, enc: Encoding) -> Arc<Vec<lsp::Diagnostic>> {
        if let Some((v, d)) = self.lock().get(&snap.uri).and_then(|q| q.last.clone()) {
            if v == snap.version {
                return d;
            }
        }
        let diags = Arc::new(compute(snap, enc));
        if let Some(q) = self.lock().get_mut(&snap.uri) {
            q.last = Some((snap.version, diags.clone()));
        }
        diags
    }

    /// Forgets a closed document. A worker still running for it stops publishing.
    pub fn forget(&self, uri: &Uri) {
        self.lock().remove(uri);
    }
}
