//! Session-level behaviour: initialize, encodings, sync, pull diagnostics, and
//! robustness against bad input.

use crate::common::{TestServer, URI};
use serde_json::{json, Value};

#[tokio::test]
async fn initialize_advertises_incremental_sync_and_negotiates_encoding() {
    let mut s = TestServer::start();
    let init = s
        .result(
            "initialize",
            json!({ "capabilities": { "general": { "positionEncodings": ["utf-8", "utf-16"] } } }),
        )
        .await;
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-8");
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(init["serverInfo"]["name"], "dlint");
    s.shutdown().await;
}

#[tokio::test]
async fn encoding_defaults_to_utf16() {
    let mut s = TestServer::start();
    let init = s
        .result(
            "initialize",
            json!({ "capabilities": { "general": { "positionEncodings": ["utf-7"] } } }),
        )
        .await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
}

#[tokio::test]
async fn unknown_method_is_method_not_found_and_server_keeps_serving() {
    let mut s = TestServer::new().await;
    let r = s.request("dlint/noSuchThing", json!({})).await;
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // Unknown notifications are ignored, not answered.
    s.notify("dlint/noSuchNotification", json!({})).await;
    s.open(URI, "FROM alpine\n").await;
    assert_eq!(s.text(URI).await, (1, "FROM alpine\n".to_owned()));
    s.shutdown().await;
}

#[tokio::test]
async fn malformed_json_gets_parse_error_and_server_keeps_serving() {
    let mut s = TestServer::new().await;
    let body = b"{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": ";
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(body);
    s.send_raw(&framed).await;
    let r = s.response(Value::Null).await;
    assert_eq!(r["error"]["code"], -32700, "{r}");
    // Wrong params shape for a known method: invalid params.
    let r = s
        .request("textDocument/hover", json!({ "textDocument": 3 }))
        .await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    s.open(URI, "FROM alpine\n").await;
    assert_eq!(s.text(URI).await.1, "FROM alpine\n");
    s.shutdown().await;
}

#[tokio::test]
async fn requests_for_unopened_documents_are_errors() {
    let mut s = TestServer::new().await;
    let r = s
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": "file:///nowhere/Dockerfile" } }),
        )
        .await;
    assert_eq!(
        r["error"],
        json!({ "code": -32602, "message": "document not open: file:///nowhere/Dockerfile" })
    );
    s.shutdown().await;
}

#[tokio::test]
async fn out_of_range_change_is_refused_whole_and_logged() {
    let mut s = TestServer::new().await;
    s.open(URI, "FROM alpine\n").await;
    // The first change is fine, the second is on a line that does not exist: the batch
    // is refused as a whole and the text stays as it was.
    s.change(
        URI,
        2,
        json!([
            { "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "# x\n" },
            { "range": { "start": { "line": 9, "character": 0 }, "end": { "line": 9, "character": 1 } }, "text": "y" }
        ]),
    )
    .await;
    let log = s.notification("window/logMessage").await;
    assert_eq!(log["type"], 1);
    assert!(
        log["message"]
            .as_str()
            .unwrap()
            .contains("position 9:0 is outside the document (3 lines)"),
        "{log}"
    );
    assert_eq!(s.text(URI).await, (1, "FROM alpine\n".to_owned()));
    s.shutdown().await;
}

#[tokio::test]
async fn full_text_change_inside_an_incremental_batch() {
    let mut s = TestServer::new().await;
    s.open(URI, "FROM alpine\n").await;
    s.change(
        URI,
        2,
        json!([
            { "range": { "start": { "line": 0, "character": 5 }, "end": { "line": 0, "character": 11 } }, "text": "debian" },
            { "text": "FROM scratch\nCOPY a b\n" },
            { "range": { "start": { "line": 1, "character": 5 }, "end": { "line": 1, "character": 6 } }, "text": "src" }
        ]),
    )
    .await;
    assert_eq!(
        s.text(URI).await,
        (2, "FROM scratch\nCOPY src b\n".to_owned())
    );
    s.shutdown().await;
}

#[tokio::test]
async fn utf16_and_utf8_columns_in_changes() {
    for (encodings, col) in [
        (json!(["utf-16"]), 11),
        (json!(["utf-8"]), 13),
        (json!(["utf-32"]), 10),
    ] {
        let mut s =
            TestServer::with_capabilities(json!({ "general": { "positionEncodings": encodings } }))
                .await;
        // "🐳" is 2 UTF-16 units, 4 UTF-8 bytes, 1 code point.
        s.open(URI, "RUN echo 🐳x\r\n").await;
        s.change(
            URI,
            2,
            json!([{ "range": { "start": { "line": 0, "character": col }, "end": { "line": 0, "character": col + 1 } }, "text": "é" }]),
        )
        .await;
        assert_eq!(s.text(URI).await.1, "RUN echo 🐳é\r\n", "{encodings}");
        s.shutdown().await;
    }
}

#[tokio::test]
async fn a_burst_of_changes_is_analysed_once_not_once_per_change() {
    // A file whose analysis takes a while, and ten keystrokes that reach the server
    // together, as from a fast typist or an editor that batches its notifications.
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(&format!(
            "FROM alpine:3.20 AS s{i}\nARG V{i}=1\nRUN apk add --no-cache curl && echo ${{V{i}}} > /f{i}\nCOPY --from=s0 /f0 /g{i}\n"
        ));
    }
    let mut s = TestServer::new().await;
    s.open(URI, &text).await;
    s.diagnostics(URI, 1).await;
    s.clear_backlog();
    let mut burst = Vec::new();
    for version in 2..=11 {
        let change = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": URI, "version": version },
            "contentChanges": [{ "range": { "start": { "line": 1, "character": 8 },
                                            "end": { "line": 1, "character": 8 } }, "text": "x" }] } });
        let body = serde_json::to_vec(&change).unwrap();
        burst.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        burst.extend_from_slice(&body);
    }
    s.send_raw(&burst).await;
    let last = s.diagnostics(URI, 11).await;
    let earlier: Vec<i64> = s
        .seen("textDocument/publishDiagnostics")
        .iter()
        .map(|p| p["version"].as_i64().unwrap())
        .collect();
    // Changes that arrive while an analysis runs only replace what it analyses next, and a
    // result already overtaken by a newer change is not published: at most the first
    // change (analysed before the rest were read) is published before the last one.
    assert!(
        earlier.len() <= 1,
        "published for versions {earlier:?} before 11"
    );
    assert!(earlier.iter().all(|v| (2..11).contains(v)), "{earlier:?}");
    // The last publish is the analysis of the last text.
    let (version, server_text) = s.text(URI).await;
    assert_eq!(version, 11);
    assert!(server_text.starts_with("FROM alpine:3.20 AS s0\nARG V0=1xxxxxxxxxx\n"));
    let pulled = s
        .result(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    assert_eq!(pulled["resultId"], "11");
    assert_eq!(pulled["items"], last);
    s.shutdown().await;
}

#[tokio::test]
async fn diagnostics_are_pushed_with_version_and_available_by_pull() {
    let mut s = TestServer::new().await;
    s.open_version(URI, "FROM scratch AS Build\n", 4).await;
    let pushed = s.diagnostics(URI, 4).await;
    assert!(
        pushed
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "StageNameCasing"),
        "{pushed}"
    );
    let pulled = s
        .result(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    assert_eq!(
        pulled,
        json!({ "kind": "full", "resultId": "4", "items": pushed })
    );
    let again = s
        .result(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI }, "previousResultId": "4" }),
        )
        .await;
    assert_eq!(again, json!({ "kind": "unchanged", "resultId": "4" }));
    // After an edit, the next publish carries the new version and the new findings.
    s.change(URI, 5, json!([{ "text": "FROM scratch AS build\n" }]))
        .await;
    let pushed = s.diagnostics(URI, 5).await;
    assert!(
        !pushed
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "StageNameCasing"),
        "{pushed}"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn closing_clears_diagnostics_and_forgets_the_document() {
    let mut s = TestServer::new().await;
    s.open(URI, "FROM alpine\n").await;
    s.diagnostics(URI, 1).await;
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    )
    .await;
    let p = s
        .notification_where("textDocument/publishDiagnostics", |p| {
            p.get("version").is_none()
        })
        .await;
    assert_eq!(p, json!({ "uri": URI, "diagnostics": [] }));
    let r = s
        .request(
            "dlint/documentText",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    assert_eq!(r["error"]["code"], -32602);
    s.shutdown().await;
}

#[tokio::test]
async fn invalid_requests_and_garbage_headers_get_errors_and_server_keeps_serving() {
    let mut s = TestServer::new().await;
    // Valid JSON, not JSON-RPC: invalid request, answered with the recovered id.
    s.send(&json!({ "jsonrpc": "2.0", "id": 41, "method": 7 }))
        .await;
    let r = s.response(json!(41)).await;
    assert_eq!(r["error"]["code"], -32600, "{r}");
    // A header block without Content-Length, then a normal message.
    s.send_raw(b"X-Junk: 1\r\n\r\n").await;
    let r = s.response(Value::Null).await;
    assert_eq!(
        r["error"],
        json!({ "code": -32700, "message": "missing Content-Length header" })
    );
    // Invalid UTF-8 in a body.
    s.send_raw(b"Content-Length: 2\r\n\r\n\xff\xfe").await;
    let r = s.response(Value::Null).await;
    assert_eq!(r["error"]["code"], -32700, "{r}");
    s.open(URI, "FROM alpine\n").await;
    assert_eq!(s.text(URI).await.1, "FROM alpine\n");
    s.shutdown().await;
}

#[tokio::test]
async fn huge_and_odd_documents_do_not_break_the_server() {
    let mut s = TestServer::new().await;
    // 20,000 lines, a line over BuildKit's 64 KiB limit, NULs and lone CRs.
    let mut text = "FROM alpine\n".to_owned();
    for i in 0..20_000 {
        text.push_str(&format!("RUN echo {i} \u{1F433}\r"));
    }
    text.push_str(&"x".repeat(70_000));
    text.push_str("\n\0\0\n");
    s.open(URI, &text).await;
    let (_, server_text) = s.text(URI).await;
    assert_eq!(server_text, text);
    let r = s.at("textDocument/hover", URI, 20_000, 5).await;
    assert!(r.is_null() || r.is_object());
    let r = s
        .request("textDocument/completion", json!({ "textDocument": { "uri": URI }, "position": { "line": 900000, "character": 0 } }))
        .await;
    assert_eq!(r["error"]["code"], -32602);
    s.shutdown().await;
}

/// Outline, folding and token answers skip tower-lsp-server's `Value` tree (see
/// `dlint_lsp::direct`): each request still gets exactly one answer, under its own id,
/// and errors still come back as errors.
#[tokio::test]
async fn directly_answered_requests_get_exactly_one_answer_each() {
    let mut s = TestServer::new().await;
    s.open(URI, "FROM alpine AS base\nRUN true\n").await;
    let doc = json!({ "textDocument": { "uri": URI } });
    let requests = [
        (json!("outline"), "textDocument/documentSymbol", doc.clone()),
        (json!(41), "textDocument/foldingRange", doc.clone()),
        (json!(42), "textDocument/semanticTokens/full", doc.clone()),
        (
            json!(43),
            "textDocument/documentSymbol",
            json!({ "textDocument": 3 }),
        ),
        (
            json!(44),
            "dlint/direct",
            json!({ "id": 44, "method": "textDocument/hover" }),
        ),
    ];
    for (id, method, params) in &requests {
        s.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
    }
    // A request answered the ordinary way marks the end: everything before it is in.
    s.send(&json!({ "jsonrpc": "2.0", "id": 45, "method": "shutdown" }))
        .await;
    let mut answers: Vec<Value> = Vec::new();
    loop {
        let msg = s.recv().await;
        if msg["id"] == 45 {
            break;
        }
        if msg.get("method").is_none() {
            answers.push(msg);
        }
    }
    for (id, method, _) in &requests {
        let mine: Vec<&Value> = answers.iter().filter(|m| m["id"] == *id).collect();
        assert_eq!(mine.len(), 1, "{method} {id}: {answers:?}");
    }
    let answer = |id: Value| answers.iter().find(|m| m["id"] == id).unwrap().clone();
    let outline = answer(json!("outline"));
    assert_eq!(outline["result"][0]["name"], "base", "{outline}");
    assert_eq!(outline["result"][0]["children"][0]["name"], "RUN");
    assert!(answer(json!(41))["result"].is_array());
    assert!(answer(json!(42))["result"]["data"].is_array());
    assert_eq!(answer(json!(43))["error"]["code"], -32602);
    assert_eq!(answer(json!(44))["error"]["code"], -32601);
}
