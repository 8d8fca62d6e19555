//! The `LanguageServer` implementation: thin handlers that take a snapshot and call a
//! plain function of the feature modules under a panic guard.

use std::sync::{Arc, RwLock};

use tower_lsp_server::jsonrpc::{self, ErrorCode};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::convert::Encoding;
use crate::diagnostics::{LintConfig, Publisher};
use crate::guard;
use crate::store::{Snapshot, Store};
use dlint_linter::SettingsLayer;

/// How long a request to the client may take before the server gives up on it.
const CLIENT_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Negotiated once at `initialize`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Session {
    pub encoding: Encoding,
    pub completion: crate::completion::ClientSupport,
}

pub struct Backend {
    client: Client,
    /// Where diagnostics are published (see [`crate::outbox`]).
    outbox: crate::outbox::Outbox,
    session: RwLock<Session>,
    store: Arc<Store>,
    registry: Arc<crate::registry::Registry>,
    publisher: Arc<Publisher>,
    /// `initializationOptions` and the editor section folded into one layer; each
    /// document puts it over its own configuration file.
    editor_layer: RwLock<Arc<SettingsLayer>>,
    /// The last full semantic tokens sent per document, for delta requests.
    tokens: std::sync::Mutex<std::collections::HashMap<Uri, (String, Vec<SemanticToken>)>>,
    /// `initializationOptions` and the last editor settings, kept to re-resolve.
    init_options: RwLock<serde_json::Value>,
    editor_settings: RwLock<serde_json::Value>,
    /// The client answers `workspace/configuration`.
    pulls_configuration: std::sync::atomic::AtomicBool,
    token_ids: std::sync::atomic::AtomicU64,
}

impl Backend {
    pub fn new(client: Client, outbox: crate::outbox::Outbox) -> Backend {
        let store: Arc<Store> = Default::default();
        Backend {
            client,
            outbox,
            session: RwLock::new(Session::default()),
            publisher: Arc::new(Publisher::new(store.clone())),
            store,
            registry: Default::default(),
            editor_layer: Default::default(),
            tokens: Default::default(),
            init_options: Default::default(),
            editor_settings: Default::default(),
            pulls_configuration: Default::default(),
            token_ids: Default::default(),
        }
    }

    /// Where diagnostics and direct answers are queued.
    pub(crate) fn outbox(&self) -> &crate::outbox::Outbox {
        &self.outbox
    }

    pub fn session(&self) -> Session {
        *self.session.read().unwrap_or_else(|e| e.into_inner())
    }

    fn encoding(&self) -> Encoding {
        self.session().encoding
    }

    /// The snapshot of an open document, or the error every request gets for one that
    /// is not open (we do not read files behind the editor's back).
    pub fn snapshot(&self, uri: &Uri) -> jsonrpc::Result<Arc<Snapshot>> {
        self.store.snapshot(uri).ok_or_else(|| jsonrpc::Error {
            code: ErrorCode::InvalidParams,
            message: format!("document not open: {}", uri.as_str()).into(),
            data: None,
        })
    }

    /// Runs a request handler over the snapshot of `uri` under the panic guard.
    pub fn with_doc<T>(
        &self,
        method: &str,
        uri: &Uri,
        f: impl FnOnce(&Snapshot, Encoding) -> jsonrpc::Result<T>,
    ) -> jsonrpc::Result<T> {
        let snap = self.snapshot(uri)?;
        let enc = self.encoding();
        guard::run(method, || f(&snap, enc))
    }

    /// The lint configuration of one document: its configuration file under the editor
    /// settings. Read again for every run, so an edited `.dlint.toml` applies on the
    /// next change without a restart.
    pub fn lint_config(&self, uri: &Uri) -> LintConfig {
        let layer = self
            .editor_layer
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let path = uri.to_file_path();
        let doc = crate::settings::for_document(path.as_deref(), &layer);
        LintConfig {
            encoding: self.encoding(),
            generation: self.publisher.generation(),
            settings: Arc::new(doc.settings),
            config_error: doc.config_error,
        }
    }

    fn publish(&self, snap: Arc<Snapshot>) {
        self.publisher
            .schedule(self.outbox.clone(), self.lint_config(&snap.uri), snap);
    }

    /// The shared resolver, or `None` when the registry features are off. A resolver
    /// that cannot be created is logged once.
    async fn resolver(&self) -> Option<Arc<dlint_registry::Resolver>> {
        match self.registry.resolver() {
            Ok(r) => r,
            Err(e) => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("dlint: registry lookups disabled: {e}"),
                    )
                    .await;
                None
            }
        }
    }

    /// Looks up the document's FROM images after `delay` (the debounce after a change)
    /// and publishes the findings with the lint diagnostics of the same version, after
    /// those. A newer version arriving meanwhile cancels the lookup.
    async fn schedule_registry(&self, snap: Arc<Snapshot>, delay: std::time::Duration) {
        let Some(resolver) = self.resolver().await else {
            return;
        };
        // Only a document with registry findings shown pays for finding its FROM words
        // on a keystroke (the semantic model); the rest is done after the debounce.
        if !delay.is_zero() && self.publisher.has_registry(&snap.uri) {
            let words = crate::diagnostics::registry_key(&snap);
            if self
                .publisher
                .carry_registry(&snap.uri, snap.version, &words)
            {
                // An edit that left every FROM image alone: the findings stand, and open
                // or save look the images up again.
                return;
            }
        }
        let config = self.lint_config(&snap.uri);
        let (store, publisher, outbox) = (
            self.store.clone(),
            self.publisher.clone(),
            self.outbox.clone(),
        );
        let (uri, version) = (snap.uri.clone(), snap.version);
        // The task does not hold the snapshot while it waits: the store edits the syntax
        // of the next version in place only when no one else holds the current one.
        drop(snap);
        let current = move |store: &Store| store.snapshot(&uri).filter(|s| s.version == version);
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            // The lint diagnostics of this version go out first, and the lookup's own lint
            // must not compete with them for the CPU: wait for them (milliseconds).
            let mut snap = None;
            for _ in 0..400 {
                let Some(now) = current(&store) else {
                    return;
                };
                if publisher.fast_version(&now.uri) == Some(version) {
                    snap = Some(now);
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            let Some(snap) = snap.or_else(|| current(&store)) else {
                return;
            };
            let words = crate::diagnostics::registry_key(&snap);
            let diags =
                crate::registry::check(&resolver, &snap, config.encoding, &config.settings).await;
            if current(&store).is_none() {
                return;
            }
            if let Some(all) =
                publisher.record_registry(&snap.uri, snap.version, config.generation, words, diags)
            {
                outbox.publish(&snap.uri, Some(snap.version), &all);
            }
        });
    }
}

/// The registry's part of hover, completion and code actions.
impl Backend {
    /// The snapshot, offset and FROM image word at a position, if there is one.
    fn image_word_at(
        &self,
        uri: &Uri,
        position: Position,
    ) -> Option<(Arc<Snapshot>, crate::registry::FromWord)> {
        let snap = self.store.snapshot(uri)?;
        let offset = snap.offset(position, self.encoding()).ok()?;
        let word = guard::run("registry", || Ok(crate::registry::word_at(&snap, offset)))
            .ok()
            .flatten()?;
        Some((snap, word))
    }

    async fn registry_hover(&self, at: &TextDocumentPositionParams) -> Option<String> {
        let (_, word) = self.image_word_at(&at.text_document.uri, at.position)?;
        let resolver = self.resolver().await?;
        crate::registry::hover_text(resolver, &word).await
    }

    /// Tag completions when the cursor is after `image:` in a FROM line.
    async fn registry_tags(&self, at: &TextDocumentPositionParams) -> Option<Vec<CompletionItem>> {
        let (snap, word) = self.image_word_at(&at.text_document.uri, at.position)?;
        let offset = snap.offset(at.position, self.encoding()).ok()?;
        let resolver = self.resolver().await?;
        let (span, tags) = crate::registry::tag_completion(&resolver, &word, offset).await?;
        let range = snap.range(span, self.encoding());
        Some(
            tags.into_iter()
                .enumerate()
                .map(|(i, tag)| CompletionItem {
                    label: tag.clone(),
                    kind: Some(CompletionItemKind::VALUE),
                    // The registry's order, not the client's alphabetical one.
                    sort_text: Some(format!("{i:05}")),
                    filter_text: Some(tag.clone()),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, tag))),
                    ..CompletionItem::default()
                })
                .collect(),
        )
    }

    /// "Pin to digest" and "Use newest tag" on a FROM image under the range's start.
    async fn registry_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let kind = CodeActionKind::REFACTOR_REWRITE;
        let wanted = params
            .context
            .only
            .as_deref()
            .is_none_or(|only| only.iter().any(|k| kind.as_str().starts_with(k.as_str())));
        if !wanted {
            return Vec::new();
        }
        let uri = &params.text_document.uri;
        let Some((snap, word)) = self.image_word_at(uri, params.range.start) else {
            return Vec::new();
        };
        let Some(resolver) = self.resolver().await else {
            return Vec::new();
        };
        let enc = self.encoding();
        let mut out = Vec::new();
        for (title, edit) in crate::registry::image_actions(&resolver, &word).await {
            let Some(edits) = crate::registry::text_edits(&snap, enc, &word, &[edit]) else {
                continue;
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(kind.clone()),
                edit: Some(WorkspaceEdit {
                    document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier {
                            uri: uri.clone(),
                            version: Some(snap.version),
                        },
                        edits: edits.into_iter().map(OneOf::Left).collect(),
                    }])),
                    ..WorkspaceEdit::default()
                }),
                ..CodeAction::default()
            }));
        }
        out
    }
}

/// Params of `dlint/documentText`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTextParams {
    pub text_document: TextDocumentIdentifier,
}

impl Backend {
    /// `dlint/documentText`: the server's copy of a document and its version. For
    /// debugging sync problems from an editor, and for the sync tests.
    pub async fn document_text(
        &self,
        params: DocumentTextParams,
    ) -> jsonrpc::Result<serde_json::Value> {
        let snap = self.snapshot(&params.text_document.uri)?;
        Ok(serde_json::json!({ "version": snap.version, "text": &*snap.text }))
    }
}

/// Params of the request [`crate::framing`] puts in place of a malformed message.
#[derive(serde::Deserialize)]
pub struct MalformedParams {
    pub code: i64,
    pub message: String,
}

impl Backend {
    /// Answers a malformed message with the error it deserves.
    pub async fn malformed_message(&self, params: MalformedParams) -> jsonrpc::Result<()> {
        Err(jsonrpc::Error {
            code: ErrorCode::from(params.code),
            message: params.message.into(),
            data: None,
        })
    }
}

impl Backend {
    /// Re-resolves the settings from every source, reports bad keys, and re-lints every
    /// open document with the new settings.
    async fn apply_settings(&self) {
        let (settings, problems) = {
            let init = self.init_options.read().unwrap_or_else(|e| e.into_inner());
            let editor = self
                .editor_settings
                .read()
                .unwrap_or_else(|e| e.into_inner());
            self.registry
                .configure(crate::settings::registry_settings(&init, &editor).0);
            crate::settings::editor_layer(&init, &editor)
        };
        let registry_problems = {
            let init = self.init_options.read().unwrap_or_else(|e| e.into_inner());
            let editor = self
                .editor_settings
                .read()
                .unwrap_or_else(|e| e.into_inner());
            crate::settings::registry_settings(&init, &editor).1
        };
        *self.editor_layer.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(settings);
        // State first, messages after: nothing may see new settings with old results.
        self.publisher.invalidate();
        for uri in self.store.uris() {
            if let Some(snap) = self.store.snapshot(&uri) {
                self.publish(snap.clone());
                self.schedule_registry(snap, std::time::Duration::ZERO)
                    .await;
            }
        }
        for p in problems.into_iter().chain(registry_problems) {
            self.client
                .log_message(MessageType::WARNING, format!("dlint settings: {p}"))
                .await;
        }
    }

    /// Asks the client for the `dlint` section.
    async fn pull_configuration(&self) {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("dlint".into()),
        };
        // A client that never answers must not hold this handler (and with it the
        // server's exit: tower-lsp-server waits for running handlers) forever.
        let answer = tokio::time::timeout(
            CLIENT_REQUEST_TIMEOUT,
            self.client.configuration(vec![item]),
        )
        .await;
        match answer {
            Ok(Ok(mut values)) if !values.is_empty() => {
                *self
                    .editor_settings
                    .write()
                    .unwrap_or_else(|e| e.into_inner()) = values.swap_remove(0);
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "workspace/configuration failed"),
            Err(_) => tracing::warn!("workspace/configuration: no answer from the client"),
        }
    }

    /// Remembers `data` as the latest tokens of `uri` and returns its result id.
    fn remember_tokens(&self, uri: &Uri, data: Vec<SemanticToken>) -> String {
        let id = self
            .token_ids
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            .to_string();
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(uri.clone(), (id.clone(), data));
        id
    }
}

pub fn invalid_params(message: impl Into<String>) -> jsonrpc::Error {
    jsonrpc::Error {
        code: ErrorCode::InvalidParams,
        message: message.into().into(),
        data: None,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> jsonrpc::Result<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let encoding = Encoding::negotiate(offered);
        let pulls = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        self.pulls_configuration
            .store(pulls, std::sync::atomic::Ordering::Relaxed);
        if let Some(init) = &params.initialization_options {
            *self.init_options.write().unwrap_or_else(|e| e.into_inner()) =
                crate::settings::section(init).clone();
        }
        let snippets = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        *self.session.write().unwrap_or_else(|e| e.into_inner()) = Session {
            encoding,
            completion: crate::completion::ClientSupport { snippets },
        };
        tracing::info!(?encoding, "initialize");
        Ok(InitializeResult {
            capabilities: crate::capabilities::server_capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "dlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("initialized");
        if self
            .pulls_configuration
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            self.pull_configuration().await;
        }
        self.apply_settings().await;
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let started = std::time::Instant::now();
        match self.store.open(doc.uri.clone(), &doc.text, doc.version) {
            Ok(snap) => {
                tracing::debug!(
                    bytes = doc.text.len(),
                    open_us = started.elapsed().as_micros() as u64,
                    "opened"
                );
                self.publish(snap.clone());
                self.schedule_registry(snap, std::time::Duration::ZERO)
                    .await;
            }
            Err(panic) => {
                tracing::error!(uri = doc.uri.as_str(), %panic, "parser panicked on open");
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("dlint could not parse {}: {panic}", doc.uri.as_str()),
                    )
                    .await;
            }
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let started = std::time::Instant::now();
        // No `.await` before the change is applied: batches land in arrival order.
        let result = self.store.change(
            &uri,
            params.text_document.version,
            &params.content_changes,
            self.encoding(),
        );
        match result {
            Ok(snap) => {
                tracing::debug!(
                    version = snap.version,
                    change_us = started.elapsed().as_micros() as u64,
                    "changed"
                );
                // Running ShellCheck processes stop until the typing pauses.
                crate::diagnostics::user_active();
                // Registry first: kept findings then go out with the lint diagnostics.
                self.schedule_registry(snap.clone(), crate::registry::DEBOUNCE)
                    .await;
                self.publish(snap);
            }
            Err(e) => {
                tracing::error!(uri = uri.as_str(), error = %e, "didChange refused");
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("dlint: change to {} refused: {e}", uri.as_str()),
                    )
                    .await;
            }
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if self
            .pulls_configuration
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            // The notification may carry nothing useful (VS Code sends `null`); the
            // client's answer to `workspace/configuration` is authoritative.
            self.pull_configuration().await;
        } else {
            *self
                .editor_settings
                .write()
                .unwrap_or_else(|e| e.into_inner()) =
                crate::settings::section(&params.settings).clone();
        }
        self.apply_settings().await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if let Some(snap) = self.store.snapshot(&params.text_document.uri) {
            self.schedule_registry(snap, std::time::Duration::ZERO)
                .await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.store.close(&uri);
        self.publisher.forget(&uri);
        self.tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&uri);
        // Clear what we showed, so a closed file does not keep stale problems.
        self.outbox.publish(&uri, None, &[][..]);
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> jsonrpc::Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let config = self.lint_config(&uri);
        self.with_doc("textDocument/diagnostic", &uri, |snap, _| {
            let result_id = snap.version.to_string();
            let report = if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                })
            } else {
                DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(result_id),
                        items: (*self.publisher.pull(snap, &config)).clone(),
                    },
                })
            };
            Ok(DocumentDiagnosticReportResult::Report(report))
        })
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> jsonrpc::Result<Option<DocumentSymbolResponse>> {
        self.with_doc(
            "textDocument/documentSymbol",
            &params.text_document.uri,
            |snap, enc| {
                Ok(Some(DocumentSymbolResponse::Nested(
                    crate::symbols::document_symbols(snap, enc),
                )))
            },
        )
    }

    async fn folding_range(
        &self,
        params: FoldingRangeParams,
    ) -> jsonrpc::Result<Option<Vec<FoldingRange>>> {
        self.with_doc(
            "textDocument/foldingRange",
            &params.text_document.uri,
            |snap, _| Ok(Some(crate::folding::folding_ranges(snap))),
        )
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> jsonrpc::Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        self.with_doc(
            "textDocument/definition",
            &at.text_document.uri,
            |snap, enc| {
                let offset = snap.offset(at.position, enc)?;
                Ok(crate::navigation::definition(snap, enc, offset)
                    .map(GotoDefinitionResponse::Scalar))
            },
        )
    }

    async fn references(&self, params: ReferenceParams) -> jsonrpc::Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        self.with_doc(
            "textDocument/references",
            &at.text_document.uri,
            |snap, enc| {
                let offset = snap.offset(at.position, enc)?;
                Ok(crate::navigation::references(
                    snap,
                    enc,
                    offset,
                    params.context.include_declaration,
                ))
            },
        )
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> jsonrpc::Result<Option<Vec<DocumentHighlight>>> {
        let at = params.text_document_position_params;
        self.with_doc(
            "textDocument/documentHighlight",
            &at.text_document.uri,
            |snap, enc| {
                let offset = snap.offset(at.position, enc)?;
                Ok(crate::navigation::highlights(snap, enc, offset))
            },
        )
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> jsonrpc::Result<Option<PrepareRenameResponse>> {
        self.with_doc(
            "textDocument/prepareRename",
            &params.text_document.uri,
            |snap, enc| {
                let offset = snap.offset(params.position, enc)?;
                crate::navigation::prepare_rename(snap, enc, offset)
            },
        )
    }

    async fn rename(&self, params: RenameParams) -> jsonrpc::Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        self.with_doc("textDocument/rename", &at.text_document.uri, |snap, enc| {
            let offset = snap.offset(at.position, enc)?;
            crate::navigation::rename(snap, enc, offset, &params.new_name)
        })
    }

    async fn code_action(
        &self,
        params: CodeActionParams,
    ) -> jsonrpc::Result<Option<CodeActionResponse>> {
        let config = self.lint_config(&params.text_document.uri);
        let actions = self.with_doc(
            "textDocument/codeAction",
            &params.text_document.uri,
            |snap, enc| {
                let actions = crate::code_actions::code_actions(
                    snap,
                    enc,
                    &params.context.diagnostics,
                    params.context.only.as_deref(),
                    &config.settings,
                );
                Ok(Some(actions))
            },
        )?;
        let mut actions = actions.unwrap_or_default();
        actions.extend(self.registry_actions(&params).await);
        Ok(Some(actions))
    }

    async fn hover(&self, params: HoverParams) -> jsonrpc::Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let hover = self.with_doc("textDocument/hover", &at.text_document.uri, |snap, enc| {
            let offset = snap.offset(at.position, enc)?;
            let diagnostics = self
                .publisher
                .cached(&snap.uri, snap.version)
                .unwrap_or_default();
            Ok(crate::hover::hover(snap, enc, offset, &diagnostics))
        })?;
        let Some(text) = self.registry_hover(&at).await else {
            return Ok(hover);
        };
        Ok(Some(match hover {
            Some(Hover {
                contents: HoverContents::Markup(mut m),
                range,
            }) => {
                m.value = format!("{}\n\n---\n\n{text}", m.value);
                Hover {
                    contents: HoverContents::Markup(m),
                    range,
                }
            }
            _ => Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: text,
                }),
                range: None,
            },
        }))
    }

    async fn completion(
        &self,
        params: CompletionParams,
    ) -> jsonrpc::Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        if let Some(tags) = self.registry_tags(&at).await {
            return Ok(Some(CompletionResponse::Array(tags)));
        }
        let support = self.session().completion;
        self.with_doc(
            "textDocument/completion",
            &at.text_document.uri,
            |snap, enc| {
                let offset = snap.offset(at.position, enc)?;
                let items = crate::completion::completions(snap, enc, offset, support, || {
                    crate::completion::variables_at(snap, offset)
                });
                Ok(Some(CompletionResponse::Array(items)))
            },
        )
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> jsonrpc::Result<Option<SemanticTokensResult>> {
        self.with_doc(
            "textDocument/semanticTokens/full",
            &params.text_document.uri,
            |snap, enc| {
                let data = crate::semantic_tokens::tokens(snap, enc, None);
                let id = self.remember_tokens(&snap.uri, data.clone());
                Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
                    result_id: Some(id),
                    data,
                })))
            },
        )
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> jsonrpc::Result<Option<SemanticTokensFullDeltaResult>> {
        self.with_doc(
            "textDocument/semanticTokens/full/delta",
            &params.text_document.uri,
            |snap, enc| {
                let data = crate::semantic_tokens::tokens(snap, enc, None);
                let previous = self
                    .tokens
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(&snap.uri)
                    .filter(|(id, _)| *id == params.previous_result_id)
                    .map(|(_, old)| crate::semantic_tokens::delta(old, &data));
                let id = self.remember_tokens(&snap.uri, data.clone());
                Ok(Some(match previous {
                    Some(edits) => {
                        SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta {
                            result_id: Some(id),
                            edits,
                        })
                    }
                    // An unknown previous id: the client gets everything.
                    None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens {
                        result_id: Some(id),
                        data,
                    }),
                }))
            },
        )
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> jsonrpc::Result<Option<SemanticTokensRangeResult>> {
        self.with_doc(
            "textDocument/semanticTokens/range",
            &params.text_document.uri,
            |snap, enc| {
                let lines = (params.range.start.line, params.range.end.line);
                let data = crate::semantic_tokens::tokens(snap, enc, Some(lines));
                Ok(Some(SemanticTokensRangeResult::Tokens(SemanticTokens {
                    result_id: None,
                    data,
                })))
            },
        )
    }

    async fn formatting(
        &self,
        params: DocumentFormattingParams,
    ) -> jsonrpc::Result<Option<Vec<TextEdit>>> {
        self.with_doc(
            "textDocument/formatting",
            &params.text_document.uri,
            |snap, enc| Ok(Some(format_document(snap, enc, &params.options, None))),
        )
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> jsonrpc::Result<Option<Vec<TextEdit>>> {
        self.with_doc(
            "textDocument/rangeFormatting",
            &params.text_document.uri,
            |snap, enc| {
                let span = snap
                    .lines
                    .span(&snap.text, params.range, enc)
                    .map_err(|e| invalid_params(e.to_string()))?;
                Ok(Some(format_document(
                    snap,
                    enc,
                    &params.options,
                    Some(span),
                )))
            },
        )
    }

    async fn document_link(
        &self,
        params: DocumentLinkParams,
    ) -> jsonrpc::Result<Option<Vec<DocumentLink>>> {
        self.with_doc(
            "textDocument/documentLink",
            &params.text_document.uri,
            |snap, enc| Ok(Some(crate::links::document_links(snap, enc))),
        )
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> jsonrpc::Result<Option<Vec<InlayHint>>> {
        self.with_doc(
            "textDocument/inlayHint",
            &params.text_document.uri,
            |snap, enc| {
                let lines = (params.range.start.line, params.range.end.line);
                Ok(Some(crate::hints::inlay_hints(snap, enc, lines)))
            },
        )
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> jsonrpc::Result<Option<Vec<SelectionRange>>> {
        self.with_doc(
            "textDocument/selectionRange",
            &params.text_document.uri,
            |snap, enc| {
                let mut out = Vec::with_capacity(params.positions.len());
                for p in params.positions {
                    let offset = snap.offset(p, enc)?;
                    out.push(crate::hints::selection_range(snap, enc, offset));
                }
                Ok(Some(out))
            },
        )
    }
}

/// The formatter's edits as LSP edits; with `within`, only those on the lines it touches.
fn format_document(
    snap: &Snapshot,
    enc: Encoding,
    options: &FormattingOptions,
    within: Option<dlint_syntax::Span>,
) -> Vec<TextEdit> {
    let indent = if options.insert_spaces {
        " ".repeat(options.tab_size.clamp(1, 16) as usize)
    } else {
        "\t".to_owned()
    };
    let opts = crate::format::FormatOptions { indent };
    let lines = within.map(|w| (snap.line(w.start), snap.line(w.end)));
    let mut edits = crate::format::format_edits(&snap.text, &snap.syntax, &opts);
    edits.sort_by_key(|(span, _)| span.start);
    edits
        .into_iter()
        .filter(|(span, _)| {
            lines.is_none_or(|(a, b)| snap.line(span.start) >= a && snap.line(span.start) <= b)
        })
        .map(|(span, text)| TextEdit::new(snap.range(span, enc), text))
        .collect()
}
