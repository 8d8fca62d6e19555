//! Diagnostics: computing them from a snapshot, converting them to LSP, and publishing.
//!
//! Publishing is "latest wins": each document has at most one analysis running; changes
//! that arrive meanwhile only replace the pending snapshot, so a burst of keystrokes
//! costs one analysis of the newest text instead of one per keystroke, without adding a
//! fixed delay to a single edit. Every publish carries the version it was computed for.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use dlint_linter::{Applicability, Diagnostic, Settings, Severity};
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
    /// Safe fixes are preferred quick fixes and go into `source.fixAll.dlint`.
    pub safe: bool,
    pub edits: Vec<TextEdit>,
}

/// Everything a lint run needs besides the document.
#[derive(Clone)]
pub struct LintConfig {
    pub encoding: Encoding,
    pub settings: Arc<Settings>,
}

/// The fast findings of a snapshot: everything that needs no process or network.
pub fn findings(snap: &Snapshot, settings: &Settings) -> Vec<Diagnostic> {
    let path = snap.uri.to_file_path();
    let mut out = dlint_linter::lint_parsed(&snap.text, &snap.syntax, path.as_deref(), settings);
    if let Some(panic) = &snap.parse_panic {
        out.push(internal_error(format!(
            "the parser failed on this text: {panic}"
        )));
    }
    out
}

/// One diagnostic at the top of the file saying dlint itself failed.
pub fn internal_error(message: String) -> Diagnostic {
    dlint_linter::rules::dlint::internal_error::RULE.diag(
        Span::empty(0),
        format!("internal error (please report): {message}"),
    )
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Style => DiagnosticSeverity::HINT,
    }
}

pub fn to_lsp(snap: &Snapshot, enc: Encoding, finding: &Diagnostic) -> lsp::Diagnostic {
    let range = |span: Span| snap.lines.range(&snap.text, span, enc);
    let data = DiagnosticData {
        version: snap.version,
        // Display-only fixes are advice, never edits.
        fix: finding
            .fix
            .as_ref()
            .filter(|fix| fix.applicability != Applicability::DisplayOnly)
            .map(|fix| FixData {
                title: fix.title.clone(),
                safe: fix.applicability == Applicability::Safe,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| TextEdit::new(range(e.span), e.replacement.clone()))
                    .collect(),
            }),
    };
    lsp::Diagnostic {
        range: range(finding.span),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.to_owned())),
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
pub fn compute(snap: &Snapshot, config: &LintConfig) -> Vec<lsp::Diagnostic> {
    let found = crate::guard::quietly("diagnostics", || findings(snap, &config.settings))
        .unwrap_or_else(|| {
            vec![internal_error(
                "the analysis panicked; see the server log".into(),
            )]
        });
    found
        .iter()
        .map(|f| to_lsp(snap, config.encoding, f))
        .collect()
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
    pub fn schedule(self: &Arc<Self>, client: Client, config: LintConfig, snap: Arc<Snapshot>) {
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
        tokio::spawn(async move { this.work(client, config, uri).await });
    }

    async fn work(self: Arc<Self>, client: Client, config: LintConfig, uri: Uri) {
        loop {
            // Let change notifications already read from the pipe land first, so a burst
            // is analysed once, at its last version.
            tokio::task::yield_now().await;
            let Some(snap) = self.take_pending(&uri) else {
                return;
            };
            let diags = Arc::new(compute(&snap, &config));
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
    pub fn pull(&self, snap: &Snapshot, config: &LintConfig) -> Arc<Vec<lsp::Diagnostic>> {
        if let Some((v, d)) = self.lock().get(&snap.uri).and_then(|q| q.last.clone()) {
            if v == snap.version {
                return d;
            }
        }
        let diags = Arc::new(compute(snap, config));
        if let Some(q) = self.lock().get_mut(&snap.uri) {
            q.last = Some((snap.version, diags.clone()));
        }
        diags
    }

    /// The last diagnostics computed for this exact version, if any (hover reads them
    /// rather than linting again).
    pub fn cached(&self, uri: &Uri, version: i32) -> Option<Arc<Vec<lsp::Diagnostic>>> {
        let queues = self.lock();
        let (v, d) = queues.get(uri)?.last.as_ref()?;
        (*v == version).then(|| d.clone())
    }

    /// Drops every cached result (the settings changed).
    pub fn invalidate(&self) {
        for q in self.lock().values_mut() {
            q.last = None;
        }
    }

    /// Forgets a closed document. A worker still running for it stops publishing.
    pub fn forget(&self, uri: &Uri) {
        self.lock().remove(uri);
    }
}
