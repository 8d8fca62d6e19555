//! Authentication against real registries: htpasswd Basic auth and distribution's
//! token auth with a bearer token server; credentials from config.json `auths`,
//! `credHelpers`, `credsStore`, identity tokens (OAuth refresh grant) and helpers
//! answering `<token>`. Every error and finding is checked for leaked secrets.

use crate::common;

use crate::common::fixtures::{push_standard, Fixtures, Pusher};
use crate::common::registry::{htpasswd_file, Auth, Registry};
use crate::common::token::{
    make_keys, start_token_server, ISSUER, PASSWORD, REFRESH_TOKEN, SERVICE, USER,
};
use crate::common::{auth_value, docker_config, test_options, write_helper};
use dlint_registry::{
    CredentialSource, ImageRef, LookupError, LookupOptions, RegistryAnswer, Resolver,
    ResolverOptions,
};

const SECRETS: &[&str] = &[PASSWORD, REFRESH_TOKEN, "dGVzdHVzZXI6dGVzdHBhc3N3b3Jk"];

fn assert_no_secret(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "secret leaked into: {text}");
    }
}

fn with_config(path: &std::path::Path, helpers: Option<&std::path::Path>) -> ResolverOptions {
    ResolverOptions {
        credentials: CredentialSource::ConfigFile(path.to_path_buf()),
        helper_search_path: helpers.map(|h| h.as_os_str().to_owned()),
        ..test_options()
    }
}

struct BasicEnv {
    open: Registry,
    auth: Registry,
    fixtures: Fixtures,
    _storage: tempfile::TempDir,
    _files: tempfile::TempDir,
}

async fn basic_env() -> BasicEnv {
    let storage = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let open = Registry::start(storage.path(), Auth::Open);
    let fixtures = push_standard(&Pusher::new(&open.url(), None)).await;
    let htpasswd = htpasswd_file(files.path(), USER, PASSWORD);
    let auth = Registry::start(storage.path(), Auth::Htpasswd(htpasswd));
    BasicEnv {
        open,
        auth,
        fixtures,
        _storage: storage,
        _files: files,
    }
}

#[tokio::test]
async fn basic_auth_from_config_and_helpers() {
    let env = basic_env().await;
    let host = env.auth.host();
    let multi = ImageRef::parse(&format!("{host}/fixtures/multi:1.0")).unwrap();
    assert!(env.open.port != env.auth.port);

    // Anonymous: no access, reported as such (never as "not found").
    let anonymous = Resolver::new(test_options()).unwrap();
    let err = anonymous.resolve(&multi, None).await.unwrap_err();
    assert!(matches!(err, LookupError::Unauthorized { .. }), "{err:?}");
    let answer = anonymous
        .lookup_from(&multi.familiar(), None, &LookupOptions::default())
        .await;
    assert_eq!(
        answer,
        Some(RegistryAnswer::NoAccess {
            host: host.to_string()
        })
    );

    // auths with padding, and without (lenient like the reference asks).
    for auth in [
        auth_value(USER, PASSWORD),
        auth_value(USER, PASSWORD).trim_end_matches('=').to_string(),
    ] {
        let (_dir, path) =
            docker_config(&format!(r#"{{"auths":{{"{host}":{{"auth":"{auth}"}}}}}}"#));
        let resolver = Resolver::new(with_config(&path, None)).unwrap();
        let info = resolver.resolve(&multi, None).await.unwrap();
        assert_eq!(
            info.digest.as_deref(),
            Some(env.fixtures.oci_index.as_str())
        );
        let tags = resolver.list_tags(&multi).await.unwrap();
        assert_eq!(tags.tags, vec!["1.0", "latest"]);
    }
    // A URL-shaped key matches the bare host.
    let (_dir, path) = docker_config(&format!(
        r#"{{"auths":{{"http://{host}/v2/":{{"username":"{USER}","password":"{PASSWORD}"}}}}}}"#
    ));
    assert!(Resolver::new(with_config(&path, None))
        .unwrap()
        .resolve(&multi, None)
        .await
        .unwrap()
        .exists());

    // Wrong password: no access, and the error does not echo anything secret.
    let (_dir, path) = docker_config(&format!(
        r#"{{"auths":{{"{host}":{{"auth":"{}"}}}}}}"#,
        auth_value(USER, "wrong-password-123")
    ));
    let err = Resolver::new(with_config(&path, None))
        .unwrap()
        .resolve(&multi, None)
        .await
        .unwrap_err();
    assert!(matches!(err, LookupError::Unauthorized { .. }));
    assert!(!format!("{err} {err:?}").contains("wrong-password-123"));

    // credHelpers and credsStore run the helper (found via the search path).
    let helpers = tempfile::tempdir().unwrap();
    write_helper(
        helpers.path(),
        "fixture",
        &format!(
            r#"read -r server
case "$server" in
  {host}) printf '{{"ServerURL":"%s","Username":"{USER}","Secret":"{PASSWORD}"}}' "$server" ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac"#
        ),
    );
    write_helper(helpers.path(), "slow", "sleep 30");
    for config in [
        format!(r#"{{"auths":{{}},"credHelpers":{{"{host}":"fixture"}}}}"#),
        r#"{"auths":{},"credsStore":"fixture"}"#.to_string(),
    ] {
        let (_dir, path) = docker_config(&config);
        let resolver = Resolver::new(with_config(&path, Some(helpers.path()))).unwrap();
        let info = resolver.resolve(&multi, None).await.unwrap();
        assert!(info.exists(), "{config}");
    }
    // A helper that hangs is killed after the helper timeout; the lookup ends.
    let (_dir, path) = docker_config(&format!(r#"{{"credHelpers":{{"{host}":"slow"}}}}"#));
    let resolver = Resolver::new(ResolverOptions {
        helper_timeout: std::time::Duration::from_millis(300),
        ..with_config(&path, Some(helpers.path()))
    })
    .unwrap();
    let started = std::time::Instant::now();
    let err = resolver.resolve(&multi, None).await.unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(matches!(err, LookupError::Unauthorized { .. }), "{err:?}");
    assert_no_secret(&format!("{err} {err:?}"));
}

struct TokenEnv {
    registry: Registry,
    token_server: common::mock::MockServer,
    fixtures: Fixtures,
    _storage: tempfile::TempDir,
    _files: tempfile::TempDir,
}

async fn token_env() -> TokenEnv {
    let storage = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let fixtures = {
        let open = Registry::start(storage.path(), Auth::Open);
        push_standard(&Pusher::new(&open.url(), None)).await
    };
    let keys = make_keys(files.path());
    let cert = keys.cert.clone();
    let token_server = start_token_server(keys);
    let registry = Registry::start(
        storage.path(),
        Auth::Token {
            realm: format!("http://127.0.0.1:{}/token", token_server.port),
            service: SERVICE.into(),
            issuer: ISSUER.into(),
            root_cert: cert,
        },
    );
    TokenEnv {
        registry,
        token_server,
        fixtures,
        _storage: storage,
        _files: files,
    }
}

#[tokio::test]
async fn bearer_tokens_anonymous_basic_and_identity() {
    let env = token_env().await;
    let host = env.registry.host();
    let public = ImageRef::parse(&format!("{host}/fixtures/multi:1.0")).unwrap();
    let private = ImageRef::parse(&format!("{host}/private/app:1.0")).unwrap();

    // Anonymous bearer token for public content; the token is reused across requests.
    let anonymous = Resolver::new(test_options()).unwrap();
    let info = anonymous.resolve(&public, None).await.unwrap();
    assert_eq!(
        info.digest.as_deref(),
        Some(env.fixtures.oci_index.as_str())
    );
    assert_eq!(
        anonymous.list_tags(&public).await.unwrap().tags,
        vec!["1.0", "latest"]
    );
    let token_requests = env.token_server.recorded();
    assert_eq!(
        token_requests.len(),
        1,
        "one token for one repository scope"
    );
    assert!(
        token_requests[0].header("authorization").is_none(),
        "anonymous means no credentials"
    );
    assert!(token_requests[0]
        .target
        .contains("scope=repository%3Afixtures%2Fmulti%3Apull"));
    assert!(token_requests[0]
        .target
        .contains(&format!("service={SERVICE}")));

    // Another repository needs another scope: a second token.
    let single = ImageRef::parse(&format!("{host}/fixtures/single:1.0")).unwrap();
    assert!(anonymous.resolve(&single, None).await.unwrap().exists());
    assert_eq!(env.token_server.recorded().len(), 2);

    // Private content anonymously: no access.
    let err = anonymous.resolve(&private, None).await.unwrap_err();
    assert!(matches!(err, LookupError::Unauthorized { .. }), "{err:?}");

    // Basic credentials go to the token server on the registry's own host.
    let (_dir, path) = docker_config(&format!(
        r#"{{"auths":{{"{host}":{{"auth":"{}"}}}}}}"#,
        auth_value(USER, PASSWORD)
    ));
    let with_basic = Resolver::new(with_config(&path, None)).unwrap();
    let info = with_basic.resolve(&private, None).await.unwrap();
    assert_eq!(
        info.digest.as_deref(),
        Some(env.fixtures.oci_amd64.as_str())
    );
    let last = env.token_server.recorded().pop().unwrap();
    assert!(last
        .header("authorization")
        .is_some_and(|h| h.starts_with("Basic ")));

    // Identity token (refresh-token grant via POST).
    let (_dir, path) = docker_config(&format!(
        r#"{{"auths":{{"{host}":{{"auth":"{}","identitytoken":"{REFRESH_TOKEN}"}}}}}}"#,
        auth_value("ignored", "ignored")
    ));
    let with_identity = Resolver::new(with_config(&path, None)).unwrap();
    assert!(with_identity
        .resolve(&private, None)
        .await
        .unwrap()
        .exists());
    let last = env.token_server.recorded().pop().unwrap();
    assert_eq!(last.method, "POST");
    let form = String::from_utf8_lossy(&last.body).to_string();
    assert!(form.contains("grant_type=refresh_token"), "{form}");
    assert!(!last.target.contains(REFRESH_TOKEN), "no tokens in URLs");

    // A helper answering <token>: the same identity-token path.
    let helpers = tempfile::tempdir().unwrap();
    write_helper(
        helpers.path(),
        "idtoken",
        &format!(
            r#"read -r server; printf '{{"ServerURL":"%s","Username":"<token>","Secret":"{REFRESH_TOKEN}"}}' "$server""#
        ),
    );
    let (_dir, path) = docker_config(&format!(r#"{{"credHelpers":{{"{host}":"idtoken"}}}}"#));
    let via_helper = Resolver::new(with_config(&path, Some(helpers.path()))).unwrap();
    assert!(via_helper.resolve(&private, None).await.unwrap().exists());

    // A wrong refresh token: no access, nothing secret in the error.
    let (_dir, path) = docker_config(&format!(
        r#"{{"auths":{{"{host}":{{"identitytoken":"not-the-{REFRESH_TOKEN}"}}}}}}"#
    ));
    let wrong = Resolver::new(with_config(&path, None)).unwrap();
    let err = wrong.resolve(&private, None).await.unwrap_err();
    assert!(matches!(err, LookupError::Unauthorized { .. }), "{err:?}");
    assert_no_secret(&format!("{err} {err:?}"));
    let answer = wrong
        .lookup_from(&private.familiar(), None, &LookupOptions::default())
        .await;
    assert!(answer.is_some());
    assert_no_secret(&format!("{answer:?}"));
}
