//! `dlint check --registry` end to end: a real registry (Debian's `docker-registry`, CNCF
//! distribution) on 127.0.0.1 holding images pushed by this test, and the real binary.
//! A missing `docker-registry` fails the test with the install command.

use crate::common::BIN;
use dlint_registry::manifest::{sha256_digest, OCI_INDEX, OCI_MANIFEST};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

const REGISTRY_BIN: &str = "/usr/bin/docker-registry";

/// A registry process with its own storage; its log lines are kept so tests can tell
/// whether dlint asked it anything. Killed on drop.
struct LocalRegistry {
    port: u16,
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
    _dir: tempfile::TempDir,
}

impl LocalRegistry {
    fn start() -> LocalRegistry {
        assert!(
            Path::new(REGISTRY_BIN).is_file(),
            "{REGISTRY_BIN} is required: install it with `apt-get install -y docker-registry` \
             (or run scripts/registry/install.sh)"
        );
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.yml");
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: 127.0.0.1:0\n",
                dir.path().join("storage").display()
            ),
        )
        .unwrap();
        let mut child = Command::new(REGISTRY_BIN)
            .arg("serve")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start docker-registry");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let outputs: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        ];
        for out in outputs {
            let (tx, log) = (tx.clone(), log.clone());
            // Drains the pipe for the registry's whole life so it never blocks on it.
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    if let Some(port) = port_in(&line) {
                        let _ = tx.send(port);
                    }
                    log.lock().unwrap().push(line);
                }
            });
        }
        let Ok(port) = rx.recv_timeout(Duration::from_secs(15)) else {
            let _ = child.kill();
            panic!("docker-registry did not say where it listens within 15 s");
        };
        let registry = LocalRegistry {
            port,
            child,
            log,
            _dir: dir,
        };
        for _ in 0..200 {
            if registry.request("GET", "/v2/", "", b"").0 == 200 {
                return registry;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("docker-registry on port {port} never answered /v2/");
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Log lines mentioning a repository path (requests dlint made, or the pushes).
    fn requests_for(&self, repo: &str) -> usize {
        self.settle();
        let needle = format!("/v2/{repo}/");
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.contains(&needle))
            .count()
    }

    /// Waits until the log has caught up with every request made so far. The log arrives
    /// through reader threads, so a count taken right after a push could miss its last
    /// lines and see them later (a race that showed up when tests ran in parallel): a
    /// marker request is sent, and its log lines mean the earlier ones are in too. The
    /// registry logs each request twice, the access line on stdout and the app line on
    /// stderr, each read by its own thread: both marker lines are waited for, since one
    /// stream can run ahead of the other.
    fn settle(&self) {
        static MARKERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = MARKERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let marker = format!("/v2/settle-marker-{n}/tags/list");
        self.request("GET", &marker, "", b"");
        for _ in 0..200 {
            let seen = self
                .log
                .lock()
                .unwrap()
                .iter()
                .filter(|l| l.contains(&marker))
                .count();
            if seen >= 2 {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("docker-registry never logged the marker request {marker}");
    }

    /// One HTTP/1.1 request with `Connection: close`: (status, response head).
    fn request(&self, method: &str, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return (0, String::new());
        };
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.host(),
            body.len()
        );
        if !content_type.is_empty() {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let head = answer.split("\r\n\r\n").next().unwrap_or("").to_string();
        (status, head)
    }

    /// Monolithic blob upload: POST for an upload URL, then PUT the bytes to it.
    fn push_blob(&self, repo: &str, bytes: &[u8]) {
        let (status, head) = self.request("POST", &format!("/v2/{repo}/blobs/uploads/"), "", b"");
        assert_eq!(status, 202, "blob upload start: {head}");
        let location = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("location")
                    .then(|| value.trim().to_string())
            })
            .expect("Location header");
        // The registry answers with an absolute URL; the request line wants the path.
        let path = match location.find("/v2/") {
            Some(i) => &location[i..],
            None => &location,
        };
        let sep = if path.contains('?') { '&' } else { '?' };
        let put = format!("{path}{sep}digest={}", sha256_digest(bytes));
        let (status, head) = self.request("PUT", &put, "application/octet-stream", bytes);
        assert_eq!(status, 201, "blob upload: {head}");
    }

    fn push_manifest(&self, repo: &str, reference: &str, media_type: &str, bytes: &[u8]) {
        let path = format!("/v2/{repo}/manifests/{reference}");
        let (status, head) = self.request("PUT", &path, media_type, bytes);
        assert_eq!(status, 201, "manifest {repo}:{reference}: {head}");
    }
}

impl Drop for LocalRegistry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `... msg="listening on 127.0.0.1:38643" ...` → 38643.
fn port_in(line: &str) -> Option<u16> {
    let at = line.find("listening on ")? + "listening on ".len();
    let addr: String = line[at..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"')
        .collect();
    addr.rsplit(':').next()?.parse().ok()
}

/// Digests of the pushed `demo/app` images.
struct Pushed {
    /// Single linux/amd64 manifest: tag `1.1`.
    single: String,
    /// OCI index with linux/amd64 and linux/arm64: tags `1.0` and `latest`.
    index: String,
}

fn image_manifest(config: &[u8], layer: &[u8]) -> Vec<u8> {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI_MANIFEST}","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{}","size":{}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{}","size":{}}}]}}"#,
        sha256_digest(config),
        config.len(),
        sha256_digest(layer),
        layer.len()
    )
    .into_bytes()
}

fn push_demo(registry: &LocalRegistry) -> Pushed {
    let repo = "demo/app";
    let layer = b"a pretend layer: the registry only checks its digest".to_vec();
    let config = |arch: &str| {
        format!(
            r#"{{"architecture":"{arch}","os":"linux","config":{{"Env":["PATH=/bin"]}},"rootfs":{{"type":"layers","diff_ids":["{}"]}}}}"#,
            sha256_digest(&layer)
        )
        .into_bytes()
    };
    let (amd64_config, arm64_config) = (config("amd64"), config("arm64"));
    for blob in [&layer, &amd64_config, &arm64_config] {
        registry.push_blob(repo, blob);
    }
    let amd64 = image_manifest(&amd64_config, &layer);
    let arm64 = image_manifest(&arm64_config, &layer);
    for m in [&amd64, &arm64] {
        registry.push_manifest(repo, &sha256_digest(m), OCI_MANIFEST, m);
    }
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[{{"mediaType":"{OCI_MANIFEST}","digest":"{}","size":{},"platform":{{"architecture":"amd64","os":"linux"}}}},{{"mediaType":"{OCI_MANIFEST}","digest":"{}","size":{},"platform":{{"architecture":"arm64","os":"linux"}}}}]}}"#,
        sha256_digest(&amd64),
        amd64.len(),
        sha256_digest(&arm64),
        arm64.len()
    )
    .into_bytes();
    for tag in ["1.0", "latest"] {
        registry.push_manifest(repo, tag, OCI_INDEX, &index);
    }
    registry.push_manifest(repo, "1.1", OCI_MANIFEST, &amd64);
    Pushed {
        single: sha256_digest(&amd64),
        index: sha256_digest(&index),
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `dlint` in `dir` with a private registry cache and no Docker credentials.
fn dlint(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("DLINT_CACHE_DIR", dir.join(".cache"))
        .env("DOCKER_CONFIG", dir.join(".docker"))
        .env_remove("DOCKER_AUTH_CONFIG")
        .stdin(Stdio::null())
        .output()
        .expect("run dlint");
    Run {
        code: out.status.code().expect("dlint exited normally"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// (code, message) of each finding in a `--format json` report.
fn findings(run: &Run) -> Vec<(String, String)> {
    let report: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {run:?}"));
    report
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn with_code<'a>(found: &'a [(String, String)], code: &str) -> Vec<&'a str> {
    found
        .iter()
        .filter(|(c, _)| c == code)
        .map(|(_, m)| m.as_str())
        .collect()
}

#[test]
fn wrong_tag_latest_and_no_tag_are_flagged_only_with_registry() {
    let registry = LocalRegistry::start();
    push_demo(&registry);
    let host = registry.host();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!(
            "FROM {host}/demo/app:1.2 AS wrong\nFROM {host}/demo/app:latest AS moving\n\
             FROM {host}/demo/app AS bare\nFROM wrong\n\
             FROM --platform=linux/s390x {host}/demo/app:1.0\n"
        ),
    )
    .unwrap();

    let pushes = registry.requests_for("demo/app");
    let plain = dlint(dir.path(), &["check", "--format", "json", "Dockerfile"]);
    assert!(
        !findings(&plain).iter().any(|(c, _)| c.starts_with("DR")),
        "{plain:?}"
    );
    assert_eq!(
        registry.requests_for("demo/app"),
        pushes,
        "without --registry the registry is never asked"
    );
    assert!(!dir.path().join(".cache").exists(), "no resolver, no cache");

    let insecure = ["--registry", "--insecure-registry", host.as_str()];
    let mut args = vec!["check", "--format", "json"];
    args.extend(insecure);
    args.push("Dockerfile");
    let checked = dlint(dir.path(), &args);
    let found = findings(&checked);
    let wrong = with_code(&found, "DR002");
    assert_eq!(wrong.len(), 1, "{checked:?}");
    assert!(
        wrong[0].contains("tag 1.2 does not exist") && wrong[0].contains("1.1"),
        "nearest tags named: {checked:?}"
    );
    let latest = with_code(&found, "DR005");
    assert_eq!(latest.len(), 1, "{checked:?}");
    assert!(latest[0].contains("resolves to 1.0"), "{checked:?}");
    assert_eq!(with_code(&found, "DR006").len(), 1, "{checked:?}");
    let platform = with_code(&found, "DR004");
    assert_eq!(platform.len(), 1, "{checked:?}");
    assert!(
        platform[0].contains("linux/s390x") && platform[0].contains("linux/arm64"),
        "{checked:?}"
    );
    assert_eq!(checked.code, 1, "a missing tag is an error: {checked:?}");
    assert!(registry.requests_for("demo/app") > pushes);

    // The new codes obey --ignore like any rule.
    let mut ignoring = args.clone();
    ignoring.splice(3..3, ["--ignore", "DR005"]);
    let ignored = dlint(dir.path(), &ignoring);
    let found = findings(&ignored);
    assert!(with_code(&found, "DR005").is_empty(), "{ignored:?}");
    assert_eq!(with_code(&found, "DR002").len(), 1, "{ignored:?}");
    assert!(
        !ignored.stderr.contains("DR005"),
        "DR005 is a known code: {ignored:?}"
    );

    // And ignore comments, by code or name, in both pragma forms, without an
    // unknown-code warning.
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!(
            "# hadolint ignore=DR002\nFROM {host}/demo/app:1.2 AS wrong\n\
             # dlint ignore=latest-tag\nFROM {host}/demo/app:latest AS moving\n"
        ),
    )
    .unwrap();
    let pragmas = dlint(dir.path(), &args);
    let found = findings(&pragmas);
    assert!(
        !found
            .iter()
            .any(|(c, _)| c.starts_with("DR") || c == "DF090"),
        "{pragmas:?}"
    );
    assert!(
        found.iter().any(|(c, _)| c == "DL3007"),
        "other rules still run: {pragmas:?}"
    );
}

#[test]
fn fix_with_unsafe_fixes_pins_latest_to_its_version_and_digest_and_is_stable() {
    let registry = LocalRegistry::start();
    let pushed = push_demo(&registry);
    let host = registry.host();
    let dir = tempfile::tempdir().unwrap();
    let dockerfile = dir.path().join("Dockerfile");
    std::fs::write(
        &dockerfile,
        format!("FROM {host}/demo/app:1.1 AS one\nFROM {host}/demo/app:latest\n"),
    )
    .unwrap();
    let args = [
        "check",
        "--registry",
        "--insecure-registry",
        &host,
        "--fix",
        "--unsafe-fixes",
        "Dockerfile",
    ];
    let first = dlint(dir.path(), &args);
    let fixed = std::fs::read_to_string(&dockerfile).unwrap();
    let lines: Vec<&str> = fixed.lines().collect();
    // `latest` becomes the version tag it resolves to, pinned to the digest.
    assert_eq!(
        lines[1],
        format!("FROM {host}/demo/app:1.0@{}", pushed.index),
        "{first:?}"
    );
    // A version tag is left alone unless DR008 is selected.
    assert_eq!(
        lines[0],
        format!("FROM {host}/demo/app:1.1 AS one"),
        "{first:?}"
    );

    let second = dlint(dir.path(), &args);
    assert_eq!(
        std::fs::read_to_string(&dockerfile).unwrap(),
        fixed,
        "{second:?}"
    );
    assert!(!second.stdout.contains("DR0"), "{second:?}");

    // Selecting DR008 pins every base image.
    let mut pin_all = args.to_vec();
    pin_all.splice(1..1, ["--select", "DR008"]);
    let third = dlint(dir.path(), &pin_all);
    let pinned = std::fs::read_to_string(&dockerfile).unwrap();
    assert_eq!(
        pinned.lines().next().unwrap(),
        format!("FROM {host}/demo/app:1.1@{} AS one", pushed.single),
        "{third:?}"
    );
}

#[test]
fn an_unreachable_registry_gives_one_quiet_note() {
    // A port that was free a moment ago: connections are refused.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let host = format!("127.0.0.1:{port}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!("FROM {host}/a/b:1 AS x\nFROM {host}/a/c:2\nFROM {host}/a/d\n"),
    )
    .unwrap();
    let plain = dlint(dir.path(), &["check", "--format", "json", "Dockerfile"]);
    let checked = dlint(
        dir.path(),
        &["check", "--format", "json", "--registry", "Dockerfile"],
    );
    let found = findings(&checked);
    let registry_findings: Vec<_> = found.iter().filter(|(c, _)| c.starts_with("DR")).collect();
    assert_eq!(registry_findings.len(), 1, "{checked:?}");
    assert_eq!(registry_findings[0].0, "DR010", "{checked:?}");
    assert_eq!(
        checked.code, plain.code,
        "the note does not change the exit status"
    );
}

#[test]
fn offline_answers_from_the_cache_and_denied_hosts_are_never_asked() {
    let mut registry = LocalRegistry::start();
    push_demo(&registry);
    let host = registry.host();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        format!("FROM {host}/demo/app:1.2\n"),
    )
    .unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "json", "--registry"];
        args.extend(extra);
        args.push("Dockerfile");
        dlint(dir.path(), &args)
    };

    let before = registry.requests_for("demo/app");
    let denied = check(&["--registry-deny", &host]);
    assert!(!denied.stdout.contains("\"DR0"), "{denied:?}");
    assert_eq!(registry.requests_for("demo/app"), before, "{denied:?}");

    let online = check(&[]);
    assert_eq!(
        with_code(&findings(&online), "DR002").len(),
        1,
        "{online:?}"
    );

    // With the registry gone, --offline still knows the answer from the cache.
    let _ = registry.child.kill();
    let _ = registry.child.wait();
    let offline = check(&["--offline"]);
    let found = findings(&offline);
    assert_eq!(with_code(&found, "DR002").len(), 1, "{offline:?}");
    assert!(with_code(&found, "DR010").is_empty(), "{offline:?}");
}
