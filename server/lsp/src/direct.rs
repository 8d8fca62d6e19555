//! Requests whose answers grow with the document, answered without tower-lsp-server's
//! `serde_json::Value` detour.
//!
//! tower-lsp-server turns every result into a `Value` tree before it serialises it. For
//! the outline of a 5,000-line file (3,600 symbols) that tree took about 13 MiB and most
//! of the request's 35 ms; semantic tokens, one `Value` per number, another 4 MiB. These
//! requests still travel through tower-lsp-server, so they keep its ordering with the
//! edits before them and its cancellation:
//!
//! 1. [`wrap`] (called by the input guard in `framing`) renames such a request to
//!    [`METHOD`], keeping its id, and puts the id and the original method and params in
//!    the params.
//! 2. `Backend::direct` runs the usual handler, serialises its result straight into a
//!    response frame for that id ([`crate::outbox::Outbox::respond`]), and returns `()`.
//! 3. The outbox drops the `null` response tower-lsp-server then writes for the id.
//!
//! An error (a document that is not open, bad params, a panic) is returned instead, and
//! tower-lsp-server answers it as usual.

use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{self, Id};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::LanguageServer;

use crate::server::{invalid_params, Backend};

/// The method a wrapped request travels under.
pub const METHOD: &str = "dlint/direct";

/// The methods answered directly: those whose results are proportional to the file.
const METHODS: &[&str] = &[
    "textDocument/documentSymbol",
    "textDocument/foldingRange",
    "textDocument/semanticTokens/full",
    "textDocument/semanticTokens/full/delta",
    "textDocument/semanticTokens/range",
    "textDocument/diagnostic",
    "textDocument/documentLink",
    "textDocument/inlayHint",
];

/// The wrapped form of a request `envelope` (the message's `id` and `method`, already
/// checked) whose whole body is `body`, or `None` when it is not answered directly.
pub fn wrap(envelope: &Value, body: &[u8]) -> Option<Vec<u8>> {
    let method = envelope.get("method")?.as_str()?;
    // A null id is legal but cannot be told apart from "no id" in a response; leave
    // such requests to tower-lsp-server.
    let id = envelope.get("id").filter(|id| !id.is_null())?;
    if !METHODS.contains(&method) {
        return None;
    }
    // These requests are small (a document and perhaps a range), so building them whole
    // costs nothing worth avoiding.
    let mut message: Value = serde_json::from_slice(body).ok()?;
    let params = message.get_mut("params").map(Value::take);
    let mut inner = json!({ "id": id, "method": method });
    if let Some(params) = params {
        inner["params"] = params;
    }
    let wrapped = json!({ "jsonrpc": "2.0", "id": id, "method": METHOD, "params": inner });
    serde_json::to_vec(&wrapped).ok()
}

/// Params of [`METHOD`].
#[derive(Deserialize)]
pub struct DirectParams {
    id: Id,
    method: String,
    #[serde(default)]
    params: Value,
}

fn params<P: serde::de::DeserializeOwned>(params: Value) -> jsonrpc::Result<P> {
    serde_json::from_value(params).map_err(|e| invalid_params(e.to_string()))
}

impl Backend {
    /// Answers a wrapped request: its result goes out through the outbox, and the
    /// `null` this returns is dropped there.
    pub async fn direct(&self, p: DirectParams) -> jsonrpc::Result<()> {
        let id = p.id;
        match p.method.as_str() {
            "textDocument/documentSymbol" => {
                self.respond(id, self.document_symbol(params(p.params)?).await)
            }
            "textDocument/foldingRange" => {
                self.respond(id, self.folding_range(params(p.params)?).await)
            }
            "textDocument/semanticTokens/full" => {
                self.respond(id, self.semantic_tokens_full(params(p.params)?).await)
            }
            "textDocument/semanticTokens/full/delta" => {
                let q: SemanticTokensDeltaParams = params(p.params)?;
                self.respond(id, self.semantic_tokens_full_delta(q).await)
            }
            "textDocument/semanticTokens/range" => {
                self.respond(id, self.semantic_tokens_range(params(p.params)?).await)
            }
            "textDocument/diagnostic" => self.respond(id, self.diagnostic(params(p.params)?).await),
            "textDocument/documentLink" => {
                self.respond(id, self.document_link(params(p.params)?).await)
            }
            "textDocument/inlayHint" => self.respond(id, self.inlay_hint(params(p.params)?).await),
            // Only `wrap` writes this method, so another name is a client calling it
            // by hand.
            other => Err(jsonrpc::Error {
                code: jsonrpc::ErrorCode::MethodNotFound,
                message: format!("{METHOD}: {other} is not answered directly").into(),
                data: None,
            }),
        }
    }

    fn respond<T: serde::Serialize>(
        &self,
        id: Id,
        result: jsonrpc::Result<T>,
    ) -> jsonrpc::Result<()> {
        let result = result?;
        self.outbox()
            .respond(id, &result)
            .map_err(|e| jsonrpc::Error {
                code: jsonrpc::ErrorCode::InternalError,
                message: format!("dlint: cannot serialise the result: {e}").into(),
                data: None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(body: &str) -> Option<Value> {
        let v: Value = serde_json::from_str(body).unwrap();
        wrap(&v, body.as_bytes()).map(|b| serde_json::from_slice(&b).unwrap())
    }

    #[test]
    fn big_answers_are_wrapped_with_their_id_method_and_params() {
        let w = wrapped(
            r#"{"jsonrpc":"2.0","id":"a7","method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///D"}}}"#,
        );
        assert_eq!(
            w,
            Some(json!({
                "jsonrpc": "2.0", "id": "a7", "method": METHOD,
                "params": { "id": "a7", "method": "textDocument/documentSymbol",
                            "params": { "textDocument": { "uri": "file:///D" } } },
            }))
        );
    }

    #[test]
    fn other_requests_notifications_and_null_ids_are_left_alone() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#,
            r#"{"jsonrpc":"2.0","method":"textDocument/documentSymbol","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"textDocument/documentSymbol","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":2,"result":null}"#,
        ] {
            assert_eq!(wrapped(body), None, "{body}");
        }
    }
}
