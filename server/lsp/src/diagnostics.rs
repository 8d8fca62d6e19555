//! Diagnostics: computing them from a snapshot, converting them to LSP, and publishing.
//!
//! Publishing is "latest wins": each document has at most one analysis running; changes
//! that arrive meanwhile only replace the pending snapshot, so a burst of keystrokes
//! costs one analysis of the newest text instead of one per keystroke, without adding a
//! fixed delay to a single edit. Every publish carries the version it was computed for.
//!
//! Findings come from two kinds of source. The fast one is the lint engine with
//! everything that needs no process or network; it is published as soon as it is done.
//! It runs incrementally ([`LintCache`], one per document): a keystroke re-lints the
//! stages it changed, not the whole file. All fast runs share one long-lived thread
//! ([`on_lint_thread`]), so lints run one at a time and leave a core to the threads that
//! answer requests (only a big file's first lint spreads over the cores); that thread also
//! publishes what it found, so nothing else has to wake up in between. Slow sources
//! ([`SLOW_SOURCES`]: ShellCheck, which runs an external binary) run afterwards on a
//! low-priority thread of their own (`on_background_thread`), one at a time per document
//! and again latest-wins, and their findings are published together with the fast ones
//! of the same version. A slow result for an older version is dropped. Registry findings
//! are async network work scheduled by the server ([`crate::registry`]) and stored here
//! the same way ([`Publisher::record_registry`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use dlint_linter::{Applicability, Diagnostic, LintCache, Settings, Severity};
use dlint_syntax::Span;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticSeverity, NumberOrString, TextEdit, Uri,
};

use crate::convert::Encoding;
use crate::outbox::{DiagnosticSeq, Outbox};
use crate::store::{Snapshot, Store};

/// Shown as the diagnostic's `source`.
pub const SOURCE: &str = "dlint";

/// What a diagnostic with a fix carries in `data`, so code actions need no re-lint
/// (diagnostics without a fix carry no `data`).
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
    /// The publisher's settings generation these settings belong to.
    pub generation: u64,
    /// Why the document's configuration file was not used (shown as one diagnostic).
    pub config_error: Option<String>,
}

impl LintConfig {
    /// The user's settings minus the slow parts (they run as slow sources): ShellCheck
    /// findings come only from its cache, so unchanged scripts keep theirs on every
    /// keystroke while the slow pass checks the changed ones.
    fn fast_settings(&self) -> Settings {
        Settings {
            shellcheck_cached_only: true,
            ..(*self.settings).clone()
        }
    }
}

/// The user is typing or asking for something: background work (ShellCheck processes,
/// republishing what they found) waits until [`SLOW_QUIET`] passes without this.
pub fn user_active() {
    dlint_linter::shellcheck::pause::pause_for(SLOW_QUIET);
}

/// A source of findings too slow to delay the others.
pub struct SlowSource {
    pub name: &'static str,
    /// Whether the settings switch it on at all.
    pub enabled: fn(&Settings) -> bool,
    /// Reads what the slow work needs from the document and returns that work, which
    /// must not hold the document: while it runs (minutes, for ShellCheck on a big file)
    /// the store edits the document's syntax tree in place only if nobody else holds it.
    pub warm: fn(&Snapshot, &Settings) -> Box<dyn FnOnce() + Send>,
    /// The findings once the work is done, quickly (from what the work cached).
    pub run: fn(&Snapshot, &Settings) -> Vec<Diagnostic>,
}

/// How long the text must stay unchanged before a slow source runs again.
pub const SLOW_QUIET: std::time::Duration = std::time::Duration::from_millis(250);

/// How often, at most, a running ShellCheck pass republishes a document with the findings
/// its finished batches added. A big file takes a minute of batches; each republish is a
/// lint and a whole `publishDiagnostics` (100 KB for 5,000 lines) that the editor must
/// read while the user may be asking for completions.
pub const REPUBLISH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

pub const SLOW_SOURCES: &[SlowSource] = &[SlowSource {
    name: "shellcheck",
    enabled: |s| s.shellcheck,
    warm: shellcheck_warm,
    run: shellcheck_findings,
}];

/// Runs ShellCheck over the document's scripts that its cache does not know yet.
fn shellcheck_warm(snap: &Snapshot, settings: &Settings) -> Box<dyn FnOnce() + Send> {
    use dlint_linter::rules::hadolint::shellcheck::scripts_to_check;
    let scripts = scripts_to_check(&snap.text, &snap.syntax, settings);
    Box::new(move || {
        // Failures show up (once) when the findings are read from the cache.
        let _ = dlint_linter::shellcheck::check(&scripts);
    })
}

/// ShellCheck's findings (the `SC` codes): the ShellCheck rule alone, with the engine's
/// selection, pragmas and severities.
fn shellcheck_findings(snap: &Snapshot, settings: &Settings) -> Vec<Diagnostic> {
    let path = snap.uri.to_file_path();
    let only_shellcheck = |r: &dlint_linter::Rule| r.subcodes == "SC";
    dlint_linter::lint_only(
        &snap.text,
        &snap.syntax,
        path.as_deref(),
        settings,
        only_shellcheck,
    )
    .diagnostics
    .into_iter()
    .filter(|d| {
        d.code
            .strip_prefix("SC")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
    .collect()
}

/// The fast findings of a snapshot: everything that needs no process or network.
/// `cache` holds what the document's previous run found, reused where the text is the
/// same.
pub fn findings(snap: &Snapshot, settings: &Settings, cache: &Mutex<LintCache>) -> Vec<Diagnostic> {
    let path = snap.uri.to_file_path();
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = cache
        .lint(&snap.text, &snap.syntax, path.as_deref(), settings)
        .diagnostics;
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

/// The LSP form of a finding (taken by value: its message and fix text move over).
pub fn to_lsp(snap: &Snapshot, enc: Encoding, finding: Diagnostic) -> lsp::Diagnostic {
    let range = |span: Span| snap.lines.range(&snap.text, span, enc);
    let data = DiagnosticData {
        version: snap.version,
        // Display-only fixes are advice, never edits.
        fix: finding
            .fix
            .filter(|fix| fix.applicability != Applicability::DisplayOnly)
            .map(|fix| FixData {
                title: fix.title,
                safe: fix.applicability == Applicability::Safe,
                edits: fix
                    .edits
                    .into_iter()
                    .map(|e| TextEdit::new(range(e.span), e.replacement))
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
            .and_then(rule_doc_uri)
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.into()),
        message: finding.message,
        related_information: None,
        tags: None,
        // Only fixes need `data`: leaving it out of the others keeps a publish of
        // hundreds of findings smaller and quicker to build, copy and parse.
        data: data
            .fix
            .is_some()
            .then(|| serde_json::to_value(data).ok())
            .flatten(),
    }
}

/// A rule's documentation link as a URI, parsed once per link: a publish of hundreds of
/// findings of a few rules would otherwise parse the same few links hundreds of times.
fn rule_doc_uri(url: &str) -> Option<Uri> {
    thread_local! {
        static PARSED: std::cell::RefCell<HashMap<String, Option<Uri>>> = Default::default();
    }
    PARSED.with_borrow_mut(|parsed| {
        if let Some(uri) = parsed.get(url) {
            return uri.clone();
        }
        let uri = url.parse().ok();
        // Rule links are a fixed set; the bound only guards against surprises.
        if parsed.len() < 1024 {
            parsed.insert(url.to_owned(), uri.clone());
        }
        uri
    })
}

/// Computes the LSP diagnostics of a snapshot, containing any panic in the analysis.
pub fn compute(
    snap: &Snapshot,
    config: &LintConfig,
    cache: &Mutex<LintCache>,
) -> Vec<lsp::Diagnostic> {
    let started = std::time::Instant::now();
    let fast = config.fast_settings();
    let found = crate::guard::quietly("diagnostics", || findings(snap, &fast, cache))
        .unwrap_or_else(|| {
            // The cache may hold a half-updated state: start afresh next time.
            *cache.lock().unwrap_or_else(|e| e.into_inner()) = LintCache::new();
            vec![internal_error(
                "the analysis panicked; see the server log".into(),
            )]
        });
    let linted = started.elapsed();
    if linted > std::time::Duration::from_millis(10) {
        release_free_memory();
    }
    let mut out: Vec<lsp::Diagnostic> = found
        .into_iter()
        .map(|f| to_lsp(snap, config.encoding, f))
        .collect();
    if let Some(error) = &config.config_error {
        out.push(config_file_diagnostic(error));
    }
    tracing::debug!(
        version = snap.version,
        findings = out.len(),
        lint_us = linted.as_micros() as u64,
        convert_us = (started.elapsed() - linted).as_micros() as u64,
        "fast diagnostics"
    );
    out
}

/// Gives memory freed by a big analysis (a first lint parses every RUN script of the
/// file) back to the system, so that it does not add to the peak of the next big
/// request (the outline of a long file is a megabyte of JSON).
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free memory to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A broken configuration file, reported once on the first line of each document it
/// would have applied to: the editor has nowhere else to show it next to the problem.
fn config_file_diagnostic(error: &str) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: lsp::Range::default(),
        severity: Some(DiagnosticSeverity::WARNING),
        source: Some(SOURCE.into()),
        message: format!("configuration file ignored: {error}"),
        ..lsp::Diagnostic::default()
    }
}

/// The slow findings of version `version` of `uri`: the slow work first, without holding
/// the document, then the findings of that version if it is still the current one
/// (`None` otherwise: a newer version has its own pass coming).
fn compute_slow(
    snap: Arc<Snapshot>,
    config: &LintConfig,
    store: &Store,
) -> Option<Vec<lsp::Diagnostic>> {
    let sources: Vec<&SlowSource> = SLOW_SOURCES
        .iter()
        .filter(|s| (s.enabled)(&config.settings))
        .collect();
    let mut jobs = Vec::new();
    for source in &sources {
        let job = crate::guard::quietly(source.name, || (source.warm)(&snap, &config.settings));
        jobs.extend(job.map(|job| (source.name, job)));
    }
    let (uri, version) = (snap.uri.clone(), snap.version);
    drop(snap);
    for (name, job) in jobs {
        crate::guard::quietly(name, job);
    }
    let snap = store.snapshot(&uri).filter(|s| s.version == version)?;
    // The work filled the caches; reading them must not start it again.
    let settings = Settings {
        shellcheck_cached_only: true,
        ..(*config.settings).clone()
    };
    let mut out = Vec::new();
    for source in sources {
        let found = crate::guard::quietly(source.name, || (source.run)(&snap, &settings))
            .unwrap_or_else(|| {
                vec![internal_error(format!(
                    "{} panicked; see the server log",
                    source.name
                ))]
            });
        out.extend(found.into_iter().map(|f| to_lsp(&snap, config.encoding, f)));
    }
    Some(out)
}

/// Runs `job` on the one thread that does all fast lint runs: however many documents
/// change at once, their lints run one at a time, and a core stays free for requests.
fn on_lint_thread(job: impl FnOnce() + Send + 'static) {
    type Job = Box<dyn FnOnce() + Send>;
    static QUEUE: OnceLock<Mutex<std::sync::mpsc::Sender<Job>>> = OnceLock::new();
    let job: Job = Box::new(job);
    let queue = QUEUE.get_or_init(|| {
        let (send, jobs) = std::sync::mpsc::channel::<Job>();
        let spawned = std::thread::Builder::new()
            .name("dlint-lint".into())
            .spawn(move || {
                for job in jobs {
                    // Jobs contain their own panics; this keeps the thread alive if not.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start the lint thread; linting inline");
        }
        Mutex::new(send)
    });
    let sent = queue.lock().unwrap_or_else(|e| e.into_inner()).send(job);
    if let Err(std::sync::mpsc::SendError(job)) = sent {
        // No lint thread: run here rather than never.
        job();
    }
}

/// Runs `job` on a thread of its own at the lowest priority (nice 19). A slow pass's own
/// work (preparing a big file's scripts for ShellCheck and reading its results) must not
/// take a core from the editor's requests. Nice, not the idle class:
/// the job takes locks the lint thread also takes, and under full load an idle-class
/// thread holding one would wait for a free core indefinitely.
fn on_background_thread<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> tokio::sync::oneshot::Receiver<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let work = move || {
        lower_this_threads_priority();
        let _ = tx.send(job());
    };
    let spawned = std::thread::Builder::new()
        .name("dlint-slow".into())
        .spawn(work);
    if let Err(e) = spawned {
        // The job was moved into the thread that could not start, so it is lost; its
        // receiver reports that, and the pass is simply skipped.
        tracing::error!(error = %e, "cannot start a background thread; slow pass skipped");
    }
    rx
}

fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: `gettid` and `setpriority` are plain system calls; raising the nice value of
    // the calling thread needs no privilege, and failing leaves it at normal priority.
    unsafe {
        let tid = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 19);
    }
}

#[derive(Default)]
struct DocQueue {
    /// The next snapshot to analyse, with the configuration current when it was queued
    /// (a running worker must not keep using the settings it started with).
    pending: Option<(Arc<Snapshot>, LintConfig)>,
    running: bool,
    /// The last fast diagnostics computed, for pull requests on an unchanged version.
    last: Option<(i32, Arc<Vec<lsp::Diagnostic>>)>,
    /// What the previous fast run found, for the next one to reuse.
    cache: Arc<Mutex<LintCache>>,
    /// The version the next slow pass is for (read from the store when it starts: a
    /// waiting pass must not hold the document).
    slow_pending: Option<(i32, LintConfig)>,
    slow_running: bool,
    /// The last slow findings and their version.
    slow: Option<(i32, Arc<Vec<lsp::Diagnostic>>)>,
    /// The last registry findings and their version (see [`crate::registry`]).
    registry: Option<(i32, Arc<Vec<lsp::Diagnostic>>)>,
    /// What those findings were computed from ([`registry_key`]).
    registry_words: RegistryKey,
}

impl DocQueue {
    /// Fast and slow diagnostics of `version`, if the fast ones are known.
    fn merged(&self, version: i32) -> Option<Merged> {
        let (v, fast) = self.last.as_ref()?;
        if *v != version {
            return None;
        }
        let same = |part: &Option<(i32, Arc<Vec<lsp::Diagnostic>>)>| {
            part.as_ref()
                .filter(|(v, _)| *v == version)
                .map(|(_, d)| d.clone())
        };
        let slow = same(&self.slow);
        Some(Merged {
            fast: fast.clone(),
            // The slow pass has every ShellCheck finding of this version; the fast pass
            // had only the cached ones.
            without_shellcheck: slow.is_some(),
            rest: [slow, same(&self.registry)].into_iter().flatten().collect(),
        })
    }
}

/// What is shown for one version: the fast findings, then the slow and registry ones.
/// Shared, not copied: a publish serialises straight from the parts.
pub struct Merged {
    fast: Arc<Vec<lsp::Diagnostic>>,
    without_shellcheck: bool,
    rest: Vec<Arc<Vec<lsp::Diagnostic>>>,
}

impl Merged {
    pub fn to_vec(&self) -> Vec<lsp::Diagnostic> {
        self.items().cloned().collect()
    }
}

impl crate::outbox::DiagnosticSeq for Merged {
    fn items(&self) -> Box<dyn Iterator<Item = &lsp::Diagnostic> + '_> {
        let drop_shellcheck = self.without_shellcheck;
        let fast = self
            .fast
            .iter()
            .filter(move |d| !(drop_shellcheck && is_shellcheck(d)));
        Box::new(fast.chain(self.rest.iter().flat_map(|part| part.iter())))
    }
}

/// What registry findings depend on: the text before the first `FROM` (the global ARGs
/// that image names expand) and each `FROM` instruction with its line number and the
/// text before it on its line. Equal keys mean equal images at equal LSP positions, so
/// the findings still apply. Cheap enough for every keystroke, unlike finding the image
/// words themselves (which needs the semantic model).
pub type RegistryKey = Vec<(u32, String)>;

pub fn registry_key(snap: &Snapshot) -> RegistryKey {
    let text = &*snap.text;
    let froms = snap
        .syntax
        .instructions
        .iter()
        .filter(|i| i.kind == dlint_syntax::InstructionKind::From);
    let mut key: RegistryKey = Vec::new();
    for (n, from) in froms.enumerate() {
        let start = from.span.start.min(text.len());
        if n == 0 {
            key.push((0, text.get(..start).unwrap_or("").to_owned()));
        }
        let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = snap.line(start);
        key.push((
            line,
            text.get(line_start..from.span.end).unwrap_or("").to_owned(),
        ));
    }
    key
}

/// A ShellCheck finding (its code is `SC` and digits).
fn is_shellcheck(d: &lsp::Diagnostic) -> bool {
    matches!(&d.code, Some(lsp::NumberOrString::String(c))
        if c.strip_prefix("SC").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())))
}

/// Per-document publishing state.
pub struct Publisher {
    /// The open documents, read by slow passes when they start and finish.
    store: Arc<Store>,
    queues: Mutex<HashMap<Uri, DocQueue>>,
    /// Bumped by [`Publisher::invalidate`]; results of an older generation are dropped.
    generation: AtomicU64,
}

impl Publisher {
    pub fn new(store: Arc<Store>) -> Publisher {
        Publisher {
            store,
            queues: Default::default(),
            generation: Default::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uri, DocQueue>> {
        self.queues.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `snap` for analysis and publishing; starts the document's analysis on the
    /// lint thread if none is running. Called from within the runtime.
    pub fn schedule(self: &Arc<Self>, client: Outbox, config: LintConfig, snap: Arc<Snapshot>) {
        let uri = snap.uri.clone();
        {
            let mut queues = self.lock();
            let q = queues.entry(uri.clone()).or_default();
            q.pending = Some((snap, config.clone()));
            if q.running {
                return;
            }
            q.running = true;
        }
        // Straight to the lint thread, which also publishes: a task on the runtime in
        // between would put two more thread wake-ups between a keystroke and its
        // diagnostics. Linting is CPU work (tens of milliseconds for a whole big file)
        // and stays off the threads that read requests, so hover and completion stay fast.
        let (this, runtime) = (self.clone(), tokio::runtime::Handle::current());
        on_lint_thread(move || this.work(&client, &uri, &runtime));
    }

    /// Analyses and publishes the document's pending snapshots until none is left. Edits
    /// that arrive during an analysis replace the pending snapshot, so each analysis
    /// starts from the newest text, and a burst of keystrokes costs one analysis per
    /// analysis time rather than one per keystroke.
    fn work(self: &Arc<Self>, client: &Outbox, uri: &Uri, runtime: &tokio::runtime::Handle) {
        let drained = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            while let Some((snap, config, cache)) = self.take_pending(uri) {
                let diags = Arc::new(compute(&snap, &config, &cache));
                let Some(merged) = self.record(uri, snap.version, config.generation, diags) else {
                    continue;
                };
                client.publish(uri, Some(snap.version), &merged);
                if SLOW_SOURCES.iter().any(|s| (s.enabled)(&config.settings)) {
                    let _in_runtime = runtime.enter();
                    self.schedule_slow(client.clone(), config, snap);
                }
            }
        }));
        if drained.is_err() {
            // `compute` contains the analysis's panics; this is a bug elsewhere. Let the
            // next change start a fresh run rather than wait for this one forever.
            tracing::error!("publishing diagnostics panicked");
            if let Some(q) = self.lock().get_mut(uri) {
                q.running = false;
            }
        }
    }

    fn schedule_slow(self: &Arc<Self>, client: Outbox, config: LintConfig, snap: Arc<Snapshot>) {
        let uri = snap.uri.clone();
        {
            let mut queues = self.lock();
            let Some(q) = queues.get_mut(&uri) else {
                return;
            };
            q.slow_pending = Some((snap.version, config));
            if q.slow_running {
                return;
            }
            q.slow_running = true;
        }
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                this.slow_quiet(&uri).await;
                let Some((version, config)) = this.take_slow_pending(&uri) else {
                    return;
                };
                let Some(snap) = this.store.snapshot(&uri).filter(|s| s.version == version) else {
                    // Closed, or changed again: the newer version schedules its own pass.
                    continue;
                };
                let generation = config.generation;
                let (worker_config, store) = (config.clone(), this.store.clone());
                let mut slow_pass =
                    on_background_thread(move || compute_slow(snap, &worker_config, &store));
                // ShellCheck checks a big file in batches, over a minute in the background;
                // each finished batch lands in its cache. Publish the fast findings again
                // then (they include cached ShellCheck ones), so findings appear batch by
                // batch and every document shows what the cache knows.
                let mut seen = dlint_linter::shellcheck::cache_generation();
                let mut last_republish = std::time::Instant::now();
                let slow = loop {
                    tokio::select! {
                        done = &mut slow_pass => break done.ok().flatten(),
                        _ = tokio::time::sleep(SLOW_QUIET) => {
                            let now = dlint_linter::shellcheck::cache_generation();
                            // Not while the user types or asks for something (ShellCheck
                            // is paused then too): a republish is a lint and a big
                            // message the editor must read before its answer.
                            let quiet = !dlint_linter::shellcheck::pause::is_paused();
                            if now != seen && quiet && last_republish.elapsed() >= REPUBLISH_EVERY {
                                seen = now;
                                last_republish = std::time::Instant::now();
                                this.republish(&client, &config, &uri);
                            }
                        }
                    }
                };
                let Some(slow) = slow else {
                    continue;
                };
                let merged = {
                    let mut queues = this.lock();
                    let Some(q) = queues.get_mut(&uri) else {
                        return;
                    };
                    if generation != this.generation.load(Ordering::SeqCst) {
                        // Computed under settings that have changed since.
                        continue;
                    }
                    q.slow = Some((version, Arc::new(slow)));
                    // Publish only if the fast result shown is still this version.
                    if q.pending.is_some() || q.slow_pending.is_some() {
                        None
                    } else {
                        q.merged(version)
                    }
                };
                if let Some(all) = merged {
                    client.publish(&uri, Some(version), &all);
                }
            }
        });
    }

    /// Lints the document again and publishes it, if the version shown is the current
    /// one (else a newer version is being linted anyway), with the newest configuration
    /// known.
    fn republish(self: &Arc<Self>, client: &Outbox, config: &LintConfig, uri: &Uri) {
        let Some(snap) = self.store.snapshot(uri) else {
            return;
        };
        let config = {
            let queues = self.lock();
            let Some(q) = queues.get(uri).filter(|q| q.pending.is_none()) else {
                return;
            };
            if q.last.as_ref().map(|(v, _)| *v) != Some(snap.version) {
                return;
            }
            match &q.slow_pending {
                Some((_, newer)) => newer.clone(),
                None => config.clone(),
            }
        };
        self.schedule(client.clone(), config, snap);
    }

    /// Waits until the text has not changed for [`SLOW_QUIET`], so that ShellCheck runs
    /// when the typing pauses instead of after every keystroke (where it took a core
    /// from the next keystroke's lint). A document's first slow pass starts at once.
    async fn slow_quiet(&self, uri: &Uri) {
        let pending = |this: &Self| {
            let queues = this.lock();
            let q = queues.get(uri)?;
            Some((q.slow_pending.as_ref()?.0, q.slow.is_some()))
        };
        let Some((mut version, checked_before)) = pending(self) else {
            return;
        };
        if !checked_before {
            return;
        }
        loop {
            tokio::time::sleep(SLOW_QUIET).await;
            match pending(self) {
                Some((now, _)) if now != version => version = now,
                _ => return,
            }
        }
    }

    fn take_slow_pending(&self, uri: &Uri) -> Option<(i32, LintConfig)> {
        let mut queues = self.lock();
        let q = queues.get_mut(uri)?;
        let snap = q.slow_pending.take();
        if snap.is_none() {
            q.slow_running = false;
        }
        snap
    }

    fn take_pending(
        &self,
        uri: &Uri,
    ) -> Option<(Arc<Snapshot>, LintConfig, Arc<Mutex<LintCache>>)> {
        let mut queues = self.lock();
        let q = queues.get_mut(uri)?;
        let Some((snap, config)) = q.pending.take() else {
            q.running = false;
            return None;
        };
        Some((snap, config, q.cache.clone()))
    }

    /// Stores the fast result and returns what to publish; `None` when a newer snapshot
    /// is already waiting (publishing this one would only flash stale diagnostics) or
    /// the document was closed.
    fn record(
        &self,
        uri: &Uri,
        version: i32,
        generation: u64,
        diags: Arc<Vec<lsp::Diagnostic>>,
    ) -> Option<Merged> {
        let mut queues = self.lock();
        let q = queues.get_mut(uri)?;
        if generation != self.generation.load(Ordering::SeqCst) {
            // Computed under settings that have changed since; a newer run is queued.
            return None;
        }
        q.last = Some((version, diags));
        if q.pending.is_some() {
            return None;
        }
        q.merged(version)
    }

    /// Diagnostics for a pull request: the fast ones (cached when the version matches,
    /// else computed) plus whatever slow ones are already known for this version.
    pub fn pull(&self, snap: &Snapshot, config: &LintConfig) -> Arc<Vec<lsp::Diagnostic>> {
        if let Some(all) = self
            .lock()
            .get(&snap.uri)
            .and_then(|q| q.merged(snap.version))
        {
            return Arc::new(all.to_vec());
        }
        let cache = self
            .lock()
            .get(&snap.uri)
            .map(|q| q.cache.clone())
            .unwrap_or_default();
        let diags = Arc::new(compute(snap, config, &cache));
        let mut queues = self.lock();
        match queues.get_mut(&snap.uri) {
            Some(q) => {
                q.last = Some((snap.version, diags.clone()));
                Arc::new(
                    q.merged(snap.version)
                        .map(|m| m.to_vec())
                        .unwrap_or_default(),
                )
            }
            None => diags,
        }
    }

    /// The last diagnostics computed for this exact version, if any (hover reads them
    /// rather than linting again).
    pub fn cached(&self, uri: &Uri, version: i32) -> Option<Arc<Vec<lsp::Diagnostic>>> {
        let merged = self.lock().get(uri)?.merged(version)?;
        Some(Arc::new(merged.to_vec()))
    }

    /// The version whose fast diagnostics were published last (registry findings wait
    /// for it, so they never arrive before the lint diagnostics of their version).
    pub fn fast_version(&self, uri: &Uri) -> Option<i32> {
        let queues = self.lock();
        let q = queues.get(uri)?;
        if q.pending.is_some() {
            return None;
        }
        q.last.as_ref().map(|(v, _)| *v)
    }

    /// Stores registry findings of `version` and returns what to publish, if the fast
    /// diagnostics shown are of the same version and settings.
    pub fn record_registry(
        &self,
        uri: &Uri,
        version: i32,
        generation: u64,
        words: RegistryKey,
        diags: Vec<lsp::Diagnostic>,
    ) -> Option<Merged> {
        let mut queues = self.lock();
        let q = queues.get_mut(uri)?;
        if generation != self.generation.load(Ordering::SeqCst) {
            return None;
        }
        q.registry = Some((version, Arc::new(diags)));
        q.registry_words = words;
        if q.pending.is_some() || q.slow_pending.is_some() {
            return None;
        }
        q.merged(version)
    }

    /// Whether registry findings are shown for the document (none: nothing can flicker,
    /// so a keystroke need not work out which survive).
    pub fn has_registry(&self, uri: &Uri) -> bool {
        self.lock()
            .get(uri)
            .is_some_and(|q| q.registry.as_ref().is_some_and(|(_, d)| !d.is_empty()))
    }

    /// Keeps the registry findings for a new `version` whose FROM image words are the
    /// same text at the same place (an edit elsewhere in the file), so they do not vanish
    /// on every keystroke. Returns whether they were kept.
    pub fn carry_registry(&self, uri: &Uri, version: i32, words: &RegistryKey) -> bool {
        let mut queues = self.lock();
        let Some(q) = queues.get_mut(uri) else {
            return false;
        };
        let Some((old, diags)) = &q.registry else {
            return false;
        };
        if *old == version {
            return true;
        }
        if q.registry_words != *words {
            return false;
        }
        // Their fixes now apply to the new version: the text they touch is unchanged.
        let moved: Vec<lsp::Diagnostic> = diags
            .iter()
            .map(|d| {
                let mut d = d.clone();
                if let Some(data) = d.data.as_mut().and_then(|v| v.as_object_mut()) {
                    data.insert("version".into(), version.into());
                }
                d
            })
            .collect();
        q.registry = Some((version, Arc::new(moved)));
        true
    }

    /// Drops every cached result (the settings changed).
    pub fn invalidate(&self) -> u64 {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        for q in self.lock().values_mut() {
            q.last = None;
            q.slow = None;
            q.registry = None;
        }
        generation
    }

    /// The settings generation new work must be stamped with.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Forgets a closed document. A worker still running for it stops publishing.
    pub fn forget(&self, uri: &Uri) {
        self.lock().remove(uri);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> RegistryKey {
        let uri: Uri = "file:///t/Dockerfile".parse().unwrap();
        let snap = Store::default().open(uri, text, 1).unwrap();
        registry_key(&snap)
    }

    #[test]
    fn registry_key_changes_only_with_what_the_findings_depend_on() {
        let text = "ARG V=1\nFROM alpine:${V} AS a\nRUN echo hi\nFROM debian\n";
        let base = key(text);
        assert_eq!(base.len(), 3, "{base:?}");
        // Typing inside a RUN moves bytes, not the FROM lines' text or line numbers.
        assert_eq!(key(&text.replace("echo hi", "echo hello")), base);
        // A changed image, global ARG, or FROM line number changes the key.
        assert_ne!(key(&text.replace("debian", "ubuntu")), base);
        assert_ne!(key(&text.replace("V=1", "V=2")), base);
        assert_ne!(
            key(&text.replace("RUN echo hi\n", "RUN echo hi\nRUN x\n")),
            base
        );
        // Text before a FROM on its own line (here a changed indentation) counts too.
        assert_ne!(key(&text.replace("\nFROM debian", "\n FROM debian")), base);
    }
}
