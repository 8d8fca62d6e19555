//! Registry features over the in-process harness, against the real Debian
//! `docker-registry` on 127.0.0.1: diagnostics after the lint ones, hover, tag
//! completion and the pin code action. A missing `docker-registry` fails the test.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{codes, TestServer};
use dlint_registry::manifest::{sha256_digest, OCI_MANIFEST};
use serde_json::{json, Value};

const REGISTRY_BIN: &str = "/usr/bin/docker-registry";
const URI: &str = "file:///nowhere/registry/Dockerfile";

/// One cache directory for the whole test binary (the resolver reads the variable when
/// it is created, and tests run on threads of one process).
fn isolate_cache() {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    std::env::set_var("DLINT_CACHE_DIR", dir.path());
}

/// A `docker-registry serve` on a free loopback port; killed on drop.
struct Registry {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Registry {
    fn start() -> Registry {
        assert!(
            Path::new(REGISTRY_BIN).is_file(),
            "{REGISTRY_BIN} is required: install it with `apt-get install -y docker-registry`"
        );
        let dir = tempfile::tempdir().unwrap();
        // Pick a free port by binding and releasing it: the registry logs its port only
        // when asked for `:0`, and reading its logs is more machinery than this needs.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = format!(
            "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: 127.0.0.1:{port}\n",
            dir.path().join("data").display()
        );
        let config_path = dir.path().join("config.yml");
        std::fs::write(&config_path, config).unwrap();
        let child = Command::new(REGISTRY_BIN)
            .arg("serve")
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start docker-registry");
        let registry = Registry {
            child,
            port,
            _dir: dir,
        };
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return registry;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("docker-registry did not listen on {port} within 10 s");
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn blob(&self, http: &reqwest::Client, repo: &str, bytes: &[u8]) -> String {
        let digest = sha256_digest(bytes);
        let started = http
            .post(format!("{}/v2/{repo}/blobs/uploads/", self.base()))
            .send()
            .await
            .unwrap();
        assert_eq!(started.status().as_u16(), 202);
        let location = started.headers()["location"].to_str().unwrap().to_owned();
        let location = if location.starts_with("http") {
            location
        } else {
            format!("{}{location}", self.base())
        };
        let sep = if location.contains('?') { '&' } else { '?' };
        let done = http
            .put(format!("{location}{sep}digest={digest}"))
            .header("Content-Type", "application/octet-stream")
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(done.status().as_u16(), 201);
        digest
    }

    /// Pushes one small linux/amd64 image under every tag; returns its digest.
    async fn push(&self, repo: &str, tags: &[&str]) -> String {
        let http = reqwest::Client::new();
        let layer = self.blob(&http, repo, b"not really a tarball").await;
        let config =
            br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;
        let config_digest = self.blob(&http, repo, config).await;
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": { "mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config.len() },
            "layers": [{ "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer, "size": 20 }],
        })
        .to_string();
        for tag in tags {
            let r = http
                .put(format!("{}/v2/{repo}/manifests/{tag}", self.base()))
                .header("Content-Type", OCI_MANIFEST)
                .body(manifest.clone())
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
        }
        sha256_digest(manifest.as_bytes())
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Registry findings carry the linter's codes, as in `dlint check --registry`.
fn has_registry_code(diags: &Value) -> bool {
    codes(diags).iter().any(|c| c.starts_with("DR"))
}

/// A server with the registry features on (the harness default is off).
async fn server(options: Value) -> TestServer {
    TestServer::with_options(json!({}), options).await
}

/// The code actions at column 8 of the first line (inside the FROM image).
async fn actions_on_image(s: &mut TestServer) -> Value {
    s.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 0, "character": 8 }, "end": { "line": 0, "character": 8 } },
            "context": { "diagnostics": [] },
        }),
    )
    .await
}

/// Waits for the publish of `version` that has registry findings and returns the one
/// with `code`.
async fn registry_finding(s: &mut TestServer, version: i64, code: &str) -> (Value, Value) {
    let all = s
        .notification_where("textDocument/publishDiagnostics", |p| {
            p["version"] == version && has_registry_code(&p["diagnostics"])
        })
        .await["diagnostics"]
        .clone();
    let found = all
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("no {code} in {all}"));
    (found, all)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registry_features_against_a_local_registry() {
    isolate_cache();
    let registry = Registry::start();
    let host = format!("127.0.0.1:{}", registry.port);
    let digest = registry
        .push("fixtures/app", &["1.0", "1.1", "1.2", "2.0", "1.2-alpine"])
        .await;
    let mut s = server(json!({})).await;

    // A wrong tag: lint diagnostics first, then the registry's, naming the nearest tags.
    let text = format!("FROM {host}/fixtures/app:1.3 AS Build\n");
    s.open(URI, &text).await;
    let first = s.diagnostics(URI, 1).await;
    assert!(
        codes(&first).contains(&"StageNameCasing".to_owned()),
        "{first}"
    );
    assert!(
        !has_registry_code(&first),
        "registry findings came first: {first}"
    );
    let (missing, later) = registry_finding(&mut s, 1, "DR002").await;
    let message = missing["message"].as_str().unwrap();
    assert!(message.contains("1.2"), "{message}");
    assert!(
        codes(&later).contains(&"StageNameCasing".to_owned()),
        "{later}"
    );

    // An edit that leaves the FROM image alone keeps the findings: they come with the
    // first publish of the new version instead of vanishing until the next lookup.
    s.change(URI, 2, json!([{ "text": format!("{text}RUN true\n") }]))
        .await;
    let kept = s.diagnostics(URI, 2).await;
    assert!(codes(&kept).contains(&"DR002".to_owned()), "{kept}");

    // Hover on an existing tag shows its digest.
    let text = format!("FROM {host}/fixtures/app:1.0\n");
    s.change(URI, 3, json!([{ "text": text }])).await;
    s.diagnostics(URI, 3).await;
    let hover = s.at("textDocument/hover", URI, 0, 8).await;
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains(&digest), "{hover}");
    assert!(shown.contains(&host), "{hover}");
    // The offline description (name, registry, link) comes first, once; the registry's
    // answer is added below it.
    let registry_part = shown.find("**registry**").expect("the registry's part");
    assert!(shown.find(&host).unwrap() < registry_part, "{hover}");
    assert!(!shown[registry_part..].contains(&host), "{hover}");

    // The pin code action appends the digest.
    let actions = actions_on_image(&mut s).await;
    let titled = |prefix: &str| {
        actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"].as_str().unwrap_or("").starts_with(prefix))
            .cloned()
            .unwrap_or_else(|| panic!("no {prefix} in {actions}"))
    };
    let pin = titled("Pin to digest");
    let edit = &pin["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(edit["newText"], format!("@{digest}"), "{pin}");
    let end = text.trim_end().encode_utf16().count();
    assert_eq!(edit["range"]["start"]["character"], end, "{pin}");
    // And the move to the newest tag of the same variant and major version.
    let newest = titled("Use newest tag");
    let edit = &newest["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(edit["newText"], "1.2", "{newest}");

    // Completion after `image:` lists the tags, newest first, plain versions before
    // other variants.
    let text = format!("FROM {host}/fixtures/app:\n");
    s.change(URI, 4, json!([{ "text": text }])).await;
    let column = text.trim_end().encode_utf16().count() as u32;
    let items = s.at("textDocument/completion", URI, 0, column).await;
    let mut items = items.as_array().unwrap().clone();
    items.sort_by_key(|i| i["sortText"].as_str().unwrap_or("").to_owned());
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["2.0", "1.2", "1.1", "1.0", "1.2-alpine"]);

    // `latest`: the finding names the version tag it resolves to (the most specific),
    // and both its fix and the pin action pin that tag with the digest.
    let web = registry
        .push("fixtures/web", &["1.4.2", "1.4", "latest"])
        .await;
    let text = format!("FROM {host}/fixtures/web:latest\n");
    s.change(URI, 6, json!([{ "text": text }])).await;
    let (latest, _) = registry_finding(&mut s, 6, "DR005").await;
    let message = latest["message"].as_str().unwrap();
    assert!(
        message.ends_with("it currently resolves to 1.4.2"),
        "{message}"
    );
    let fix = &latest["data"]["fix"];
    assert_eq!(
        fix["edits"][0]["newText"],
        format!("1.4.2@{web}"),
        "{latest}"
    );
    assert_eq!(fix["safe"], false, "{latest}");
    let actions = actions_on_image(&mut s).await;
    let pin = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap_or("")
                .starts_with("Pin to 1.4.2@")
        })
        .unwrap_or_else(|| panic!("no pin to the concrete tag in {actions}"));
    let edit = &pin["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(edit["newText"], format!("1.4.2@{web}"), "{pin}");

    // Registry codes obey ignore comments like any rule, without unknown-code warnings.
    let text = format!("# dlint ignore=DR005\nFROM {host}/fixtures/web:latest\n");
    s.change(URI, 7, json!([{ "text": text }])).await;
    let quiet = s.diagnostics(URI, 7).await;
    assert!(!codes(&quiet).contains(&"DF090".to_owned()), "{quiet}");

    // An image word built from a global ARG is checked after expansion; the finding
    // covers the whole word and offers no edit (its text is not in the document).
    let text = format!("ARG TAG=1.3\nFROM {host}/fixtures/app:${{TAG}}\n");
    s.change(URI, 8, json!([{ "text": text }])).await;
    let (missing, _) = registry_finding(&mut s, 8, "DR002").await;
    let word_end = text.lines().nth(1).unwrap().len();
    assert_eq!(
        missing["range"],
        json!({ "start": { "line": 1, "character": 5 }, "end": { "line": 1, "character": word_end } })
    );
    assert!(missing["data"].get("fix").is_none(), "{missing}");
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_registry_never_delays_lint_diagnostics() {
    isolate_cache();
    // Accepts connections and answers nothing for 5 s.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicBool::new(false));
    let released = Arc::new(AtomicBool::new(false));
    {
        let (accepted, released) = (accepted.clone(), released.clone());
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                accepted.store(true, Ordering::SeqCst);
                let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
                let mut sink = [0u8; 1024];
                let start = std::time::Instant::now();
                while start.elapsed() < Duration::from_secs(5) {
                    let _ = stream.read(&mut sink);
                }
                released.store(true, Ordering::SeqCst);
            }
        });
    }
    let mut s = server(json!({})).await;
    s.open(
        URI,
        &format!("FROM 127.0.0.1:{port}/slow/image:1.0 AS Build\n"),
    )
    .await;
    let first = s.diagnostics(URI, 1).await;
    assert!(
        codes(&first).contains(&"StageNameCasing".to_owned()),
        "{first}"
    );
    assert!(!has_registry_code(&first), "{first}");
    // The lookup started (so the registry was asked) and is still held.
    for _ in 0..100 {
        if accepted.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        accepted.load(Ordering::SeqCst),
        "the registry was never asked"
    );
    assert!(!released.load(Ordering::SeqCst));
    // A hover meanwhile answers within its bound and says the lookup is still running.
    let hover = s.at("textDocument/hover", URI, 0, 8).await;
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("looking up…"), "{hover}");
    s.shutdown().await;
}

/// With the feature off, or the host denied, the registry is never asked: no findings
/// and no actions.
async fn assert_no_registry_features(options: impl Fn(&str) -> Value) {
    isolate_cache();
    let registry = Registry::start();
    let host = format!("127.0.0.1:{}", registry.port);
    registry.push("fixtures/quiet", &["1.0"]).await;
    let mut s = server(options(&host)).await;
    s.open(URI, &format!("FROM {host}/fixtures/quiet:1.0\n"))
        .await;
    s.diagnostics(URI, 1).await;
    let actions = actions_on_image(&mut s).await;
    assert_eq!(actions, json!([]));
    let hover = s.at("textDocument/hover", URI, 0, 8).await;
    assert!(!hover.to_string().contains("sha256:"), "{hover}");
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registry_features_can_be_switched_off() {
    assert_no_registry_features(|_| json!({ "registry": { "enabled": false } })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn denied_hosts_are_never_asked() {
    assert_no_registry_features(|host| json!({ "registry": { "denyHosts": [host] } })).await;
}
