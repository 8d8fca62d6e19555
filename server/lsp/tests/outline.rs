//! Document symbols and folding ranges, exact JSON.

use crate::common::{TestServer, URI};
use serde_json::json;

const TEXT: &str = "# syntax=docker/dockerfile:1\nARG BASE=alpine\n# build\n# stage\nFROM $BASE AS build\nRUN apk add \\\n    curl\nCOPY <<EOF /a\nhello\nEOF\n\nFROM scratch\nMAINTAINER me\nCOPY --from=build /a /a\n";

async fn server() -> TestServer {
    let mut s = TestServer::new().await;
    s.open(URI, TEXT).await;
    s
}

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> serde_json::Value {
    json!({ "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } })
}

#[tokio::test]
async fn symbols_nest_instructions_under_stages() {
    let mut s = server().await;
    let symbols = s
        .result(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    assert_eq!(
        symbols,
        json!([
            { "name": "syntax", "detail": "docker/dockerfile:1", "kind": 7,
              "range": range(0, 0, 0, 28), "selectionRange": range(0, 2, 0, 8) },
            { "name": "ARG", "detail": "BASE=alpine", "kind": 13,
              "range": range(1, 0, 1, 15), "selectionRange": range(1, 0, 1, 3) },
            { "name": "build", "detail": "$BASE", "kind": 3,
              "range": range(4, 0, 9, 3), "selectionRange": range(4, 14, 4, 19),
              "children": [
                { "name": "RUN", "detail": "apk add curl", "kind": 12,
                  "range": range(5, 0, 6, 8), "selectionRange": range(5, 0, 5, 3) },
                { "name": "COPY", "detail": "<<EOF /a", "kind": 12,
                  "range": range(7, 0, 9, 3), "selectionRange": range(7, 0, 7, 4) }
              ] },
            { "name": "stage 1", "detail": "scratch", "kind": 3,
              "range": range(11, 0, 13, 23), "selectionRange": range(11, 5, 11, 12),
              "children": [
                { "name": "MAINTAINER", "detail": "me", "kind": 12, "tags": [1],
                  "range": range(12, 0, 12, 13), "selectionRange": range(12, 0, 12, 10) },
                { "name": "COPY", "detail": "--from=build /a /a", "kind": 12,
                  "range": range(13, 0, 13, 23), "selectionRange": range(13, 0, 13, 4) }
              ] }
        ])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn folding_covers_stages_continuations_heredocs_and_comment_blocks() {
    let mut s = server().await;
    let folds = s
        .result(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    assert_eq!(
        folds,
        json!([
            { "startLine": 2, "endLine": 3, "kind": "comment" },
            { "startLine": 4, "endLine": 9, "kind": "region" },
            { "startLine": 5, "endLine": 6 },
            { "startLine": 7, "endLine": 9 },
            { "startLine": 11, "endLine": 13, "kind": "region" }
        ])
    );
    s.shutdown().await;
}
