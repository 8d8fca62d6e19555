//! Politeness and cancellation: stale cache entries are revalidated with one HEAD (no
//! manifest GET when the digest is unchanged), per-host concurrency is limited, and a
//! dropped lookup kills its credential helper.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::common::mock::{MockServer, Reply};
use crate::common::{docker_config, test_options, write_helper};
use dlint_registry::manifest::{sha256_digest, OCI_INDEX};
use dlint_registry::{
    CacheLocation, CredentialSource, FromImage, ImageRef, LookupOptions, RegistryAnswer, Resolver,
    ResolverOptions,
};

fn index_body() -> Vec<u8> {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{}","size":1,"platform":{{"os":"linux","architecture":"amd64"}}}}]}}"#,
        "a".repeat(64)
    )
    .into_bytes()
}

#[tokio::test]
async fn stale_tags_are_revalidated_with_head_only() {
    let body = index_body();
    let digest = sha256_digest(&body);
    let server = MockServer::start(move |_| {
        Reply::with_headers(
            200,
            &[
                ("Content-Type", OCI_INDEX),
                ("Docker-Content-Digest", &digest),
            ],
            &body,
        )
    });
    let cache = tempfile::tempdir().unwrap();
    let resolver = Resolver::new(ResolverOptions {
        cache: CacheLocation::Dir(cache.path().to_path_buf()),
        tag_ttl: Duration::ZERO,
        ..test_options()
    })
    .unwrap();
    let image = ImageRef::parse(&format!("{}/app:1.0", server.base())).unwrap();
    let first = resolver.resolve(&image, None).await.unwrap();
    let methods: Vec<String> = server.recorded().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, vec!["HEAD", "GET"]);
    let second = resolver.resolve(&image, None).await.unwrap();
    assert_eq!(second.digest, first.digest);
    assert_eq!(
        second.platforms, first.platforms,
        "platforms come from the immutable digest entry"
    );
    let methods: Vec<String> = server.recorded().iter().map(|r| r.method.clone()).collect();
    assert_eq!(
        methods,
        vec!["HEAD", "GET", "HEAD"],
        "revalidation is one HEAD"
    );
}

#[tokio::test]
async fn concurrency_per_host_is_limited() {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (now, max) = (in_flight.clone(), peak.clone());
    let server = MockServer::start(move |_| {
        let current = now.fetch_add(1, Ordering::SeqCst) + 1;
        max.fetch_max(current, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(250));
        now.fetch_sub(1, Ordering::SeqCst);
        Reply::json(200, r#"{"name":"x","tags":["1"]}"#)
    });
    let resolver = Resolver::new(ResolverOptions {
        max_concurrent_per_host: 2,
        ..test_options()
    })
    .unwrap();
    let froms: Vec<FromImage> = (0..6)
        .map(|i| FromImage {
            image: format!("{}/repo{i}:1.0", server.base()),
            platform: None,
        })
        .collect();
    let facts = resolver
        .lookup_froms(&froms, &LookupOptions::default())
        .await;
    assert_eq!(facts.images.len(), 6);
    assert_all_found(&facts);
    // HEAD and GET of each manifest.
    assert_eq!(server.recorded().len(), 12);
    let peak = peak.load(Ordering::SeqCst);
    assert_eq!(peak, 2, "lookups overlap, up to the per-host limit");
}

#[tokio::test]
async fn dropping_a_lookup_kills_its_credential_helper() {
    let server = MockServer::start(|_| {
        Reply::with_headers(401, &[("WWW-Authenticate", r#"Basic realm="r""#)], b"{}")
    });
    let helpers = tempfile::tempdir().unwrap();
    let pid_file = helpers.path().join("pid");
    write_helper(
        helpers.path(),
        "hang",
        &format!("echo $$ > {}\nexec sleep 30", pid_file.display()),
    );
    let (_cfg, path) = docker_config(&format!(
        r#"{{"credHelpers":{{"{}":"hang"}}}}"#,
        server.base()
    ));
    let resolver = Resolver::new(ResolverOptions {
        credentials: CredentialSource::ConfigFile(path),
        helper_search_path: Some(helpers.path().as_os_str().to_owned()),
        helper_timeout: Duration::from_secs(30),
        ..test_options()
    })
    .unwrap();
    let image = ImageRef::parse(&format!("{}/app:1.0", server.base())).unwrap();
    let cancelled =
        tokio::time::timeout(Duration::from_millis(700), resolver.resolve(&image, None)).await;
    assert!(
        cancelled.is_err(),
        "the lookup was still waiting for the helper"
    );
    let pid: u32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let alive = status
            .lines()
            .any(|l| l.starts_with("State:") && !l.contains("Z (zombie)"));
        if !alive {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "helper {pid} still running after the lookup was dropped"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn credentials_are_only_looked_up_after_a_401() {
    let body = index_body();
    let digest = sha256_digest(&body);
    let open = MockServer::start(move |_| {
        Reply::with_headers(
            200,
            &[
                ("Content-Type", OCI_INDEX),
                ("Docker-Content-Digest", &digest),
            ],
            &body,
        )
    });
    let helpers = tempfile::tempdir().unwrap();
    let marker = helpers.path().join("ran");
    write_helper(
        helpers.path(),
        "record",
        &format!(
            "touch {}\necho 'credentials not found'; exit 1",
            marker.display()
        ),
    );
    let (_cfg, path) = docker_config(r#"{"credsStore":"record"}"#);
    let resolver = Resolver::new(ResolverOptions {
        credentials: CredentialSource::ConfigFile(path),
        helper_search_path: Some(helpers.path().as_os_str().to_owned()),
        ..test_options()
    })
    .unwrap();
    let image = ImageRef::parse(&format!("{}/app:1.0", open.base())).unwrap();
    assert!(resolver.resolve(&image, None).await.unwrap().exists());
    assert!(
        !marker.exists(),
        "a public registry made us run the credential helper"
    );
    assert!(open
        .recorded()
        .iter()
        .all(|r| r.header("authorization").is_none()));
}

#[tokio::test]
async fn identical_concurrent_lookups_hit_the_network_once() {
    let body = index_body();
    let digest = sha256_digest(&body);
    let server = MockServer::start(move |_| {
        std::thread::sleep(Duration::from_millis(100));
        Reply::with_headers(
            200,
            &[
                ("Content-Type", OCI_INDEX),
                ("Docker-Content-Digest", &digest),
            ],
            &body,
        )
    });
    let cache = tempfile::tempdir().unwrap();
    let resolver = Resolver::new(ResolverOptions {
        cache: CacheLocation::Dir(cache.path().to_path_buf()),
        ..test_options()
    })
    .unwrap();
    let image = ImageRef::parse(&format!("{}/app:1.0", server.base())).unwrap();
    let froms: Vec<FromImage> = (0..4)
        .map(|_| FromImage {
            image: image.familiar(),
            platform: None,
        })
        .collect();
    let facts = resolver
        .lookup_froms(&froms, &LookupOptions::default())
        .await;
    assert_all_found(&facts);
    let methods: Vec<String> = server.recorded().iter().map(|r| r.method.clone()).collect();
    assert_eq!(
        methods,
        vec!["HEAD", "GET"],
        "one HEAD and one GET for four identical FROMs"
    );
}

fn assert_all_found(facts: &dlint_registry::RegistryFacts) {
    assert!(
        facts
            .images
            .iter()
            .all(|i| matches!(i.answer, RegistryAnswer::Found(_))),
        "{facts:?}"
    );
}
