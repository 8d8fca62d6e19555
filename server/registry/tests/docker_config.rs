//! config.json parsing, lookup order and credential helpers (real helper scripts run
//! as processes, no network).

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dlint_registry::docker_config::{
    config_path_from, decode_auth, run_helper, Credential, DockerConfig,
};

fn write_helper(dir: &Path, name: &str, body: &str) {
    let path = dir.join(format!("docker-credential-{name}"));
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn basic(user: &str, pass: &str) -> Credential {
    Credential::Basic {
        username: user.into(),
        password: dlint_registry::Secret::new(pass),
    }
}

#[test]
fn config_location() {
    assert_eq!(
        config_path_from(
            Some(OsString::from("/x/cfg")),
            Some(PathBuf::from("/home/u"))
        ),
        Some(PathBuf::from("/x/cfg/config.json"))
    );
    assert_eq!(
        config_path_from(None, Some(PathBuf::from("/home/u"))),
        Some(PathBuf::from("/home/u/.docker/config.json"))
    );
    assert_eq!(
        config_path_from(Some(OsString::new()), Some(PathBuf::from("/h"))),
        Some(PathBuf::from("/h/.docker/config.json"))
    );
    assert_eq!(config_path_from(None, None), None);
}

#[test]
fn auth_values() {
    assert_eq!(
        decode_auth("dGVzdHVzZXI6dGVzdHBhc3N3b3Jk").unwrap(),
        ("testuser".into(), "testpassword".into())
    );
    // "user:pa:ss" without padding; the split is at the first colon.
    let unpadded = "dXNlcjpwYTpzcw";
    assert_eq!(
        decode_auth(unpadded).unwrap(),
        ("user".into(), "pa:ss".into())
    );
    assert!(decode_auth("!!!").is_err());
    assert!(decode_auth("OnBhc3M=").is_err(), "empty username");
    let err = decode_auth("bm9jb2xvbg==").unwrap_err();
    assert!(!err.to_string().contains("nocolon"));
}

#[test]
fn file_lookup_order_and_hub_aliases() {
    let cfg = DockerConfig::from_json(
        r#"{"auths":{
            "https://index.docker.io/v1/":{"auth":"aHViOmh1YnB3"},
            "https://registry.example.com/v2/":{"username":"u","password":"p"},
            "ghcr.io":{"auth":"Z2g6dG9rZW4=","identitytoken":"idtok"},
            "quay.io":{"registrytoken":"rt"},
            "empty.example":{}
        },"unknownField":1}"#,
    )
    .unwrap();
    assert_eq!(
        cfg.file_credential("docker.io").unwrap(),
        Some(basic("hub", "hubpw"))
    );
    assert_eq!(
        cfg.file_credential("registry-1.docker.io").unwrap(),
        Some(basic("hub", "hubpw"))
    );
    assert_eq!(
        cfg.file_credential("registry.example.com").unwrap(),
        Some(basic("u", "p"))
    );
    assert!(matches!(
        cfg.file_credential("ghcr.io").unwrap(),
        Some(Credential::IdentityToken { ref username, ref token }) if username == "gh" && token.expose() == "idtok"
    ));
    assert!(matches!(
        cfg.file_credential("quay.io").unwrap(),
        Some(Credential::RegistryToken(_))
    ));
    assert_eq!(cfg.file_credential("empty.example").unwrap(), None);
    assert_eq!(cfg.file_credential("other.example").unwrap(), None);
    // Debug output never shows secrets.
    let debug = format!("{cfg:?} {:?}", cfg.file_credential("docker.io").unwrap());
    assert!(
        !debug.contains("hubpw") && !debug.contains("idtok") && !debug.contains("aHViOmh1YnB3"),
        "{debug}"
    );
    assert!(DockerConfig::from_json("{not json").is_err());
}

#[test]
fn helper_precedence() {
    let cfg = DockerConfig::from_json(
        r#"{"auths":{"a.example":{"auth":"dTpw"}},"credsStore":"desktop","credHelpers":{"b.example":"fixture"}}"#,
    )
    .unwrap();
    assert_eq!(cfg.helper_for("b.example"), Some("fixture"));
    assert_eq!(
        cfg.helper_for("a.example"),
        Some("desktop"),
        "credsStore wins over auths"
    );
    let no_store = DockerConfig::from_json(r#"{"credHelpers":{"docker.io":"hub"}}"#).unwrap();
    assert_eq!(no_store.helper_for("docker.io"), Some("hub"));
    assert_eq!(no_store.helper_for("ghcr.io"), None);
}

#[tokio::test]
async fn helpers_run_with_timeout_and_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let path = Some(dir.path().as_os_str().to_owned());
    write_helper(
        dir.path(),
        "fixture",
        r#"read -r server
case "$server" in
  reg.example) printf '{"ServerURL":"%s","Username":"testuser","Secret":"testpassword"}' "$server" ;;
  https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh-me"}' "$server" ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac"#,
    );
    write_helper(dir.path(), "slow", "sleep 30");
    write_helper(
        dir.path(),
        "broken",
        "echo 'leaked-secret-in-output' ; exit 3",
    );
    write_helper(dir.path(), "garbage", "echo 'not json secret-ish'");
    let t = Duration::from_secs(5);
    assert_eq!(
        run_helper("fixture", "reg.example", path.as_ref(), t)
            .await
            .unwrap(),
        Some(basic("testuser", "testpassword"))
    );
    assert!(matches!(
        run_helper("fixture", "https://index.docker.io/v1/", path.as_ref(), t).await.unwrap(),
        Some(Credential::IdentityToken { ref token, .. }) if token.expose() == "refresh-me"
    ));
    assert_eq!(
        run_helper("fixture", "other", path.as_ref(), t)
            .await
            .unwrap(),
        None
    );

    let started = Instant::now();
    let err = run_helper(
        "slow",
        "reg.example",
        path.as_ref(),
        Duration::from_millis(300),
    )
    .await
    .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the helper was not killed in time"
    );
    assert!(err.to_string().contains("timed out"), "{err}");

    let err = run_helper("broken", "reg.example", path.as_ref(), t)
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("leaked-secret"), "{err}");
    let err = run_helper("garbage", "reg.example", path.as_ref(), t)
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("secret-ish"), "{err}");
    assert!(run_helper("missing", "x", path.as_ref(), t).await.is_err());
    for bad in ["../evil", "a/b", "", ".hidden"] {
        assert!(
            run_helper(bad, "x", path.as_ref(), t).await.is_err(),
            "{bad}"
        );
    }

    // Through the config: credHelpers routes the host to the helper.
    let cfg = DockerConfig::from_json(r#"{"credHelpers":{"reg.example":"fixture"}}"#).unwrap();
    assert_eq!(
        cfg.credential("reg.example", path.as_ref(), t)
            .await
            .unwrap(),
        Some(basic("testuser", "testpassword"))
    );
    assert_eq!(
        cfg.credential("nohelper.example", path.as_ref(), t)
            .await
            .unwrap(),
        None
    );
}

#[test]
fn loading_files() {
    let dir = tempfile::tempdir().unwrap();
    let missing = DockerConfig::load(&dir.path().join("nope.json")).unwrap();
    assert_eq!(missing.helper_for("x"), None);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"\xff\xfe").unwrap();
    assert!(DockerConfig::load(&bad).is_err());
}

#[tokio::test]
async fn env_auth_config_and_podman_fallback() {
    use dlint_registry::docker_config::podman_auth_paths;
    let base = DockerConfig::from_json(
        r#"{"auths":{"a.example":{"auth":"YTpmaWxl"}},"credHelpers":{"b.example":"missing-helper"}}"#,
    )
    .unwrap();
    // DOCKER_AUTH_CONFIG wins over the file and over helpers.
    let with_env = base
        .clone()
        .with_env_auth_config(
            r#"{"auths":{"a.example":{"auth":"YTplbnY="},"b.example":{"auth":"YjplbnY="}}}"#,
        )
        .unwrap();
    let t = Duration::from_secs(2);
    let empty_path = Some(OsString::new());
    assert_eq!(
        with_env
            .credential("a.example", empty_path.as_ref(), t)
            .await
            .unwrap(),
        Some(basic("a", "env"))
    );
    assert_eq!(
        with_env
            .credential("b.example", empty_path.as_ref(), t)
            .await
            .unwrap(),
        Some(basic("b", "env"))
    );
    assert!(base.clone().with_env_auth_config("{oops").is_err());
    // Podman's auth.json only fills hosts Docker does not know.
    let podman = DockerConfig::from_json(
        r#"{"auths":{"https://a.example/v2/":{"auth":"YTpwb2RtYW4="},"c.example":{"auth":"Yzpwb2RtYW4="}}}"#,
    )
    .unwrap();
    let merged = base.with_fallback(podman);
    assert_eq!(
        merged.file_credential("a.example").unwrap(),
        Some(basic("a", "file"))
    );
    assert_eq!(
        merged.file_credential("c.example").unwrap(),
        Some(basic("c", "podman"))
    );
    assert_eq!(
        podman_auth_paths(
            Some("/r/auth.json".into()),
            Some("/run/user/1".into()),
            Some(PathBuf::from("/h"))
        ),
        vec![
            PathBuf::from("/r/auth.json"),
            PathBuf::from("/run/user/1/containers/auth.json"),
            PathBuf::from("/h/.config/containers/auth.json"),
        ]
    );
    assert_eq!(
        podman_auth_paths(None, Some(OsString::new()), None),
        Vec::<PathBuf>::new()
    );
}
