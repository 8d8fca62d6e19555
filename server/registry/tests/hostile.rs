//! Hostile and misbehaving servers: credentials never cross hosts (redirects, token
//! realms), plain http stays on loopback, bodies are capped, slow servers time out,
//! 429/5xx back off, digests are verified, pagination stays on its origin and is
//! capped. Every test is bounded in time.

use crate::common;

use std::time::{Duration, Instant};

use crate::common::mock::{MockServer, Reply};
use crate::common::{auth_value, docker_config, test_options};
use dlint_registry::manifest::{sha256_digest, OCI_INDEX};
use dlint_registry::{
    CredentialSource, ImageRef, LookupError, LookupOptions, RegistryAnswer, Resolver,
    ResolverOptions,
};

const USER: &str = "victim";
const PASSWORD: &str = "victim-password-42";

fn has_basic(request: &common::mock::Recorded) -> bool {
    request.header("authorization").is_some()
}

/// A resolver holding credentials for `host`.
fn resolver_with_creds(
    host: &str,
    tweak: impl FnOnce(&mut ResolverOptions),
) -> (tempfile::TempDir, Resolver) {
    let (dir, path) = docker_config(&format!(
        r#"{{"auths":{{"{host}":{{"auth":"{}"}}}}}}"#,
        auth_value(USER, PASSWORD)
    ));
    let mut options = ResolverOptions {
        credentials: CredentialSource::ConfigFile(path),
        ..test_options()
    };
    tweak(&mut options);
    (dir, Resolver::new(options).unwrap())
}

fn image(port: u16, rest: &str) -> ImageRef {
    ImageRef::parse(&format!("127.0.0.1:{port}/{rest}")).unwrap()
}

async fn resolve_err(resolver: &Resolver, port: u16, rest: &str) -> LookupError {
    resolver
        .resolve(&image(port, rest), None)
        .await
        .expect_err("the lookup should fail")
}

fn assert_clean(error: &LookupError) {
    let text = format!("{error} {error:?}");
    assert!(!text.contains(PASSWORD), "{text}");
    assert!(!text.contains(&auth_value(USER, PASSWORD)), "{text}");
}

fn index_body() -> Vec<u8> {
    format!(r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[]}}"#).into_bytes()
}

#[tokio::test]
async fn redirects_to_another_host_never_carry_credentials() {
    let body = index_body();
    let digest = sha256_digest(&body);
    let capture = {
        let (body, digest) = (body.clone(), digest.clone());
        MockServer::start(move |_| {
            Reply::with_headers(
                200,
                &[
                    ("Content-Type", OCI_INDEX),
                    ("Docker-Content-Digest", &digest),
                ],
                &body,
            )
        })
    };
    let capture_port = capture.port;
    let hostile = MockServer::start(move |request| {
        if !has_basic(request) {
            return Reply::with_headers(401, &[("WWW-Authenticate", r#"Basic realm="r""#)], b"{}");
        }
        // "localhost" is another host than "127.0.0.1", and another port.
        let location = format!("http://localhost:{capture_port}{}", request.target);
        Reply::with_headers(307, &[("Location", &location)], b"")
    });
    let (_cfg, resolver) = resolver_with_creds(&hostile.base(), |_| {});
    let info = resolver
        .resolve(&image(hostile.port, "app:1.0"), None)
        .await
        .unwrap();
    assert_eq!(info.digest.as_deref(), Some(digest.as_str()));
    assert!(
        hostile.recorded().iter().any(has_basic),
        "the registry itself gets the credentials"
    );
    let captured = capture.recorded();
    assert!(!captured.is_empty(), "the redirect was followed");
    assert!(
        captured.iter().all(|r| !has_basic(r)),
        "credentials crossed a redirect: {captured:?}"
    );
}

#[tokio::test]
async fn token_realms_on_other_hosts_or_plain_http_are_refused() {
    let realm_server = MockServer::start(|_| Reply::json(200, r#"{"token":"stolen"}"#));
    let realm_port = realm_server.port;
    for realm in [
        format!("http://localhost:{realm_port}/token"),
        format!("http://127.0.0.2:{realm_port}/token"),
        "http://auth.example.invalid/token".to_string(),
        "https://169.254.169.254/latest/meta-data".to_string(),
        "file:///etc/passwd".to_string(),
    ] {
        let challenge = format!(r#"Bearer realm="{realm}",service="evil""#);
        let hostile = MockServer::start(move |_| {
            Reply::with_headers(401, &[("WWW-Authenticate", &challenge)], b"{}")
        });
        let (_cfg, resolver) = resolver_with_creds(&hostile.base(), |_| {});
        let err = resolve_err(&resolver, hostile.port, "app:1.0").await;
        assert!(
            matches!(err, LookupError::RealmRefused { .. }),
            "{realm}: {err:?}"
        );
        assert_clean(&err);
        let answer = resolver
            .lookup_from(
                &format!("{}/app:1.0", hostile.base()),
                None,
                &LookupOptions::default(),
            )
            .await;
        assert!(
            matches!(answer, Some(RegistryAnswer::Unreachable { .. })),
            "{answer:?}"
        );
    }
    assert!(
        realm_server.recorded().is_empty(),
        "a refused realm was contacted"
    );
}

#[tokio::test]
async fn realm_on_same_host_gets_credentials_only_there() {
    // The registry's own token endpoint (same host, same server) is fine.
    let hostile = MockServer::start(|request| {
        if request.path() == "/token" {
            return Reply::json(200, r#"{"token":"t1","expires_in":300}"#);
        }
        match request.header("authorization") {
            Some("Bearer t1") => Reply::with_headers(
                404,
                &[("Content-Type", "application/json")],
                br#"{"errors":[{"code":"MANIFEST_UNKNOWN"}]}"#,
            ),
            _ => Reply::with_headers(
                401,
                &[(
                    "WWW-Authenticate",
                    r#"Bearer realm="/token-relative-is-not-a-url""#,
                )],
                b"{}",
            ),
        }
    });
    let (_cfg, resolver) = resolver_with_creds(&hostile.base(), |_| {});
    let err = resolve_err(&resolver, hostile.port, "app:1.0").await;
    assert!(
        matches!(err, LookupError::RealmRefused { .. }),
        "a relative realm is refused: {err:?}"
    );

    let port_holder = std::sync::Arc::new(std::sync::atomic::AtomicU16::new(0));
    let port_for_handler = port_holder.clone();
    let good = MockServer::start(move |request| {
        if request.path() == "/token" {
            return Reply::json(200, r#"{"token":"t1","expires_in":300}"#);
        }
        match request.header("authorization") {
            Some("Bearer t1") => Reply::with_headers(
                404,
                &[("Content-Type", "application/json")],
                br#"{"errors":[{"code":"NAME_UNKNOWN"}]}"#,
            ),
            _ => {
                let port = port_for_handler.load(std::sync::atomic::Ordering::SeqCst);
                let challenge =
                    format!(r#"Bearer realm="http://127.0.0.1:{port}/token",service="s""#);
                Reply::with_headers(401, &[("WWW-Authenticate", &challenge)], b"{}")
            }
        }
    });
    port_holder.store(good.port, std::sync::atomic::Ordering::SeqCst);
    let (_cfg, resolver) = resolver_with_creds(&good.base(), |_| {});
    let info = resolver
        .resolve(&image(good.port, "app:1.0"), None)
        .await
        .unwrap();
    assert_eq!(info.status, dlint_registry::ImageStatus::RepositoryNotFound);
    let token_calls: Vec<_> = good
        .recorded()
        .into_iter()
        .filter(|r| r.path() == "/token")
        .collect();
    assert!(!token_calls.is_empty());
    assert!(
        token_calls.iter().all(has_basic),
        "same-host realm receives the registry's credentials"
    );
}

#[tokio::test]
async fn plain_http_only_on_loopback() {
    let hostile = MockServer::start(|request| {
        let location = format!("http://registry.example.invalid{}", request.target);
        Reply::with_headers(307, &[("Location", &location)], b"")
    });
    let resolver = Resolver::new(test_options()).unwrap();
    let err = resolve_err(&resolver, hostile.port, "app:1.0").await;
    assert!(matches!(err, LookupError::InsecureScheme { .. }), "{err:?}");

    let looping = MockServer::start(|request| {
        Reply::with_headers(302, &[("Location", &request.target.clone())], b"")
    });
    let err = resolve_err(&resolver, looping.port, "app:1.0").await;
    assert!(
        matches!(err, LookupError::RedirectRefused { .. }),
        "{err:?}"
    );
    assert!(looping.recorded().len() <= 6, "redirects are capped");
}

#[tokio::test]
async fn huge_responses_are_cut_off() {
    let body = index_body();
    let digest = sha256_digest(&body);
    for undeclared in [false, true] {
        let digest = digest.clone();
        let hostile = MockServer::start(move |request| {
            if request.method == "HEAD" {
                return Reply::with_headers(
                    200,
                    &[
                        ("Content-Type", OCI_INDEX),
                        ("Docker-Content-Digest", &digest),
                    ],
                    b"",
                );
            }
            if undeclared {
                Reply::HugeUndeclared
            } else {
                Reply::HugeDeclared
            }
        });
        let resolver = Resolver::new(test_options()).unwrap();
        let started = Instant::now();
        let err = resolve_err(&resolver, hostile.port, "app:1.0").await;
        assert!(
            matches!(err, LookupError::ResponseTooLarge { .. }),
            "{err:?}"
        );
        let err = resolver
            .list_tags(&image(hostile.port, "app"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, LookupError::ResponseTooLarge { .. }),
            "{err:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "took {:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn slow_servers_time_out() {
    for stall_after_headers in [false, true] {
        let hostile = MockServer::start(move |_| {
            if stall_after_headers {
                Reply::StallAfterHeaders(Duration::from_secs(20))
            } else {
                Reply::StallBeforeHeaders(Duration::from_secs(20))
            }
        });
        let resolver = Resolver::new(ResolverOptions {
            request_timeout: Duration::from_millis(800),
            ..test_options()
        })
        .unwrap();
        let started = Instant::now();
        let err = resolver
            .list_tags(&image(hostile.port, "app"))
            .await
            .unwrap_err();
        assert!(matches!(err, LookupError::Timeout { .. }), "{err:?}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
    }
    // The whole-lookup bound holds even when each request is allowed longer.
    let hostile = MockServer::start(|_| Reply::StallBeforeHeaders(Duration::from_secs(20)));
    let resolver = Resolver::new(ResolverOptions {
        request_timeout: Duration::from_secs(30),
        lookup_timeout: Duration::from_millis(700),
        ..test_options()
    })
    .unwrap();
    let started = Instant::now();
    let answer = resolver
        .lookup_from(
            &format!("{}/app:1.0", hostile.base()),
            None,
            &LookupOptions::default(),
        )
        .await;
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        matches!(answer, Some(RegistryAnswer::Unreachable { .. })),
        "{answer:?}"
    );
}

#[tokio::test]
async fn rate_limits_and_server_errors_back_off() {
    // 429 with a short Retry-After: retried, then served.
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = calls.clone();
    let flaky = MockServer::start(move |_| {
        if counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            Reply::with_headers(429, &[("Retry-After", "0")], b"{}")
        } else {
            Reply::json(200, r#"{"name":"app","tags":["1.0"]}"#)
        }
    });
    let resolver = Resolver::new(test_options()).unwrap();
    assert_eq!(
        resolver
            .list_tags(&image(flaky.port, "app"))
            .await
            .unwrap()
            .tags,
        vec!["1.0"]
    );
    assert_eq!(flaky.recorded().len(), 2);

    // A long Retry-After is not waited for inline: the lookup fails fast and the host
    // is paused (the next lookup makes no request).
    let limited =
        MockServer::start(|_| Reply::with_headers(429, &[("Retry-After", "3600")], b"{}"));
    let started = Instant::now();
    let err = resolver
        .list_tags(&image(limited.port, "app"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, LookupError::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 3600),
        "{err:?}"
    );
    assert!(resolver
        .list_tags(&image(limited.port, "other"))
        .await
        .unwrap_err()
        .is_connectivity());
    assert_eq!(limited.recorded().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(3));

    // An exhausted quota header pauses the host too.
    let quota = MockServer::start(|_| {
        Reply::with_headers(
            200,
            &[
                ("Content-Type", "application/json"),
                ("ratelimit-remaining", "0;w=21600"),
                ("Warning", r#"299 - "quota nearly used""#),
            ],
            br#"{"name":"app","tags":["2.0"]}"#,
        )
    });
    let quota_image = image(quota.port, "app");
    assert_eq!(
        resolver.list_tags(&quota_image).await.unwrap().tags,
        vec!["2.0"]
    );
    assert_eq!(
        resolver.registry_warnings(&quota_image),
        vec!["quota nearly used"]
    );
    assert_eq!(resolver.rate_limit_remaining(&quota_image), Some(0));
    assert_eq!(
        resolver.rate_limit_remaining(&image(flaky.port, "app")),
        None
    );
    let err = resolve_err(&resolver, quota.port, "app:2.0").await;
    assert!(matches!(err, LookupError::RateLimited { .. }), "{err:?}");
    assert_eq!(quota.recorded().len(), 1);

    // 503 forever: bounded retries, then "unreachable".
    let broken = MockServer::start(|_| Reply::json(503, "{}"));
    let err = resolver
        .list_tags(&image(broken.port, "app"))
        .await
        .unwrap_err();
    assert!(err.is_connectivity(), "{err:?}");
    assert_eq!(broken.recorded().len(), 3, "one try and two retries");
}

#[tokio::test]
async fn registries_without_head_are_served_by_get() {
    let hostile = MockServer::start(|request| {
        if request.method == "HEAD" {
            Reply::json(405, "{}")
        } else {
            Reply::with_headers(200, &[("Content-Type", OCI_INDEX)], &index_body())
        }
    });
    let resolver = Resolver::new(test_options()).unwrap();
    let info = resolver
        .resolve(&image(hostile.port, "app:1.0"), None)
        .await
        .unwrap();
    assert_eq!(info.digest, Some(sha256_digest(&index_body())));
    assert_eq!(info.media_type.as_deref(), Some(OCI_INDEX));
    assert!(format!("{resolver:?}").starts_with("Resolver"));
}

#[tokio::test]
async fn digests_are_verified() {
    let body = index_body();
    let lie = format!("sha256:{}", "1".repeat(64));
    let hostile = MockServer::start(move |_| {
        Reply::with_headers(
            200,
            &[("Content-Type", OCI_INDEX), ("Docker-Content-Digest", &lie)],
            &index_body(),
        )
    });
    let resolver = Resolver::new(test_options()).unwrap();
    let err = resolve_err(&resolver, hostile.port, "app:1.0").await;
    assert!(matches!(err, LookupError::DigestMismatch { .. }), "{err:?}");

    // No Docker-Content-Digest at all (old registries): the body's hash is the digest.
    let quiet = MockServer::start(|_| {
        Reply::with_headers(200, &[("Content-Type", OCI_INDEX)], &index_body())
    });
    let info = resolver
        .resolve(&image(quiet.port, "app:1.0"), None)
        .await
        .unwrap();
    assert_eq!(info.digest, Some(sha256_digest(&body)));

    // Asking by digest and receiving other bytes is a mismatch too.
    let asked = format!("app@sha256:{}", "2".repeat(64));
    let err = resolve_err(&resolver, quiet.port, &asked).await;
    assert!(matches!(err, LookupError::DigestMismatch { .. }), "{err:?}");
}

#[tokio::test]
async fn tag_pagination_follows_same_origin_links_with_a_cap() {
    // Three pages, unsorted, relative Link headers.
    let paged = MockServer::start(|request| {
        let page = if request.target.contains("last=b") {
            3
        } else if request.target.contains("last=a") {
            2
        } else {
            1
        };
        let (tags, next) = match page {
            1 => (r#"["1.2","1.10"]"#, Some("/v2/app/tags/list?n=2&last=a")),
            2 => (r#"["1.9","latest"]"#, Some("/v2/app/tags/list?n=2&last=b")),
            _ => (r#"["2.0"]"#, None),
        };
        let body = format!(r#"{{"name":"app","tags":{tags}}}"#);
        match next {
            Some(link) => Reply::with_headers(
                200,
                &[
                    ("Content-Type", "application/json"),
                    ("Link", &format!(r#"<{link}>; rel="next""#)),
                ],
                body.as_bytes(),
            ),
            None => Reply::json(200, &body),
        }
    });
    let resolver = Resolver::new(test_options()).unwrap();
    let list = resolver.list_tags(&image(paged.port, "app")).await.unwrap();
    assert_eq!(list.tags, vec!["2.0", "1.10", "1.9", "1.2", "latest"]);
    assert!(!list.truncated);
    assert_eq!(paged.recorded().len(), 3);
    assert!(
        paged.recorded()[0].target.contains("n=1000"),
        "page size requested"
    );

    let capped = Resolver::new(ResolverOptions {
        max_tag_pages: 2,
        ..test_options()
    })
    .unwrap();
    let list = capped.list_tags(&image(paged.port, "app")).await.unwrap();
    assert!(list.truncated);
    assert_eq!(list.tags.len(), 4);

    // A Link to another origin is ignored (and never receives our credentials).
    let elsewhere = MockServer::start(|_| Reply::json(200, r#"{"tags":["evil"]}"#));
    let target = format!(
        "http://localhost:{}/v2/app/tags/list?last=x",
        elsewhere.port
    );
    let cross = MockServer::start(move |request| {
        if request.header("authorization").is_none() {
            return Reply::with_headers(401, &[("WWW-Authenticate", r#"Basic realm="r""#)], b"{}");
        }
        Reply::with_headers(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Link", &format!(r#"<{target}>; rel="next""#)),
            ],
            br#"{"name":"app","tags":["1.0"]}"#,
        )
    });
    let (_cfg, resolver) = resolver_with_creds(&cross.base(), |_| {});
    let list = resolver.list_tags(&image(cross.port, "app")).await.unwrap();
    assert_eq!(list.tags, vec!["1.0"]);
    assert!(elsewhere.recorded().is_empty());
}
