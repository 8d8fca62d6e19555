//! Document links, inlay hints and selection ranges, exact JSON.

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
            "range": range(2, 5, 2, 9),
            "parent": { "range": range(2, 5, 2, 16),
                "parent": { "range": range(2, 0, 2, 21),
                    "parent": { "range": range(0, 0, 6, 0) } } }
        }])
    );
    s.shutdown().await;
}

/// The ranges of a selection-range answer, innermost first.
fn chain(mut sel: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    while !sel.is_null() {
        out.push(sel["range"].clone());
        sel = &sel["parent"];
    }
    out
}

#[tokio::test]
async fn selection_steps_through_flag_values_elements_lines_and_heredocs() {
    let mut s = TestServer::new().await;
    let text = "FROM alpine AS base\nRUN --mount=type=cache,target=/root/.cache \\\n    apk add curl\nCOPY [\"a b.txt\", \"/dst/\"]\nRUN <<EOF\necho $HOME\nEOF\n";
    s.open(URI, text).await;
    let at = |line: u32, character: u32| json!({ "line": line, "character": character });
    let sel = s
        .result(
            "textDocument/selectionRange",
            json!({ "textDocument": { "uri": URI }, "positions": [
                at(1, 19), at(1, 31), at(2, 9), at(3, 8), at(5, 7)
            ] }),
        )
        .await;
    let (stage, file) = (range(0, 0, 6, 3), range(0, 0, 7, 0));
    let run = range(1, 0, 2, 16);
    let mount = [range(1, 12, 1, 42), range(1, 4, 1, 42), range(1, 0, 1, 44)];
    let heredoc_run = range(4, 0, 6, 3);
    let expected = [
        // `cache` in `type=cache`: the --mount field, the value, the flag, the line.
        [
            &[range(1, 17, 1, 22), range(1, 12, 1, 22)][..],
            &mount,
            &[run.clone(), stage.clone(), file.clone()],
        ]
        .concat(),
        // `root` in `target=/root/.cache`: the field's value first.
        [
            &[
                range(1, 31, 1, 35),
                range(1, 30, 1, 42),
                range(1, 23, 1, 42),
            ][..],
            &mount,
            &[run.clone(), stage.clone(), file.clone()],
        ]
        .concat(),
        // `add` on the continuation line: the line, then the instruction.
        vec![
            range(2, 8, 2, 11),
            range(2, 4, 2, 16),
            run.clone(),
            stage.clone(),
            file.clone(),
        ],
        // In a JSON element with a space: the element's text, the element, the array.
        vec![
            range(3, 7, 3, 8),
            range(3, 7, 3, 14),
            range(3, 6, 3, 15),
            range(3, 5, 3, 25),
            range(3, 0, 3, 25),
            stage.clone(),
            file.clone(),
        ],
        // `$HOME` in a heredoc: the name, the reference, the body line, the body, the body
        // with its terminator, the instruction.
        vec![
            range(5, 6, 5, 10),
            range(5, 5, 5, 10),
            range(5, 0, 5, 10),
            range(5, 0, 6, 0),
            range(5, 0, 6, 3),
            heredoc_run,
            stage,
            file,
        ],
    ];
    let got: Vec<Vec<Value>> = sel.as_array().unwrap().iter().map(chain).collect();
    assert_eq!(got, expected);
    s.shutdown().await;
}

#[tokio::test]
async fn selection_in_comments_and_directives() {
    let mut s = TestServer::new().await;
    s.open(
        URI,
        "# syntax=docker/dockerfile:1\nFROM alpine\n# install the tools\nRUN true\n",
    )
    .await;
    let sel = s
        .result(
            "textDocument/selectionRange",
            json!({ "textDocument": { "uri": URI }, "positions": [
                { "line": 0, "character": 4 }, { "line": 2, "character": 5 }
            ] }),
        )
        .await;
    let got: Vec<Vec<Value>> = sel.as_array().unwrap().iter().map(chain).collect();
    assert_eq!(
        got,
        [
            vec![range(0, 2, 0, 8), range(0, 0, 0, 28), range(0, 0, 4, 0)],
            vec![
                range(2, 2, 2, 9),
                range(2, 0, 2, 19),
                range(1, 0, 3, 8),
                range(0, 0, 4, 0)
            ],
        ]
    );
    s.shutdown().await;
}
