//! Configuration files (`.dlint.toml`, `.hadolint.yaml`) found by walking up from each
//! document, under the editor settings.

use std::path::{Path, PathBuf};

use crate::common::{codes, TestServer};
use serde_json::{json, Value};

const TEXT: &str = "FROM scratch AS Build\n";

/// A fresh project directory `root/sub/` with the config file in `root`, so the walk up
/// is exercised.
fn project(name: &str, config_name: &str, config: &str) -> (PathBuf, String) {
    let root = std::env::temp_dir().join(format!("dlint-lsp-config-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join(config_name), config).unwrap();
    let uri = file_uri(&root.join("sub/Dockerfile"));
    (root, uri)
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

async fn server_with(editor: Value) -> TestServer {
    let mut s = TestServer::start();
    let r = s
        .request(
            "initialize",
            json!({ "capabilities": {}, "initializationOptions": editor }),
        )
        .await;
    assert!(r.get("result").is_some(), "{r}");
    s.notify("initialized", json!({})).await;
    s
}

/// Whether StageNameCasing (which `TEXT` triggers) is reported in a project with this
/// configuration file.
async fn casing_reported_with(name: &str, config_name: &str, config: &str) -> bool {
    let (root, uri) = project(name, config_name, config);
    let mut s = server_with(Value::Null).await;
    s.open(&uri, TEXT).await;
    let diags = s.diagnostics(&uri, 1).await;
    std::fs::remove_dir_all(root).unwrap();
    codes(&diags).iter().any(|c| c == "StageNameCasing")
}

#[tokio::test]
async fn dlint_toml_above_the_document_applies() {
    let ignore = "ignore = [\"StageNameCasing\"]\n";
    assert!(!casing_reported_with("toml", ".dlint.toml", ignore).await);
    // Control: a file that changes nothing else leaves the finding.
    assert!(casing_reported_with("toml-control", ".dlint.toml", "ignore = []\n").await);
}

#[tokio::test]
async fn hadolint_yaml_applies_when_there_is_no_dlint_toml() {
    let yaml = "ignored:\n  - StageNameCasing\n";
    assert!(!casing_reported_with("yaml", ".hadolint.yaml", yaml).await);
}

#[tokio::test]
async fn editor_settings_win_over_the_file() {
    // The file selects only DL3007, the editor selects StageNameCasing: `select` replaces,
    // and the editor layer is on top.
    let (root, uri) = project("precedence", ".dlint.toml", "select = [\"DL3007\"]\n");
    let mut s = server_with(json!({ "select": ["StageNameCasing"] })).await;
    s.open(&uri, TEXT).await;
    let diags = s.diagnostics(&uri, 1).await;
    assert_eq!(codes(&diags), ["StageNameCasing"], "{diags}");
    std::fs::remove_dir_all(root).unwrap();
}

#[tokio::test]
async fn a_broken_file_is_one_diagnostic_and_linting_goes_on() {
    let (root, uri) = project("broken", ".dlint.toml", "select = 3\n");
    let mut s = server_with(Value::Null).await;
    s.open(&uri, TEXT).await;
    let diags = s.diagnostics(&uri, 1).await;
    let notes: Vec<&Value> = diags
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["message"].as_str().is_some_and(|m| {
                m.starts_with("configuration file ignored:") && m.contains(".dlint.toml")
            })
        })
        .collect();
    assert_eq!(notes.len(), 1, "{diags}");
    assert!(
        codes(&diags).iter().any(|c| c == "StageNameCasing"),
        "{diags}"
    );
    // Fixing the file takes effect on the next change, without a restart.
    std::fs::write(root.join(".dlint.toml"), "ignore = [\"StageNameCasing\"]\n").unwrap();
    s.change(&uri, 2, json!([{ "text": TEXT }])).await;
    let diags = s.diagnostics(&uri, 2).await;
    assert_eq!(diags, json!([]));
    std::fs::remove_dir_all(root).unwrap();
}
