//! Document links, inlay hints and selection ranges, exact JSON.

use crate::common;

use crate::common::{TestServer, URI};
use serde_json::{json, Value};

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({ "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } })
}

const TEXT: &str = "ARG TAG=3.20\nFROM alpine:${TAG} AS a\nFROM ghcr.io/o/t AS b\nFROM a\nFROM ${NOPE}\nFROM registry.example.com/x\n";

async fn server() -> TestServer {
    let mut s = TestServer::new().await;
    s.open(URI, TEXT).await;
    s
}

#[tokio::test]
async fn links_for_known_registries_and_resolved_variables_only() {
    let mut s = server().await;
    let links = s
        .result(
            "textDocument/documentLink",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    assert_eq!(
        links,
        json!([
            { "range": range(1, 5, 1, 18), "target": "https://hub.docker.com/_/alpine", "tooltip": "Open alpine:3.20 in its registry" },
            { "range": range(2, 5, 2, 16), "target": "https://ghcr.io/o/t", "tooltip": "Open ghcr.io/o/t in its registry" }
        ])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn inlay_hint_shows_the_resolved_image() {
    let mut s = server().await;
    let hints = s
        .result(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": URI }, "range": range(0, 0, 6, 0) }),
        )
        .await;
    assert_eq!(
        hints,
        json!([{ "position": { "line": 1, "character": 18 }, "label": "= alpine:3.20", "kind": 2, "paddingLeft": true }])
    );
    let none = s
        .result(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": URI }, "range": range(2, 0, 5, 0) }),
        )
        .await;
    assert_eq!(none, json!([]));
    s.shutdown().await;
}

#[tokio::test]
async fn selection_grows_word_instruction_stage_file() {
    let mut s = server().await;
    let sel = s
        .result(
            "textDocument/selectionRange",
            json!({ "textDocument": { "uri": URI }, "positions": [{ "line": 2, "character": 7 }] }),
        )
        .await;
    assert_eq!(
        sel,
        json!([{
            "range": range(2, 5, 2, 16),
            "parent": { "range": range(2, 0, 2, 21),
                "parent": { "range": range(0, 0, 6, 0) } }
        }])
    );
    s.shutdown().await;
}
