//! Lint diagnostics as LSP (code, link, fix in `data`) and the code actions built from
//! them, exact JSON.

use crate::common::{TestServer, URI};
use serde_json::{json, Value};

const TEXT: &str = "from alpine AS Build\nCOPY --from=Build /a /b\n";

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({ "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } })
}

fn stage_casing() -> Value {
    json!({
        "range": range(0, 15, 0, 20),
        "severity": 2,
        "code": "StageNameCasing",
        "codeDescription": { "href": "https://docs.docker.com/go/dockerfile/rule/stage-name-casing/" },
        "source": "dlint",
        "message": "Stage name 'Build' should be lowercase",
        "data": {
            "version": 1,
            "fix": {
                "title": "Lowercase the stage name and its references",
                "safe": true,
                "edits": [
                    { "range": range(0, 15, 0, 20), "newText": "build" },
                    { "range": range(1, 12, 1, 17), "newText": "build" }
                ]
            }
        }
    })
}

#[tokio::test]
async fn diagnostics_carry_code_link_and_fix() {
    let mut s = TestServer::new().await;
    s.open(URI, TEXT).await;
    let diags = s.diagnostics(URI, 1).await;
    // Other rules fire here too and come and go as rules are added; this test is about
    // how one finding is carried.
    let found: Vec<&Value> = diags
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "StageNameCasing")
        .collect();
    assert_eq!(found, [&stage_casing()]);
    s.shutdown().await;
}

#[tokio::test]
async fn quick_fix_from_data_and_ignore_comment() {
    let mut s = TestServer::new().await;
    s.open(URI, TEXT).await;
    let actions = s
        .result(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": range(0, 15, 0, 20), "context": { "diagnostics": [stage_casing()] } }),
        )
        .await;
    assert_eq!(
        actions,
        json!([
            {
                "title": "Lowercase the stage name and its references",
                "kind": "quickfix",
                "diagnostics": [stage_casing()],
                "edit": { "changes": { URI: [
                    { "range": range(0, 15, 0, 20), "newText": "build" },
                    { "range": range(1, 12, 1, 17), "newText": "build" }
                ] } },
                "isPreferred": true
            },
            {
                "title": "Ignore StageNameCasing for this instruction",
                "kind": "quickfix",
                "diagnostics": [stage_casing()],
                "edit": { "changes": { URI: [
                    { "range": range(0, 0, 0, 0), "newText": "# dlint ignore=StageNameCasing\n" }
                ] } },
                "isPreferred": false
            }
        ])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn ignore_adds_to_an_existing_comment_and_stale_fixes_are_dropped() {
    let mut s = TestServer::new().await;
    s.open(
        URI,
        "FROM alpine\n  # hadolint ignore=DL3000 # why\n  RUN x\n",
    )
    .await;
    let d = json!({ "range": range(2, 2, 2, 5), "code": "DL9999", "source": "dlint", "message": "m",
                    "data": { "version": 0, "fix": { "title": "stale", "safe": true, "edits": [] } } });
    let actions = s
        .result(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": range(2, 2, 2, 5), "context": { "diagnostics": [d] } }),
        )
        .await;
    assert_eq!(
        actions,
        json!([{
            "title": "Ignore DL9999 for this instruction",
            "kind": "quickfix",
            "diagnostics": [d],
            "edit": { "changes": { URI: [ { "range": range(1, 26, 1, 26), "newText": ",DL9999" } ] } },
            "isPreferred": false
        }])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn fix_all_runs_until_nothing_changes() {
    let mut s = TestServer::new().await;
    s.open(URI, TEXT).await;
    let actions = s
        .result(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": range(0, 0, 0, 0), "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
        )
        .await;
    assert_eq!(
        actions,
        json!([{
            "title": "Fix all auto-fixable dlint problems",
            "kind": "source.fixAll.dlint",
            "edit": { "changes": { URI: [
                // The smallest edit: from the first to the last changed character.
                { "range": range(0, 0, 1, 13), "newText": "FROM alpine AS build\nCOPY --from=b" }
            ] } }
        }])
    );
    // Nothing to fix: no action.
    s.change(URI, 2, json!([{ "text": "FROM alpine AS build\n" }]))
        .await;
    let actions = s
        .result(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": range(0, 0, 0, 0), "context": { "diagnostics": [], "only": ["source.fixAll.dlint"] } }),
        )
        .await;
    assert_eq!(actions, json!([]));
    s.shutdown().await;
}

/// A client-side diagnostic (no fix data) of `code` at a range.
fn finding(code: &str, r: Value) -> Value {
    json!({ "range": r, "code": code, "source": "dlint", "message": code })
}

#[tokio::test]
async fn one_ignore_action_per_rule_and_instruction() {
    let mut s = TestServer::new().await;
    s.open(
        URI,
        "FROM debian\nRUN apt-get install curl \\\n    wget\nRUN apt-get install git\n",
    )
    .await;
    // Two DL3008 findings on the first RUN (one of them on the continuation line: any
    // rule may find two things in one instruction), DL3015 once, and DL3008 again on
    // the second RUN.
    let a = finding("DL3008", range(1, 20, 1, 24));
    let b = finding("DL3008", range(2, 4, 2, 8));
    let c = finding("DL3015", range(1, 0, 2, 8));
    let d = finding("DL3008", range(3, 20, 3, 23));
    let actions = s
        .result(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": range(1, 0, 3, 23),
                    "context": { "diagnostics": [a, b, c, d] } }),
        )
        .await;
    let ignore = |code: &str, line: u32, diags: Value| {
        json!({
            "title": format!("Ignore {code} for this instruction"),
            "kind": "quickfix",
            "diagnostics": diags,
            "edit": { "changes": { URI: [
                { "range": range(line, 0, line, 0), "newText": format!("# dlint ignore={code}\n") }
            ] } },
            "isPreferred": false
        })
    };
    assert_eq!(
        actions,
        json!([
            ignore("DL3008", 1, json!([a, b])),
            ignore("DL3015", 1, json!([c])),
            ignore("DL3008", 3, json!([d])),
        ])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn a_fix_shared_by_several_diagnostics_is_offered_once() {
    let mut s = TestServer::new().await;
    s.open(URI, "FROM alpine AS Build\nCOPY --from=Build /a /b\n")
        .await;
    // Two findings carrying the same fix (as a rename fixing a name and its uses would).
    let fix = json!({ "title": "Rename", "safe": true, "edits": [
        { "range": range(0, 15, 0, 20), "newText": "build" },
        { "range": range(1, 12, 1, 17), "newText": "build" }
    ] });
    let at = |r: Value| {
        json!({ "range": r, "code": "StageNameCasing", "source": "dlint",
                                 "message": "m", "data": { "version": 1, "fix": fix } })
    };
    let (a, b) = (at(range(0, 15, 0, 20)), at(range(1, 12, 1, 17)));
    let actions = s
        .result(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": range(0, 0, 1, 17),
                    "context": { "diagnostics": [a, b] } }),
        )
        .await;
    let ignore = |line: u32, d: &Value| {
        json!({
            "title": "Ignore StageNameCasing for this instruction",
            "kind": "quickfix",
            "diagnostics": [d],
            "edit": { "changes": { URI: [
                { "range": range(line, 0, line, 0), "newText": "# dlint ignore=StageNameCasing\n" }
            ] } },
            "isPreferred": false
        })
    };
    assert_eq!(
        actions,
        json!([
            {
                "title": "Rename",
                "kind": "quickfix",
                "diagnostics": [a, b],
                "edit": { "changes": { URI: fix["edits"] } },
                "isPreferred": true
            },
            ignore(0, &a),
            ignore(1, &b),
        ])
    );
    s.shutdown().await;
}
