//! Settings from `workspace/configuration`, `didChangeConfiguration` and
//! `initializationOptions`, applied over the defaults key by key.

use crate::common::{TestServer, URI};
use serde_json::{json, Value};

const TEXT: &str = "FROM scratch AS Build\n";

fn has(diags: &Value, code: &str) -> bool {
    diags.as_array().unwrap().iter().any(|d| d["code"] == code)
}

async fn init(s: &mut TestServer, capabilities: Value, options: Value) {
    let r = s
        .request(
            "initialize",
            json!({ "capabilities": capabilities, "initializationOptions": options }),
        )
        .await;
    assert!(r.get("result").is_some(), "{r}");
    s.notify("initialized", json!({})).await;
}

#[tokio::test]
async fn pulled_configuration_applies_and_is_pulled_again_on_change() {
    let mut s = TestServer::start();
    s.configuration = json!({ "ignore": ["StageNameCasing"] });
    init(
        &mut s,
        json!({ "workspace": { "configuration": true } }),
        Value::Null,
    )
    .await;
    s.open(URI, TEXT).await;
    // The settings are pulled while `initialized` runs, concurrently with the open; once
    // the client's answer is in, the document is linted again without the rule.
    let mut applied = false;
    for _ in 0..100 {
        let pulled = s
            .result(
                "textDocument/diagnostic",
                json!({ "textDocument": { "uri": URI } }),
            )
            .await;
        if !has(&pulled["items"], "StageNameCasing") {
            applied = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(applied, "pulled settings never applied");
    // Publishes from before the settings applied are not what we wait for below.
    s.clear_backlog();

    // VS Code sends `null` settings and expects the server to pull.
    s.configuration = json!({});
    s.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    )
    .await;
    let pushed = s
        .notification_where("textDocument/publishDiagnostics", |p| {
            has(&p["diagnostics"], "StageNameCasing")
        })
        .await;
    assert_eq!(pushed["version"], 1);
    s.shutdown().await;
}

#[tokio::test]
async fn pushed_settings_without_configuration_support() {
    let mut s = TestServer::start();
    init(
        &mut s,
        json!({}),
        json!({ "dlint": { "severity": { "StageNameCasing": "error" } } }),
    )
    .await;
    s.open(URI, TEXT).await;
    let diags = s.diagnostics(URI, 1).await;
    let d = diags
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "StageNameCasing")
        .unwrap()
        .clone();
    assert_eq!(d["severity"], 1);
    // A partial section: only `ignore`. The severity from initializationOptions stays
    // and nothing else is switched off.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "dlint": { "ignore": ["FromAsCasing"], "shellcheck": "nope" } } }),
    )
    .await;
    let log = s.notification("window/logMessage").await;
    assert_eq!(
        log,
        json!({ "type": 2, "message": "dlint settings: `shellcheck` must be true or false" })
    );
    let pulled = s
        .result(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let d = pulled["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "StageNameCasing")
        .unwrap()
        .clone();
    assert_eq!(d["severity"], 1);
    s.shutdown().await;
}
