//! Definition, references, highlight, prepareRename and rename, exact JSON.

use crate::common::{TestServer, URI};
use serde_json::{json, Value};

// Line 4's `--from=later` names a stage declared after it: an image to BuildKit.
const TEXT: &str = "FROM alpine AS Build\nRUN true\nFROM build AS test\nCOPY --from=BUILD /a /b\nCOPY --from=later /x /y\nRUN --mount=type=cache,from=build,target=/c true\nCOPY --from=0 /a /b\nFROM debian AS later\n";

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({ "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } })
}

fn loc(r: Value) -> Value {
    json!({ "uri": URI, "range": r })
}

async fn server() -> TestServer {
    let mut s = TestServer::new().await;
    s.open(URI, TEXT).await;
    s
}

#[tokio::test]
async fn definition_of_stage_uses() {
    let mut s = server().await;
    let decl = loc(range(0, 15, 0, 20));
    assert_eq!(s.at("textDocument/definition", URI, 2, 7).await, decl);
    assert_eq!(s.at("textDocument/definition", URI, 3, 14).await, decl);
    assert_eq!(s.at("textDocument/definition", URI, 5, 30).await, decl);
    // A stage index goes to the stage's name.
    assert_eq!(s.at("textDocument/definition", URI, 6, 12).await, decl);
    // A stage declared later is not a stage here.
    assert_eq!(
        s.at("textDocument/definition", URI, 4, 14).await,
        Value::Null
    );
    // Plain text has no definition.
    assert_eq!(
        s.at("textDocument/definition", URI, 1, 5).await,
        Value::Null
    );
    s.shutdown().await;
}

#[tokio::test]
async fn references_and_highlights_of_a_stage() {
    let mut s = server().await;
    let refs = s
        .result(
            "textDocument/references",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 16 }, "context": { "includeDeclaration": true } }),
        )
        .await;
    assert_eq!(
        refs,
        json!([
            loc(range(0, 15, 0, 20)),
            loc(range(2, 5, 2, 10)),
            loc(range(3, 12, 3, 17)),
            loc(range(5, 28, 5, 33)),
            loc(range(6, 12, 6, 13))
        ])
    );
    let hl = s.at("textDocument/documentHighlight", URI, 3, 12).await;
    assert_eq!(
        hl,
        json!([
            { "range": range(0, 15, 0, 20), "kind": 3 },
            { "range": range(2, 5, 2, 10), "kind": 2 },
            { "range": range(3, 12, 3, 17), "kind": 2 },
            { "range": range(5, 28, 5, 33), "kind": 2 },
            { "range": range(6, 12, 6, 13), "kind": 2 }
        ])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn rename_a_stage_everywhere_but_its_index_uses() {
    let mut s = server().await;
    assert_eq!(
        s.at("textDocument/prepareRename", URI, 2, 6).await,
        range(2, 5, 2, 10)
    );
    let edit = s
        .result(
            "textDocument/rename",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 2, "character": 6 }, "newName": "builder" }),
        )
        .await;
    let edits: Vec<Value> = [
        range(0, 15, 0, 20),
        range(2, 5, 2, 10),
        range(3, 12, 3, 17),
        range(5, 28, 5, 33),
    ]
    .into_iter()
    .map(|r| json!({ "range": r, "newText": "builder" }))
    .collect();
    assert_eq!(edit, json!({ "changes": { URI: edits } }));
    s.shutdown().await;
}

#[tokio::test]
async fn rename_refuses_bad_names_and_bad_places() {
    let mut s = server().await;
    let pos = json!({ "line": 0, "character": 16 });
    for (name, message) in [
        ("my build", "invalid stage name \"my build\": it must start with a letter and contain only letters, digits, '-', '_' and '.'"),
        ("scratch", "\"scratch\" is a reserved name and cannot be a stage name"),
        ("TEST", "a stage named \"TEST\" already exists"),
    ] {
        let r = s
            .request("textDocument/rename", json!({ "textDocument": { "uri": URI }, "position": pos, "newName": name }))
            .await;
        assert_eq!(r["error"], json!({ "code": -32602, "message": message }), "{name}");
    }
    let r = s
        .request(
            "textDocument/prepareRename",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 1, "character": 1 } }),
        )
        .await;
    assert_eq!(
        r["error"],
        json!({ "code": -32602, "message": "nothing to rename here: place the cursor on a stage name, a variable or a heredoc delimiter" })
    );
    let r = s
        .request(
            "textDocument/prepareRename",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 6, "character": 12 } }),
        )
        .await;
    assert_eq!(
        r["error"]["message"],
        "a stage referred to by its index cannot be renamed; name it with AS first"
    );
    // Out-of-range position: an error, not a crash.
    let r = s
        .request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 99, "character": 0 } }),
        )
        .await;
    assert_eq!(
        r["error"],
        json!({ "code": -32602, "message": "position 99:0 is outside the document (9 lines)" })
    );
    s.shutdown().await;
}

// Global ARG V, re-declared in stage one; ENV E in stage one, inherited by stage two.
const VARS: &str =
    "ARG V=1\nFROM alpine:$V AS one\nARG V\nENV E=$V\nRUN echo $E ${V}\nFROM one\nRUN echo $E\n";

#[tokio::test]
async fn variables_follow_buildkit_scoping() {
    let mut s = TestServer::new().await;
    s.open(URI, VARS).await;
    // `$E` in the child stage is the ENV of the parent stage.
    assert_eq!(
        s.at("textDocument/definition", URI, 6, 10).await,
        loc(range(3, 4, 3, 5))
    );
    // `${V}` in stage one is its `ARG V`; from there, definition is the global ARG.
    assert_eq!(
        s.at("textDocument/definition", URI, 4, 15).await,
        loc(range(2, 4, 2, 5))
    );
    assert_eq!(
        s.at("textDocument/definition", URI, 2, 4).await,
        loc(range(0, 4, 0, 5))
    );
    let refs = s
        .result(
            "textDocument/references",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 3, "character": 4 }, "context": { "includeDeclaration": false } }),
        )
        .await;
    assert_eq!(
        refs,
        json!([loc(range(4, 10, 4, 11)), loc(range(6, 10, 6, 11))])
    );
    // Renaming the global ARG renames the re-declaration and every use of either.
    let edit = s
        .result(
            "textDocument/rename",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 4 }, "newName": "VERSION" }),
        )
        .await;
    let edits: Vec<Value> = [
        range(0, 4, 0, 5),
        range(1, 13, 1, 14),
        range(2, 4, 2, 5),
        range(3, 7, 3, 8),
        range(4, 14, 4, 15),
    ]
    .into_iter()
    .map(|r| json!({ "range": r, "newText": "VERSION" }))
    .collect();
    assert_eq!(edit, json!({ "changes": { URI: edits } }));
    let r = s
        .request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 4 }, "newName": "1V" }),
        )
        .await;
    assert_eq!(
        r["error"]["message"],
        "invalid variable name \"1V\": use letters, digits and '_', not starting with a digit"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn heredoc_delimiter_and_terminator_rename_together() {
    let mut s = TestServer::new().await;
    let text = "FROM alpine\nRUN <<-\"EOT\" bash\n\techo EOT here\n\tEOT\nCOPY <<A <<B /dst/\nB\nA\nb\nB\n";
    s.open(URI, text).await;
    // On the terminator: the marker is the definition, both are highlighted.
    assert_eq!(
        s.at("textDocument/definition", URI, 3, 2).await,
        loc(range(1, 8, 1, 11))
    );
    assert_eq!(
        s.at("textDocument/documentHighlight", URI, 1, 9).await,
        json!([{ "range": range(1, 8, 1, 11), "kind": 3 }, { "range": range(3, 1, 3, 4), "kind": 2 }])
    );
    assert_eq!(
        s.at("textDocument/prepareRename", URI, 1, 9).await,
        range(1, 8, 1, 11)
    );
    let rename = |line: u32, character: u32, name: &str| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character }, "newName": name });
    assert_eq!(
        s.result("textDocument/rename", rename(3, 2, "SCRIPT"))
            .await,
        json!({ "changes": { URI: [
            { "range": range(1, 8, 1, 11), "newText": "SCRIPT" },
            { "range": range(3, 1, 3, 4), "newText": "SCRIPT" }
        ] } })
    );
    // Two heredocs on one line: each marker goes with its own terminator.
    assert_eq!(
        s.result("textDocument/rename", rename(4, 11, "C")).await,
        json!({ "changes": { URI: [
            { "range": range(4, 11, 4, 12), "newText": "C" },
            { "range": range(8, 0, 8, 1), "newText": "C" }
        ] } })
    );
    // A name that is a line of the body would end the heredoc early; spaces are not a name.
    assert_eq!(
        s.request("textDocument/rename", rename(4, 11, "b")).await["error"],
        json!({ "code": -32602, "message": "a line of the heredoc's body is \"b\": it would end the heredoc there" })
    );
    assert_eq!(
        s.request("textDocument/rename", rename(1, 9, "two words"))
            .await["error"]["code"],
        -32602
    );
    s.shutdown().await;
}
