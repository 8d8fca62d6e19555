//! Challenge parsing, the token-realm policy and token responses (no network).

use dlint_registry::auth::{
    check_realm, choose_scheme, parse_challenges, parse_token_response, AuthScheme,
};
use dlint_registry::LookupError;

#[test]
fn parses_bearer_challenge_with_commas_in_quotes() {
    let header = r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull,push""#;
    let challenges = parse_challenges(header);
    assert_eq!(challenges.len(), 1);
    let c = &challenges[0];
    assert_eq!(c.scheme, "bearer");
    assert_eq!(c.param("realm"), Some("https://auth.docker.io/token"));
    assert_eq!(c.param("service"), Some("registry.docker.io"));
    assert_eq!(
        c.param("scope"),
        Some("repository:library/alpine:pull,push")
    );
}

#[test]
fn parses_several_challenges_and_escapes() {
    let header = r#"Basic realm="a \"quoted\" realm", Bearer realm="https://x.example/token",service=reg, error="insufficient_scope""#;
    let challenges = parse_challenges(header);
    assert_eq!(challenges.len(), 2);
    assert_eq!(challenges[0].scheme, "basic");
    assert_eq!(challenges[0].param("REALM"), Some(r#"a "quoted" realm"#));
    assert_eq!(challenges[1].param("service"), Some("reg"));
    assert_eq!(challenges[1].param("error"), Some("insufficient_scope"));
    match choose_scheme(&challenges) {
        Some(AuthScheme::Bearer(b)) => {
            assert_eq!(b.realm, "https://x.example/token");
            assert_eq!(b.error.as_deref(), Some("insufficient_scope"));
        }
        other => panic!("expected bearer, got {other:?}"),
    }
    assert_eq!(
        choose_scheme(&parse_challenges(r#"Basic realm="fixture-realm""#)),
        Some(AuthScheme::Basic)
    );
    assert_eq!(
        choose_scheme(&parse_challenges("Bearer service=x")),
        None,
        "bearer without realm"
    );
}

#[test]
fn malformed_headers_do_not_panic() {
    for header in [
        "",
        "=",
        "\"",
        "Bearer realm=\"unterminated",
        ",,,",
        "a=b",
        "Bearer ü=\"ö\"",
        "Bearer realm",
    ] {
        let _ = parse_challenges(header);
    }
    assert!(parse_challenges("").is_empty());
}

fn realm(domain: &str, realm: &str) -> Result<bool, LookupError> {
    check_realm(domain, domain, realm, &[], &[]).map(|(_, d)| d.send_credentials)
}

#[test]
fn realm_policy() {
    // Same host: credentials allowed.
    assert!(realm("ghcr.io", "https://ghcr.io/token").unwrap());
    // Hub's own auth service.
    assert!(
        check_realm(
            "docker.io",
            "registry-1.docker.io",
            "https://auth.docker.io/token",
            &[],
            &[]
        )
        .unwrap()
        .1
        .send_credentials
    );
    // Another public host: anonymous token only.
    assert!(!realm(
        "registry.example.com",
        "https://auth.elsewhere.example/token"
    )
    .unwrap());
    // Plain http realm for a https registry: refused.
    assert!(matches!(
        realm("registry.example.com", "http://registry.example.com/token"),
        Err(LookupError::RealmRefused { .. })
    ));
    // Internal addresses on another host: refused (SSRF).
    for bad in [
        "https://169.254.169.254/latest/meta-data",
        "https://127.0.0.1/token",
        "https://10.0.0.1/token",
        "https://[::1]/token",
        "https://localhost/token",
        "https://[fd00::1]/token",
    ] {
        assert!(
            matches!(
                realm("registry.example.com", bad),
                Err(LookupError::RealmRefused { .. })
            ),
            "{bad}"
        );
    }
    // Loopback registry with its token service on the same host, another port: allowed.
    assert!(realm("127.0.0.1:5003", "http://127.0.0.1:5002/token").unwrap());
    // Loopback registry pointing at another loopback name: refused.
    assert!(realm("127.0.0.1:5003", "http://localhost:5002/token").is_err());
    // Schemes and embedded credentials.
    assert!(realm("ghcr.io", "ftp://ghcr.io/token").is_err());
    assert!(realm("ghcr.io", "https://user:pw@ghcr.io/token").is_err());
    assert!(realm("ghcr.io", "not a url").is_err());
    // Listed insecure registries may use an http realm; user-trusted realms get creds.
    let insecure = vec!["reg.internal:5000".to_string()];
    assert!(check_realm(
        "reg.internal:5000",
        "reg.internal:5000",
        "http://auth.example/token",
        &insecure,
        &[]
    )
    .is_ok());
    let trusted = vec![("reg.example".to_string(), "auth.example".to_string())];
    assert!(
        check_realm(
            "reg.example",
            "reg.example",
            "https://auth.example/t",
            &[],
            &trusted
        )
        .unwrap()
        .1
        .send_credentials
    );
}

#[test]
fn token_responses() {
    let t = parse_token_response(br#"{"token":"abc","expires_in":300}"#, "h").unwrap();
    assert_eq!(t.value.expose(), "abc");
    assert!(t.is_fresh());
    let t = parse_token_response(br#"{"access_token":"xyz","refresh_token":"r"}"#, "h").unwrap();
    assert_eq!(t.value.expose(), "xyz");
    assert_eq!(t.refresh_token.as_ref().map(|s| s.expose()), Some("r"));
    assert!(t.is_fresh(), "expires_in defaults to 60 s");
    let err = parse_token_response(br#"{"token":""}"#, "h").unwrap_err();
    assert!(matches!(err, LookupError::Protocol { .. }));
    let err = parse_token_response(b"not json secret-looking-text", "h").unwrap_err();
    assert!(!err.to_string().contains("secret-looking-text"));
    assert_eq!(format!("{:?}", t.value), "<redacted>");
}

#[test]
fn redirect_policy() {
    use dlint_registry::security::check_redirect;
    let url = |s: &str| reqwest::Url::parse(s).unwrap();
    let ok = |a: &str, b: &str, same: bool| check_redirect(&url(a), &url(b), same);
    assert!(ok(
        "https://reg.example/v2/x",
        "https://cdn.example/blob",
        false
    )
    .is_ok());
    assert_eq!(
        ok("https://reg.example/v2/x", "http://cdn.example/blob", false),
        Err("https to http downgrade")
    );
    assert!(ok(
        "https://auth.example/token",
        "https://other.example/token",
        true
    )
    .is_err());
    assert!(ok(
        "https://auth.example/token",
        "https://auth.example/token2",
        true
    )
    .is_ok());
    assert!(ok(
        "https://reg.example/v2/x",
        "https://169.254.169.254/",
        false
    )
    .is_err());
    assert!(ok("https://reg.example/v2/x", "https://[::1]/", false).is_err());
    assert!(ok(
        "http://127.0.0.1:5000/v2/x",
        "http://localhost:5001/x",
        false
    )
    .is_ok());
}

#[test]
fn host_lists_and_plain_http() {
    use dlint_registry::security::{
        allows_plain_http, host_permitted, is_loopback_host, split_host_port,
    };
    assert_eq!(split_host_port("[::1]:5000"), ("::1", Some(5000)));
    assert_eq!(split_host_port("localhost:5000"), ("localhost", Some(5000)));
    assert_eq!(split_host_port("ghcr.io"), ("ghcr.io", None));
    assert!(
        is_loopback_host("127.3.2.1") && is_loopback_host("[::1]") && is_loopback_host("LOCALHOST")
    );
    assert!(!is_loopback_host("10.0.0.1") && !is_loopback_host("example.com"));
    assert!(allows_plain_http("localhost:5000", &[]));
    assert!(!allows_plain_http("reg.internal:5000", &[]));
    assert!(allows_plain_http(
        "reg.internal:5000",
        &["reg.internal".to_string()]
    ));
    assert!(
        !allows_plain_http("192.168.1.5:5000", &[]),
        "RFC 1918 is not loopback"
    );
    let deny = vec!["evil.example".to_string()];
    let allow = vec!["*.corp.example".to_string(), "docker.io".to_string()];
    assert!(host_permitted("docker.io", &allow, &deny));
    assert!(host_permitted("reg.corp.example:443", &allow, &deny));
    assert!(
        !host_permitted("corp.example", &allow, &deny),
        "wildcard needs a subdomain"
    );
    assert!(!host_permitted("ghcr.io", &allow, &deny));
    assert!(!host_permitted("evil.example", &[], &deny));
    assert!(host_permitted("anything.example", &[], &deny));
}
