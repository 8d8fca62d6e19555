//! HTTPS registries (a private CA, names pinned to 127.0.0.1): https is used for
//! non-loopback names with no plaintext fallback, an https→http redirect is refused even
//! to a host allowed plain http, an http token realm is refused for an https registry,
//! and a CDN redirect over https loses the credentials.

use std::net::SocketAddr;

use crate::common::mock::{MockServer, Reply};
use crate::common::tls::Pki;
use crate::common::{auth_value, docker_config, test_options};
use dlint_registry::manifest::{sha256_digest, OCI_INDEX};
use dlint_registry::{CredentialSource, ImageRef, LookupError, Resolver, ResolverOptions};

const PASSWORD: &str = "tls-secret-password";

fn pinned(names: &[&str]) -> Vec<(String, SocketAddr)> {
    names
        .iter()
        .map(|n| (n.to_string(), "127.0.0.1:0".parse().unwrap()))
        .collect()
}

fn options(pki: Option<&Pki>) -> ResolverOptions {
    ResolverOptions {
        extra_root_certificates: pki.map(|p| vec![p.ca_cert.clone()]).unwrap_or_default(),
        host_overrides: pinned(&["registry.test", "cdn.test"]),
        ..test_options()
    }
}

fn with_creds(mut options: ResolverOptions, host: &str) -> (tempfile::TempDir, ResolverOptions) {
    let (dir, path) = docker_config(&format!(
        r#"{{"auths":{{"{host}":{{"auth":"{}"}}}}}}"#,
        auth_value("user", PASSWORD)
    ));
    options.credentials = CredentialSource::ConfigFile(path);
    (dir, options)
}

fn index_reply() -> Reply {
    let body = format!(r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[]}}"#);
    let digest = sha256_digest(body.as_bytes());
    Reply::with_headers(
        200,
        &[
            ("Content-Type", OCI_INDEX),
            ("Docker-Content-Digest", &digest),
        ],
        body.as_bytes(),
    )
}

#[tokio::test]
async fn https_with_a_private_ca_and_no_plaintext_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new(dir.path());
    let (chain, key) = pki.leaf("registry.test");
    let server = MockServer::start_tls(&chain, &key, |request| {
        if request.path().ends_with("/tags/list") {
            Reply::json(200, r#"{"name":"app","tags":["1.0","2.0"]}"#)
        } else {
            index_reply()
        }
    });
    assert!(server.tls);
    let image = ImageRef::parse(&format!("registry.test:{}/app:1.0", server.port)).unwrap();
    let trusted = Resolver::new(options(Some(&pki))).unwrap();
    assert!(trusted.resolve(&image, None).await.unwrap().exists());
    assert_eq!(
        trusted.list_tags(&image).await.unwrap().tags,
        vec!["2.0", "1.0"]
    );
    let requests = server.recorded().len();

    // Without the CA the certificate is not trusted: an error, never plain http.
    let untrusted = Resolver::new(options(None)).unwrap();
    let err = untrusted.resolve(&image, None).await.unwrap_err();
    assert!(matches!(err, LookupError::Unreachable { .. }), "{err:?}");
    assert_eq!(
        server.recorded().len(),
        requests,
        "no request got past the handshake"
    );

    // A missing or bogus CA file is a clear setup error.
    let bogus = dir.path().join("bogus.pem");
    std::fs::write(&bogus, "not a certificate").unwrap();
    for path in [bogus, dir.path().join("missing.pem")] {
        let result = Resolver::new(ResolverOptions {
            extra_root_certificates: vec![path],
            ..test_options()
        });
        assert!(matches!(result, Err(LookupError::Protocol { .. })));
    }
}

#[tokio::test]
async fn https_to_http_redirects_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new(dir.path());
    let (chain, key) = pki.leaf("registry.test");
    let plain = MockServer::start(|_| index_reply());
    let plain_port = plain.port;
    let server = MockServer::start_tls(&chain, &key, move |request| {
        let location = format!("http://registry.test:{plain_port}{}", request.target);
        Reply::with_headers(307, &[("Location", &location)], b"")
    });
    // Even with the host allowed plain http, a downgrade by redirect is refused.
    let resolver = Resolver::new(ResolverOptions {
        insecure_registries: vec![format!("registry.test:{plain_port}")],
        ..options(Some(&pki))
    })
    .unwrap();
    let image = ImageRef::parse(&format!("registry.test:{}/app:1.0", server.port)).unwrap();
    let err = resolver.resolve(&image, None).await.unwrap_err();
    assert_eq!(
        err,
        LookupError::RedirectRefused {
            host: format!("registry.test:{}", server.port),
            reason: "https to http downgrade"
        }
    );
    assert!(plain.recorded().is_empty());
}

#[tokio::test]
async fn token_realms_must_be_https_for_https_registries() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new(dir.path());
    let (chain, key) = pki.leaf("registry.test");
    let plain = MockServer::start(|_| Reply::json(200, r#"{"token":"stolen"}"#));
    let plain_port = plain.port;
    let port = std::sync::Arc::new(std::sync::atomic::AtomicU16::new(0));
    let own_port = port.clone();
    let server = MockServer::start_tls(&chain, &key, move |request| {
        let tls_port = own_port.load(std::sync::atomic::Ordering::SeqCst);
        match (request.path(), request.header("authorization")) {
            ("/token", Some(auth)) if auth.starts_with("Basic ") => {
                Reply::json(200, r#"{"token":"good"}"#)
            }
            ("/token", _) => Reply::json(401, "{}"),
            (_, Some("Bearer good")) => index_reply(),
            (path, _) => {
                // The "bad" repository names an http realm on the same host.
                let realm = if path.contains("/bad/") {
                    format!("http://registry.test:{plain_port}/token")
                } else {
                    format!("https://registry.test:{tls_port}/token")
                };
                let challenge = format!(r#"Bearer realm="{realm}",service="tls""#);
                Reply::with_headers(401, &[("WWW-Authenticate", &challenge)], b"{}")
            }
        }
    });
    port.store(server.port, std::sync::atomic::Ordering::SeqCst);
    let host = format!("registry.test:{}", server.port);
    let (_cfg, opts) = with_creds(options(Some(&pki)), &host);
    let resolver = Resolver::new(opts).unwrap();
    let bad = ImageRef::parse(&format!("{host}/bad/app:1.0")).unwrap();
    let err = resolver.resolve(&bad, None).await.unwrap_err();
    assert!(matches!(err, LookupError::RealmRefused { .. }), "{err:?}");
    assert!(plain.recorded().is_empty());
    assert!(!format!("{err} {err:?}").contains(PASSWORD));
    // The https realm on the registry's own host gets the credentials and works.
    let good = ImageRef::parse(&format!("{host}/good/app:1.0")).unwrap();
    assert!(resolver.resolve(&good, None).await.unwrap().exists());
}

#[tokio::test]
async fn cdn_redirects_over_https_drop_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new(dir.path());
    let (reg_chain, reg_key) = pki.leaf("registry.test");
    let (cdn_chain, cdn_key) = pki.leaf("cdn.test");
    let cdn = MockServer::start_tls(&cdn_chain, &cdn_key, |_| index_reply());
    let cdn_port = cdn.port;
    let registry = MockServer::start_tls(&reg_chain, &reg_key, move |request| {
        if request.header("authorization").is_none() {
            return Reply::with_headers(401, &[("WWW-Authenticate", r#"Basic realm="r""#)], b"{}");
        }
        let location = format!("https://cdn.test:{cdn_port}{}", request.target);
        Reply::with_headers(307, &[("Location", &location)], b"")
    });
    let host = format!("registry.test:{}", registry.port);
    let (_cfg, opts) = with_creds(options(Some(&pki)), &host);
    let resolver = Resolver::new(opts).unwrap();
    let image = ImageRef::parse(&format!("{host}/app:1.0")).unwrap();
    assert!(resolver.resolve(&image, None).await.unwrap().exists());
    assert!(registry
        .recorded()
        .iter()
        .any(|r| r.header("authorization").is_some()));
    let at_cdn = cdn.recorded();
    assert!(!at_cdn.is_empty());
    assert!(
        at_cdn.iter().all(|r| r.header("authorization").is_none()),
        "{at_cdn:?}"
    );
}
