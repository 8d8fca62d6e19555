//! Slow sources never delay the fast diagnostics: ShellCheck's findings arrive in a
//! second publish for the same version. Needs a `shellcheck` binary (as dlint's
//! ShellCheck rule does); its absence fails the test rather than skipping it.

use crate::common::{TestServer, URI};
use serde_json::Value;

fn codes(diags: &Value) -> Vec<String> {
    diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shellcheck_findings_follow_the_fast_ones() {
    assert!(
        dlint_linter::shellcheck::status().is_ok(),
        "no shellcheck binary: install it or set DLINT_SHELLCHECK"
    );
    let mut s = slow_source_server().await;
    s.open(URI, "FROM scratch\nRUN echo $1\n").await;
    let first = s.diagnostics(URI, 1).await;
    assert!(
        !codes(&first).iter().any(|c| c.starts_with("SC")),
        "{first}"
    );
    let second = s
        .notification_where("textDocument/publishDiagnostics", |p| {
            p["version"] == 1 && codes(&p["diagnostics"]).iter().any(|c| c == "SC2086")
        })
        .await;
    // The fast findings are still there.
    for code in codes(&first) {
        assert!(codes(&second["diagnostics"]).contains(&code), "{code} lost");
    }
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_scripts_keep_their_shellcheck_findings_while_typing() {
    assert!(
        dlint_linter::shellcheck::status().is_ok(),
        "no shellcheck binary: install it or set DLINT_SHELLCHECK"
    );
    let mut s = slow_source_server().await;
    s.open(URI, "FROM scratch\nRUN echo $2\n").await;
    s.notification_where("textDocument/publishDiagnostics", |p| {
        p["version"] == 1 && codes(&p["diagnostics"]).iter().any(|c| c == "SC2086")
    })
    .await;
    // An edit that leaves the RUN alone: its ShellCheck finding is in the very first
    // publish of the new version (from the cache), not gone until the slow pass.
    s.change(
        URI,
        2,
        serde_json::json!([{
            "range": { "start": { "line": 0, "character": 12 }, "end": { "line": 0, "character": 12 } },
            "text": "\nLABEL a=b"
        }]),
    )
    .await;
    let fast = s.diagnostics(URI, 2).await;
    assert!(codes(&fast).iter().any(|c| c == "SC2086"), "{fast}");
    // Once the slow pass is in, each finding is there once.
    let merged = s
        .notification_where("textDocument/publishDiagnostics", |p| {
            p["version"] == 2
                && codes(&p["diagnostics"])
                    .iter()
                    .filter(|c| *c == "SC2086")
                    .count()
                    >= 1
        })
        .await;
    let n = codes(&merged["diagnostics"])
        .iter()
        .filter(|c| *c == "SC2086")
        .count();
    assert_eq!(n, 1, "{merged}");
    s.shutdown().await;
}

/// A server whose test waits long enough for ShellCheck. Its pass runs at idle priority
/// (`SCHED_IDLE`), so while other work keeps both cores busy (the tests running beside
/// this one) it may not start for seconds; on an idle machine it takes well under one.
async fn slow_source_server() -> TestServer {
    let mut s = TestServer::new().await;
    s.wait = std::time::Duration::from_secs(120);
    s
}
