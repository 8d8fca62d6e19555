//! The in-process test harness: the real server on `tokio::io::duplex` pipes, spoken to
//! in framed JSON, with exact-JSON assertions in the tests.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

/// How long any single wait may take before the test fails (a hang is a failure).
const WAIT: Duration = Duration::from_secs(10);

pub struct TestServer {
    to_server: DuplexStream,
    from_server: BufReader<DuplexStream>,
    next_id: i64,
    /// Messages read while waiting for something else, oldest first.
    backlog: VecDeque<Value>,
    /// Answers for `workspace/configuration` requests from the server.
    pub configuration: Value,
    /// How long one wait for a message may take; [`WAIT`] unless a test needs longer.
    pub wait: Duration,
    server: tokio::task::JoinHandle<()>,
}

pub const URI: &str = "file:///project/Dockerfile";

impl TestServer {
    /// Starts a server and does not initialize it.
    pub fn start() -> TestServer {
        // One pipe per direction, as stdin and stdout are.
        let (to_server, server_in) = tokio::io::duplex(1 << 20);
        let (server_out, from_server) = tokio::io::duplex(1 << 20);
        let server = tokio::spawn(dlint_lsp::serve(server_in, server_out));
        TestServer {
            to_server,
            from_server: BufReader::new(from_server),
            next_id: 1,
            backlog: VecDeque::new(),
            configuration: Value::Null,
            wait: WAIT,
            server,
        }
    }

    /// Starts and initializes a server with the given client capabilities. Registry
    /// lookups are off: these tests must not depend on (or reach) the network;
    /// `tests/registry.rs` switches them on with [`TestServer::with_options`].
    pub async fn with_capabilities(capabilities: Value) -> TestServer {
        TestServer::with_options(capabilities, json!({ "registry": { "enabled": false } })).await
    }

    /// Starts and initializes a server with capabilities and `initializationOptions`.
    pub async fn with_options(capabilities: Value, options: Value) -> TestServer {
        let mut s = TestServer::start();
        let init = s
            .request(
                "initialize",
                json!({ "processId": null, "rootUri": "file:///project", "capabilities": capabilities, "initializationOptions": options }),
            )
            .await;
        assert!(init.get("result").is_some(), "initialize failed: {init}");
        s.notify("initialized", json!({})).await;
        s
    }

    /// A server initialized with a typical client (UTF-16 only).
    pub async fn new() -> TestServer {
        TestServer::with_capabilities(json!({})).await
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.to_server
            .write_all(bytes)
            .await
            .expect("server input closed");
        self.to_server.flush().await.unwrap();
    }

    pub async fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(&body);
        self.send_raw(&framed).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
            .await;
    }

    /// Sends a request and returns the whole response message (`result` or `error`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
        self.response(json!(id)).await
    }

    /// The `result` of a request, failing the test on an error response.
    pub async fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params).await;
        match response.get("result") {
            Some(r) => r.clone(),
            None => panic!("{method} failed: {response}"),
        }
    }

    /// Waits for the response with `id`, keeping other messages in the backlog.
    pub async fn response(&mut self, id: Value) -> Value {
        if let Some(i) = self.backlog.iter().position(|m| is_response(m, &id)) {
            return self.backlog.remove(i).unwrap();
        }
        loop {
            let msg = self.recv().await;
            if is_response(&msg, &id) {
                return msg;
            }
            self.backlog.push_back(msg);
        }
    }

    /// Waits for the next notification `method` (from the backlog first).
    pub async fn notification(&mut self, method: &str) -> Value {
        self.notification_where(method, |_| true).await
    }

    pub async fn notification_where(
        &mut self,
        method: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        let matches =
            |m: &Value| m["method"] == method && m.get("id").is_none() && pred(&m["params"]);
        if let Some(i) = self.backlog.iter().position(matches) {
            return self.backlog.remove(i).unwrap()["params"].clone();
        }
        loop {
            let msg = self.recv().await;
            if matches(&msg) {
                return msg["params"].clone();
            }
            self.backlog.push_back(msg);
        }
    }

    /// Diagnostics published for `uri` at exactly `version`.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Value {
        self.notification_where("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        })
        .await["diagnostics"]
            .clone()
    }

    /// The params of the notifications `method` read so far and not yet asked for, oldest
    /// first.
    pub fn seen(&self, method: &str) -> Vec<Value> {
        self.backlog
            .iter()
            .filter(|m| m["method"] == method && m.get("id").is_none())
            .map(|m| m["params"].clone())
            .collect()
    }

    /// Forgets the messages read so far and not yet asked for.
    pub fn clear_backlog(&mut self) {
        self.backlog.clear();
    }

    /// Reads one message, answering requests from the server on the way.
    pub async fn recv(&mut self) -> Value {
        loop {
            let msg = tokio::time::timeout(self.wait, read_message(&mut self.from_server))
                .await
                .expect("timed out waiting for the server")
                .expect("server output closed");
            if msg.get("method").is_some() && msg.get("id").is_some() {
                self.answer_server_request(&msg).await;
                continue;
            }
            return msg;
        }
    }

    async fn answer_server_request(&mut self, msg: &Value) {
        let result = match msg["method"].as_str().unwrap_or("") {
            "workspace/configuration" => {
                let n = msg["params"]["items"].as_array().map_or(0, Vec::len);
                Value::Array(vec![self.configuration.clone(); n])
            }
            _ => Value::Null,
        };
        let reply = json!({ "jsonrpc": "2.0", "id": msg["id"], "result": result });
        self.send(&reply).await;
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.open_version(uri, text, 1).await;
    }

    pub async fn open_version(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "dockerfile", "version": version, "text": text } }),
        )
        .await;
    }

    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        )
        .await;
    }

    /// The server's copy of a document: `(version, text)`.
    pub async fn text(&mut self, uri: &str) -> (i64, String) {
        let r = self
            .result(
                "dlint/documentText",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await;
        (
            r["version"].as_i64().unwrap(),
            r["text"].as_str().unwrap().to_owned(),
        )
    }

    /// A request at a position of `URI`-like documents, returning the result.
    pub async fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.result(
            method,
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
        .await
    }

    /// Shuts down cleanly and checks that the server task ends.
    pub async fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null).await;
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null).await;
        tokio::time::timeout(WAIT, &mut self.server)
            .await
            .expect("server did not exit")
            .expect("server task panicked");
    }
}

fn is_response(msg: &Value, id: &Value) -> bool {
    msg.get("method").is_none() && &msg["id"] == id
}

/// Reads one `Content-Length`-framed message.
async fn read_message<R: tokio::io::AsyncBufRead + Unpin>(r: &mut R) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).await.ok()?;
    Some(serde_json::from_slice(&body).expect("server sent invalid JSON"))
}

/// The `code` of each diagnostic in a published list (empty for a diagnostic without).
pub fn codes(diags: &Value) -> Vec<String> {
    diags
        .as_array()
        .expect("diagnostics are a list")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect()
}
