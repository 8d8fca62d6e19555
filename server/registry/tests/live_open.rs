//! Against a real registry (CNCF distribution on 127.0.0.1, no auth): every manifest
//! kind, tag and repository absence, digests, platforms, tag listing, the facts
//! `lookup_from` gives the linter, the disk cache and offline mode.

use crate::common::fixtures::{push_many_tags, push_standard, Fixtures, Pusher};
use crate::common::registry::{Auth, Registry};
use crate::common::test_options;
use dlint_registry::{
    CacheLocation, FoundImage, FromImage, ImageRef, ImageStatus, LookupError, LookupOptions,
    Platform, RegistryAnswer, Resolver, ResolverOptions,
};

struct Env {
    registry: Registry,
    fixtures: Fixtures,
    _storage: tempfile::TempDir,
}

async fn env(many: bool) -> Env {
    let storage = tempfile::tempdir().unwrap();
    let registry = Registry::start(storage.path(), Auth::Open);
    let pusher = Pusher::new(&registry.url(), None);
    let mut fixtures = push_standard(&pusher).await;
    if many {
        fixtures.many_tags = push_many_tags(&pusher).await;
    }
    Env {
        registry,
        fixtures,
        _storage: storage,
    }
}

fn image(env: &Env, rest: &str) -> ImageRef {
    ImageRef::parse(&format!("{}/{rest}", env.registry.host())).unwrap()
}

#[tokio::test]
async fn resolves_every_manifest_kind() {
    let env = env(false).await;
    let resolver = Resolver::new(test_options()).unwrap();
    let f = &env.fixtures;

    let multi = resolver
        .resolve(&image(&env, "fixtures/multi:1.0"), None)
        .await
        .unwrap();
    assert_eq!(multi.status, ImageStatus::Found);
    assert_eq!(
        multi.digest.as_deref(),
        Some(f.oci_index.as_str()),
        "the index digest, not a child"
    );
    assert_eq!(
        multi.media_type.as_deref(),
        Some(dlint_registry::manifest::OCI_INDEX)
    );
    assert!(multi.is_multi_platform());
    let platforms: Vec<String> = multi
        .platforms
        .iter()
        .map(|p| p.platform.to_string())
        .collect();
    assert_eq!(
        platforms,
        vec!["linux/amd64", "linux/arm64/v8"],
        "attestation entries hidden"
    );
    let arm = multi
        .platform_for(&Platform::parse("linux/arm64").unwrap())
        .unwrap();
    assert_eq!(arm.digest, f.oci_arm64);
    assert!(multi
        .platform_for(&Platform::parse("linux/s390x").unwrap())
        .is_none());
    assert_eq!(multi.registry, env.registry.host());
    assert_eq!(multi.repository, "fixtures/multi");
    assert_eq!(multi.web_url, None);

    let list = resolver
        .resolve(&image(&env, "fixtures/dockerlist:1.0"), None)
        .await
        .unwrap();
    assert_eq!(
        list.digest.as_deref(),
        Some(f.docker_list.as_str()),
        "not rewritten to a child or schema 1"
    );
    assert_eq!(
        list.media_type.as_deref(),
        Some(dlint_registry::manifest::DOCKER_LIST)
    );
    assert_eq!(list.platforms.len(), 2);

    let single = resolver
        .resolve(&image(&env, "fixtures/single:1.0"), None)
        .await
        .unwrap();
    assert_eq!(single.digest.as_deref(), Some(f.oci_amd64.as_str()));
    assert!(!single.is_multi_platform());
    let platforms: Vec<String> = single
        .platforms
        .iter()
        .map(|p| p.platform.to_string())
        .collect();
    assert_eq!(platforms, vec!["linux/amd64"], "read from the config blob");

    let docker = resolver
        .resolve(&image(&env, "fixtures/single:1.0-docker"), None)
        .await
        .unwrap();
    assert_eq!(docker.digest.as_deref(), Some(f.docker_amd64.as_str()));
    assert_eq!(
        docker.media_type.as_deref(),
        Some(dlint_registry::manifest::DOCKER_MANIFEST)
    );

    // By digest (with and without a tag next to it).
    let by_digest = resolver
        .resolve(
            &image(&env, &format!("fixtures/multi@{}", f.oci_index)),
            None,
        )
        .await
        .unwrap();
    assert_eq!(by_digest.status, ImageStatus::Found);
    assert_eq!(by_digest.reference, f.oci_index);
    let child = resolver
        .resolve(
            &image(&env, &format!("fixtures/multi:1.0@{}", f.oci_arm64)),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        child.platforms.len(),
        1,
        "a child manifest resolves to its own platform"
    );
    assert_eq!(child.platforms[0].platform.architecture, "arm64");
}

#[tokio::test]
async fn absence_is_definitive_and_distinguished() {
    let env = env(false).await;
    let resolver = Resolver::new(test_options()).unwrap();
    let missing_tag = resolver
        .resolve(&image(&env, "fixtures/single:9.9"), None)
        .await
        .unwrap();
    assert_eq!(missing_tag.status, ImageStatus::TagNotFound);
    assert!(!missing_tag.exists());
    assert_eq!(missing_tag.digest, None);
    let missing_repo = resolver
        .resolve(&image(&env, "fixtures/nope:1.0"), None)
        .await
        .unwrap();
    assert_eq!(missing_repo.status, ImageStatus::RepositoryNotFound);
    let zero = format!("sha256:{}", "0".repeat(64));
    let missing_digest = resolver
        .resolve(&image(&env, &format!("fixtures/single@{zero}")), None)
        .await
        .unwrap();
    assert_eq!(missing_digest.status, ImageStatus::DigestNotFound);
    // No implicit library/ on other registries: "alpine" is not "library/alpine".
    let bare = resolver
        .resolve(&image(&env, "alpine:3.20"), None)
        .await
        .unwrap();
    assert_eq!(bare.status, ImageStatus::RepositoryNotFound);
    let explicit = resolver
        .resolve(&image(&env, "library/alpine:3.20"), None)
        .await
        .unwrap();
    assert_eq!(explicit.status, ImageStatus::Found);
    assert_eq!(
        explicit.digest.as_deref(),
        Some(env.fixtures.oci_index.as_str())
    );
}

#[tokio::test]
async fn tag_listing_is_complete_and_sorted() {
    let env = env(true).await;
    let resolver = Resolver::new(test_options()).unwrap();
    let list = resolver
        .list_tags(&image(&env, "fixtures/many"))
        .await
        .unwrap();
    assert!(list.repository_found);
    assert!(!list.truncated);
    assert_eq!(list.tags.len(), 125);
    assert_eq!(list.tags.first().map(String::as_str), Some("1.124"));
    assert_eq!(list.tags.last().map(String::as_str), Some("1.0"));
    assert_eq!(list.tags[1], "1.123", "numeric, not lexical, order");
    let alpine = resolver
        .list_tags(&image(&env, "library/alpine"))
        .await
        .unwrap();
    assert_eq!(
        alpine.tags,
        vec!["3.21-rc1", "3.20", "3.19", "3.19-slim", "3", "latest"]
    );
    let none = resolver
        .list_tags(&image(&env, "fixtures/nope"))
        .await
        .unwrap();
    assert!(!none.repository_found);
    assert!(none.tags.is_empty());
}

fn opts() -> LookupOptions {
    LookupOptions::default()
}

/// The answer for an image that exists.
async fn found(resolver: &Resolver, text: &str, platform: Option<&str>) -> FoundImage {
    match resolver.lookup_from(text, platform, &opts()).await {
        Some(RegistryAnswer::Found(found)) => found,
        other => panic!("{text}: {other:?}"),
    }
}

#[tokio::test]
async fn lookup_from_facts() {
    let env = env(false).await;
    let resolver = Resolver::new(test_options()).unwrap();
    let host = env.registry.host();
    let f = &env.fixtures;

    // A tag that exists: digest and platforms; no platform asked, none judged.
    let text = format!("{host}/fixtures/multi:1.0");
    let multi = found(&resolver, &text, None).await;
    assert_eq!(multi.digest.as_deref(), Some(f.oci_index.as_str()));
    assert!(multi.multi_platform);
    assert_eq!(multi.platform_offered, None);
    assert_eq!(
        multi.concrete_tag, None,
        "only latest or no tag asks for one"
    );

    // Missing tag with the nearest tags.
    let text = format!("{host}/library/alpine:3.2");
    match resolver.lookup_from(&text, None, &opts()).await {
        Some(RegistryAnswer::TagNotFound { nearest }) => {
            assert_eq!(nearest.first().map(String::as_str), Some("3.20"))
        }
        other => panic!("{other:?}"),
    }

    // Missing repository.
    let text = format!("{host}/fixtures/nope:1.0");
    assert_eq!(
        resolver.lookup_from(&text, None, &opts()).await,
        Some(RegistryAnswer::RepositoryNotFound {
            registry: host.clone()
        })
    );

    // Platforms: the single image has only amd64 (and its config says so); the index
    // offers arm64/v8 to a request for arm64 variants too.
    let text = format!("{host}/fixtures/single:1.0");
    let single = found(&resolver, &text, Some("linux/arm64")).await;
    assert_eq!(single.platform_offered, Some(false));
    assert!(!single.multi_platform);
    assert_eq!(single.platforms, vec!["linux/amd64"]);
    let config = single
        .config
        .expect("a single-platform image is pulled anyway");
    assert_eq!(
        (config.os.as_str(), config.architecture.as_str()),
        ("linux", "amd64")
    );
    let single = found(&resolver, &text, Some("linux/amd64")).await;
    assert_eq!(single.platform_offered, Some(true));
    let unknown = found(&resolver, &text, Some("$BUILDPLATFORM")).await;
    assert_eq!(unknown.platform_offered, None, "unknown platform: no check");
    let multi = format!("{host}/fixtures/multi:1.0");
    assert_eq!(
        found(&resolver, &multi, Some("linux/arm64/v8"))
            .await
            .platform_offered,
        Some(true)
    );

    // latest and no tag: the concrete tag behind them (3.20 and 3 share the digest; the
    // most specific wins).
    for text in [
        format!("{host}/library/alpine:latest"),
        format!("{host}/library/alpine"),
    ] {
        let latest = found(&resolver, &text, None).await;
        assert_eq!(latest.concrete_tag.as_deref(), Some("3.20"), "{text}");
        assert!(latest.digest.is_some());
    }

    // A digest pinned next to a tag that moved on: the tag's digest now.
    let text = format!("{host}/library/alpine:3.20@{}", f.oci_amd64);
    let pinned = found(&resolver, &text, None).await;
    assert_eq!(pinned.digest.as_deref(), Some(f.oci_amd64.as_str()));
    assert_eq!(pinned.tag_digest.as_deref(), Some(f.oci_index.as_str()));

    // Unresolved variables, scratch and invalid text: no lookup, no answer (the
    // linter's DF014 reports invalid references without a registry).
    for text in ["${BASE}", "scratch", "Bad/Name:tag"] {
        assert_eq!(
            resolver.lookup_from(text, None, &opts()).await,
            None,
            "{text}"
        );
    }

    // Upgrade target for the "newest same variant and major" action.
    let newer = resolver
        .newer_tag(&image(&env, "library/alpine:3.19"))
        .await
        .unwrap();
    assert_eq!(newer.as_deref(), Some("3.20"));
}

#[tokio::test]
async fn unreachable_registry_is_an_answer_per_image_within_bounds() {
    // A port nobody listens on: bind, learn the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let resolver = Resolver::new(test_options()).unwrap();
    let froms: Vec<FromImage> = ["a:1", "b:2", "c:3"]
        .iter()
        .map(|name| FromImage {
            image: format!("127.0.0.1:{port}/{name}"),
            platform: None,
        })
        .collect();
    let started = std::time::Instant::now();
    let facts = resolver.lookup_froms(&froms, &opts()).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    // One answer per image; the linter's DR010 turns them into one note per host.
    assert_eq!(facts.images.len(), 3, "{facts:?}");
    for image in &facts.images {
        match &image.answer {
            RegistryAnswer::Unreachable { host, .. } => {
                assert_eq!(host, &format!("127.0.0.1:{port}"))
            }
            other => panic!("{other:?}"),
        }
    }
    let err = resolver
        .resolve(&ImageRef::parse(&froms[0].image).unwrap(), None)
        .await
        .unwrap_err();
    assert!(err.is_connectivity(), "{err:?}");
}

#[tokio::test]
async fn disk_cache_and_offline_mode() {
    let env = env(false).await;
    let cache_dir = tempfile::tempdir().unwrap();
    let with_cache = |offline: bool| ResolverOptions {
        cache: CacheLocation::Dir(cache_dir.path().to_path_buf()),
        offline,
        ..test_options()
    };
    let online = Resolver::new(with_cache(false)).unwrap();
    let multi = image(&env, "fixtures/multi:1.0");
    let first = online.resolve(&multi, None).await.unwrap();
    assert!(!first.from_cache);
    let again = online.resolve(&multi, None).await.unwrap();
    assert!(again.from_cache, "fresh answers come from the disk cache");
    assert_eq!(again.digest, first.digest);
    assert_eq!(again.platforms, first.platforms);
    online.list_tags(&multi).await.unwrap();
    let missing = image(&env, "fixtures/single:9.9");
    assert_eq!(
        online.resolve(&missing, None).await.unwrap().status,
        ImageStatus::TagNotFound
    );

    // Another resolver (another process, e.g. the CLI) offline: cached answers only.
    let offline = Resolver::new(with_cache(true)).unwrap();
    drop(env.registry);
    let cached = offline.resolve(&multi, None).await.unwrap();
    assert!(cached.from_cache);
    assert_eq!(cached.digest, first.digest);
    assert_eq!(
        offline.list_tags(&multi).await.unwrap().tags,
        vec!["1.0", "latest"]
    );
    assert_eq!(
        offline.resolve(&missing, None).await.unwrap().status,
        ImageStatus::TagNotFound,
        "negative cache"
    );
    let uncached = ImageRef::parse(&format!(
        "{}:1.0",
        multi.repository().replace("multi", "dockerlist")
    ))
    .unwrap();
    assert_eq!(
        offline.resolve(&uncached, None).await.unwrap_err(),
        LookupError::Offline
    );
    // Offline with nothing cached: no answer at all (not a wall of notes).
    assert_eq!(
        offline
            .lookup_from(&uncached.familiar(), None, &opts())
            .await,
        None
    );

    // Stale entries are revalidated online: with the registry gone that is an error,
    // not a stale answer passed off as fresh.
    let zero_ttl = Resolver::new(ResolverOptions {
        tag_ttl: std::time::Duration::ZERO,
        ..with_cache(false)
    })
    .unwrap();
    assert!(zero_ttl
        .resolve(&multi, None)
        .await
        .unwrap_err()
        .is_connectivity());
}

#[tokio::test]
async fn host_lists_and_timeouts_bound_lookups() {
    let env = env(false).await;
    let host = env.registry.host();
    let denied = Resolver::new(ResolverOptions {
        deny_hosts: vec!["127.0.0.1".into()],
        ..test_options()
    })
    .unwrap();
    let multi = image(&env, "fixtures/multi:1.0");
    assert!(matches!(
        denied.resolve(&multi, None).await,
        Err(LookupError::HostNotAllowed { .. })
    ));
    assert_eq!(
        denied.lookup_from(&multi.familiar(), None, &opts()).await,
        None
    );
    let allowed_only_other = Resolver::new(ResolverOptions {
        allow_hosts: vec!["ghcr.io".into()],
        ..test_options()
    })
    .unwrap();
    assert!(!allowed_only_other.host_allowed(&multi));
    let allowed = Resolver::new(ResolverOptions {
        allow_hosts: vec![host.clone()],
        ..test_options()
    })
    .unwrap();
    assert!(allowed.resolve(&multi, None).await.unwrap().exists());
}

#[tokio::test]
async fn base_image_config_per_platform() {
    let env = env(false).await;
    let cache_dir = tempfile::tempdir().unwrap();
    let options = |offline: bool| ResolverOptions {
        cache: CacheLocation::Dir(cache_dir.path().to_path_buf()),
        offline,
        ..test_options()
    };
    let resolver = Resolver::new(options(false)).unwrap();
    let multi = image(&env, "fixtures/multi:1.0");
    let arm = Platform::parse("linux/arm64").unwrap();
    let amd = Platform::parse("linux/amd64").unwrap();
    let arm_config = resolver.image_config(&multi, &arm).await.unwrap().unwrap();
    assert_eq!(
        arm_config
            .platform
            .as_ref()
            .map(|p| p.architecture.as_str()),
        Some("arm64")
    );
    assert_eq!(
        arm_config.shell,
        Some(vec!["/bin/bash".to_string(), "-c".to_string()])
    );
    assert_eq!(arm_config.env_var("FIXTURE_VERSION"), Some("1.0"));
    assert_eq!(
        arm_config.env_names().collect::<Vec<_>>(),
        vec!["PATH", "FIXTURE_VERSION"]
    );
    assert_eq!(arm_config.working_dir.as_deref(), Some("/srv"));
    assert_eq!(
        arm_config
            .labels
            .get("org.opencontainers.image.version")
            .map(String::as_str),
        Some("1.0")
    );
    let amd_config = resolver.image_config(&multi, &amd).await.unwrap().unwrap();
    assert_eq!(amd_config.shell, None);
    let docker = image(&env, "fixtures/dockerlist:1.0");
    assert_eq!(
        resolver
            .image_config(&docker, &arm)
            .await
            .unwrap()
            .unwrap()
            .shell,
        arm_config.shell
    );
    // A single-platform image: its own config, whatever platform is asked.
    let single = image(&env, "fixtures/single:1.0");
    let single_config = resolver.image_config(&single, &amd).await.unwrap().unwrap();
    assert_eq!(
        single_config.platform.map(|p| p.architecture),
        Some("amd64".to_string())
    );
    // Platform not offered, or image missing: nothing.
    let s390x = Platform::parse("linux/s390x").unwrap();
    assert_eq!(resolver.image_config(&multi, &s390x).await.unwrap(), None);
    assert_eq!(
        resolver
            .image_config(&image(&env, "fixtures/nope:1"), &amd)
            .await
            .unwrap(),
        None
    );
    // Cached for offline use.
    drop(env.registry);
    let offline = Resolver::new(options(true)).unwrap();
    assert_eq!(
        offline.image_config(&multi, &arm).await.unwrap(),
        Some(arm_config)
    );
}
