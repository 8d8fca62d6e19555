//! Document and range formatting over LSP, exact JSON.

use crate::common::{TestServer, URI};
use serde_json::{json, Value};

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({ "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } })
}

const TEXT: &str = "from alpine\n  run apk add \\\n  curl\nRUN <<EOF\n  body\nEOF\n";

#[tokio::test]
async fn document_formatting_with_client_indentation() {
    let mut s = TestServer::new().await;
    s.open(URI, TEXT).await;
    let edits = s
        .result(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": false } }),
        )
        .await;
    assert_eq!(
        edits,
        json!([
            { "range": range(0, 0, 0, 4), "newText": "FROM" },
            { "range": range(1, 0, 1, 2), "newText": "" },
            { "range": range(1, 2, 1, 5), "newText": "RUN" },
            { "range": range(2, 0, 2, 2), "newText": "\t" }
        ])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn range_formatting_only_touches_the_range() {
    let mut s = TestServer::new().await;
    s.open(URI, TEXT).await;
    let edits = s
        .result(
            "textDocument/rangeFormatting",
            json!({ "textDocument": { "uri": URI }, "range": range(2, 0, 2, 1), "options": { "tabSize": 4, "insertSpaces": true } }),
        )
        .await;
    assert_eq!(
        edits,
        json!([{ "range": range(2, 0, 2, 2), "newText": "    " }])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn as_is_upper_cased_with_from_and_nested_continuations_keep_their_depth() {
    let mut s = TestServer::new().await;
    s.open(
        URI,
        "from alpine as build\nRUN if true; then \\\n        echo a; \\\n            echo b; \\\n        fi\n",
    )
    .await;
    let edits = s
        .result(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 4, "insertSpaces": true } }),
        )
        .await;
    assert_eq!(
        edits,
        json!([
            { "range": range(0, 0, 0, 4), "newText": "FROM" },
            { "range": range(0, 12, 0, 14), "newText": "AS" },
            { "range": range(2, 0, 2, 8), "newText": "    " },
            { "range": range(3, 0, 3, 12), "newText": "        " },
            { "range": range(4, 0, 4, 8), "newText": "    " }
        ])
    );
    s.shutdown().await;
}
