//! Completion and hover, exact JSON where the answer is small, labels where it is a list.

use crate::common::{TestServer, URI};
use serde_json::{json, Value};

const TEXT: &str = "ARG V=1\nFROM alpine AS one\nENV E=2\nRUN --mount=type=cache,sharing= echo ${\nFROM one\nCOPY --from= a b\nSTOPSIGNAL \nRUN --net\nFROM --platform=$BU scratch\n";

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({ "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } })
}

async fn server(snippets: bool) -> TestServer {
    let mut s = TestServer::with_capabilities(
        json!({ "textDocument": { "completion": { "completionItem": { "snippetSupport": snippets } } } }),
    )
    .await;
    s.open(URI, TEXT).await;
    // Hover adds the explanation of the diagnostics under the cursor once they are published,
    // so every test starts after the first publish, as an editor's user would.
    s.diagnostics(URI, 1).await;
    s
}

fn labels(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn stage_names_after_copy_from_exclude_the_current_stage() {
    let mut s = server(true).await;
    let items = s.at("textDocument/completion", URI, 5, 12).await;
    assert_eq!(
        items,
        json!([{ "label": "one", "kind": 9, "detail": "stage FROM alpine",
                 "textEdit": { "range": range(5, 12, 5, 12), "newText": "one" } }])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn mount_option_values() {
    let mut s = server(true).await;
    let items = s.at("textDocument/completion", URI, 3, 31).await;
    let edit = |v: &str| json!({ "label": v, "kind": 20, "textEdit": { "range": range(3, 31, 3, 31), "newText": v } });
    assert_eq!(
        items,
        json!([edit("shared"), edit("private"), edit("locked")])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn variables_in_scope_only() {
    let mut s = server(true).await;
    // In RUN of stage one: its ENV and the proxy args; the global ARG V is not visible
    // in a stage that does not re-declare it.
    let items = s.at("textDocument/completion", URI, 3, 39).await;
    assert_eq!(
        items[0],
        json!({
            "label": "E", "kind": 6, "detail": "ENV E=2", "sortText": "00000",
            "textEdit": { "range": range(3, 39, 3, 39), "newText": "E}" }
        })
    );
    assert!(!labels(&items).contains(&"V"));
    assert!(labels(&items).contains(&"HTTP_PROXY"));
    // In FROM: global ARGs and the automatic platform ARGs.
    let items = s.at("textDocument/completion", URI, 8, 19).await;
    let l = labels(&items);
    assert!(
        l.contains(&"V") && l.contains(&"BUILDPLATFORM") && !l.contains(&"E"),
        "{l:?}"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn flags_signals_and_keywords() {
    let mut s = server(true).await;
    assert_eq!(
        labels(&s.at("textDocument/completion", URI, 7, 9).await),
        ["--mount", "--network", "--security"]
    );
    let network = &s.at("textDocument/completion", URI, 7, 9).await[1];
    assert_eq!(network["insertTextFormat"], 2);
    assert_eq!(
        network["textEdit"],
        json!({ "range": range(7, 4, 7, 9), "newText": "--network=${1|default,none,host|}" })
    );
    let signals = s.at("textDocument/completion", URI, 6, 11).await;
    assert_eq!(labels(&signals)[0], "SIGTERM");
    // Before the first FROM only FROM and ARG may start an instruction.
    assert_eq!(
        labels(&s.at("textDocument/completion", URI, 0, 1).await),
        ["FROM", "FROM … AS", "ARG", "ARG …="]
    );
    s.shutdown().await;
}

#[tokio::test]
async fn snippets_degrade_without_client_support() {
    let mut s = server(false).await;
    let items = s.at("textDocument/completion", URI, 7, 9).await;
    assert_eq!(items[1]["textEdit"]["newText"], "--network=default");
    assert_eq!(items[1]["insertTextFormat"], 1);
    s.shutdown().await;
}

#[tokio::test]
async fn hover_variable_stage_flag_keyword() {
    let mut s = server(true).await;
    assert_eq!(
        s.at("textDocument/hover", URI, 2, 4).await,
        json!({ "contents": { "kind": "markdown", "value": "**ENV** `E`\n\nDeclared on line 3\n\nValue: `2`" },
                "range": range(2, 4, 2, 5) })
    );
    assert_eq!(
        s.at("textDocument/hover", URI, 4, 6).await,
        json!({ "contents": { "kind": "markdown", "value": "**stage `one`** (index 0), built FROM `alpine`\n\nLine 2" },
                "range": range(4, 5, 4, 8) })
    );
    let flag = s.at("textDocument/hover", URI, 3, 5).await;
    assert_eq!(flag["range"], range(3, 4, 3, 31));
    assert!(flag["contents"]["value"].as_str().unwrap().starts_with(
        "```dockerfile\nRUN --mount=type=<bind|cache|tmpfs|secret|ssh>,<options>\n```\n"
    ));
    let mount_key = s.at("textDocument/hover", URI, 3, 25).await;
    assert_eq!(
        mount_key["contents"]["value"]
            .as_str()
            .unwrap()
            .lines()
            .next()
            .unwrap(),
        "**--mount** `sharing`"
    );
    let kw = s.at("textDocument/hover", URI, 6, 2).await;
    assert_eq!(kw["range"], range(6, 0, 6, 10));
    assert!(kw["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("STOPSIGNAL <signal>"));
    s.shutdown().await;
}

#[tokio::test]
async fn hover_explains_the_rule_of_a_diagnostic() {
    let mut s = TestServer::new().await;
    s.open(URI, "FROM alpine AS Build\n").await;
    s.diagnostics(URI, 1).await;
    let h = s.at("textDocument/hover", URI, 0, 17).await;
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**stage `Build`** (index 0)"), "{text}");
    assert!(
        text.contains("**dlint `StageNameCasing`** (stage-name-casing): ")
            && text.contains(
                "[Documentation](https://docs.docker.com/go/dockerfile/rule/stage-name-casing/)"
            ),
        "{text}"
    );
    s.shutdown().await;
}

/// The markdown of a hover at a position of `text`.
async fn hover_text(text: &str, line: u32, character: u32) -> Value {
    let mut s = TestServer::new().await;
    s.open(URI, text).await;
    s.diagnostics(URI, 1).await;
    let h = s.at("textDocument/hover", URI, line, character).await;
    s.shutdown().await;
    h
}

#[tokio::test]
async fn hover_on_a_from_image_without_the_registry() {
    let text = "ARG TAG=3.20\nFROM alpine:${TAG} AS a\nFROM ghcr.io/o/tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nFROM scratch\nFROM registry.example.com:5000/team/app\nFROM a\n";
    assert_eq!(
        hover_text(text, 1, 6).await,
        json!({ "contents": { "kind": "markdown", "value":
            "`alpine:${TAG}` → `alpine:3.20`\n\n**alpine** on Docker Hub (`docker.io`)\n\nrepository: `docker.io/library/alpine`\n\ntag: `3.20`\n\n[https://hub.docker.com/_/alpine](https://hub.docker.com/_/alpine)" },
                "range": range(1, 5, 1, 18) })
    );
    // On the variable inside the image, the variable's own hover.
    let on_var = hover_text(text, 1, 15).await;
    assert!(
        on_var["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**global ARG** `TAG`"),
        "{on_var}"
    );
    assert_eq!(
        hover_text(text, 2, 8).await,
        json!({ "contents": { "kind": "markdown", "value":
            "**ghcr.io/o/tool** on GitHub Container Registry (`ghcr.io`)\n\nrepository: `ghcr.io/o/tool`\n\ndigest: `sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`\n\n[https://ghcr.io/o/tool](https://ghcr.io/o/tool)" },
                "range": range(2, 5, 2, 91) })
    );
    assert_eq!(
        hover_text(text, 3, 7).await["contents"]["value"],
        "**scratch**: the empty image; the stage starts with no files at all"
    );
    // An unknown registry: no link, the host as written; then the untagged image's rule.
    assert_eq!(
        hover_text(text, 4, 7).await["contents"]["value"],
        "**registry.example.com:5000/team/app** on registry `registry.example.com:5000`\n\nrepository: `registry.example.com:5000/team/app`\n\ntag: `latest` (none written)\n\n---\n\n**dlint `DL3006`** (tag-base-image): Reports a `FROM` image without a tag or digest. [Documentation](https://github.com/hadolint/hadolint/wiki/DL3006)"
    );
    // A stage name is a stage, not an image.
    assert!(hover_text(text, 5, 5).await["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**stage `a`**"));
}

#[tokio::test]
async fn flags_already_written_are_not_offered_again() {
    let mut s = TestServer::new().await;
    s.open(
        URI,
        "FROM alpine AS a\nCOPY --link --from=a --\nRUN --network=none --mount=type=cache,target=/c --\n",
    )
    .await;
    let copy = s.at("textDocument/completion", URI, 1, 23).await;
    assert_eq!(
        labels(&copy),
        ["--chown", "--chmod", "--parents", "--exclude"]
    );
    // --mount may be given many times; --network only once.
    let run = s.at("textDocument/completion", URI, 2, 51).await;
    assert_eq!(labels(&run), ["--mount", "--security"]);
    s.shutdown().await;
}

#[tokio::test]
async fn hover_on_heredoc_markers_and_terminators() {
    let text = "FROM alpine\nRUN <<-EOT bash\n\techo a\n\techo b\n\tEOT\nCOPY <<'X' /x\n$HOME\nX\n";
    let run = json!({ "contents": { "kind": "markdown", "value":
        "**heredoc** `EOT`: lines 3–4, the script this RUN runs (or input of its command)\n\n`<<-`: leading tabs are stripped from each line.\n\nThe builder passes it on as written; the shell expands its variables when it runs." },
        "range": range(1, 4, 1, 10) });
    assert_eq!(hover_text(text, 1, 6).await, run);
    // The terminator line answers for its heredoc.
    assert_eq!(hover_text(text, 4, 2).await["contents"], run["contents"]);
    assert_eq!(
        hover_text(text, 5, 7).await,
        json!({ "contents": { "kind": "markdown", "value":
            "**heredoc** `X`: line 7, the content of a file this instruction writes\n\nQuoted delimiter: written as is, `$` included." },
            "range": range(5, 5, 5, 10) })
    );
}

#[tokio::test]
async fn copy_destinations_from_the_stages_workdirs() {
    let mut s = TestServer::new().await;
    s.open(
        URI,
        "FROM alpine AS base\nWORKDIR /app\nFROM base\nWORKDIR src\nCOPY --from=base a \nWORKDIR /out\n",
    )
    .await;
    let items = s.at("textDocument/completion", URI, 4, 19).await;
    let folder = |dir: &str, line: u32, sort: &str| {
        json!({ "label": dir, "kind": 19, "detail": format!("WORKDIR on line {line}"), "sortText": sort,
                "textEdit": { "range": range(4, 19, 4, 19), "newText": dir } })
    };
    // The relative WORKDIR joins the parent stage's; the later /out is not set yet.
    assert_eq!(
        items,
        json!([folder("/app/src/", 4, "00000"), folder("/app/", 2, "00001")])
    );
    s.shutdown().await;
}

#[tokio::test]
async fn check_directive_keys_rules_and_booleans() {
    let mut s = TestServer::new().await;
    s.open(
        URI,
        "# check=error=true;\n# check=skip=StageNameCasing,Fro\nFROM alpine\n",
    )
    .await;
    let keys = s.at("textDocument/completion", URI, 0, 19).await;
    let key = |k: &str| json!({ "label": k, "kind": 10, "textEdit": { "range": range(0, 19, 0, 19), "newText": format!("{k}=") } });
    assert_eq!(keys, json!([key("skip"), key("experimental")]));
    let rules = s.at("textDocument/completion", URI, 1, 32).await;
    let names = labels(&rules);
    assert_eq!(names[0], "all");
    assert!(names.contains(&"FromAsCasing"), "{names:?}");
    // Neither a rule already listed nor one of dlint's own or hadolint's.
    assert!(!names.contains(&"StageNameCasing") && !names.contains(&"DL3008"));
    assert_eq!(
        rules[1]["textEdit"]["range"],
        range(1, 29, 1, 32),
        "replaces the rule name being typed"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn arg_names_a_stage_may_declare() {
    let mut s = TestServer::new().await;
    s.open(
        URI,
        "ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}\nARG TARGETARCH\nARG TARGETOS TA\n",
    )
    .await;
    let items = s.at("textDocument/completion", URI, 3, 15).await;
    // The global ARG first (with its value), then the platform ARGs not yet declared
    // here (TARGETARCH and TARGETOS are).
    assert_eq!(
        items[0],
        json!({ "label": "GO_VERSION", "kind": 6, "detail": "global ARG GO_VERSION=1.22",
                "documentation": { "kind": "markdown", "value": "Declaring it here makes the global value visible in this stage." },
                "sortText": "00000",
                "textEdit": { "range": range(3, 13, 3, 15), "newText": "GO_VERSION" } })
    );
    assert_eq!(
        labels(&items)[1..],
        [
            "TARGETPLATFORM",
            "TARGETVARIANT",
            "BUILDPLATFORM",
            "BUILDOS",
            "BUILDARCH",
            "BUILDVARIANT",
            "TARGETOSVERSION",
            "BUILDOSVERSION",
            "TARGETSTAGE"
        ]
    );
    s.shutdown().await;
}
