//! The high-level, async resolver: the one entry point the CLI and the language server
//! use. It applies the host allow/deny lists, serves answers from the disk cache
//! (revalidating stale tag answers with a cheap HEAD), asks the registry otherwise, and
//! bounds every public operation by `lookup_timeout`. Dropping a returned future
//! cancels the lookup (and kills a running credential helper).

use std::future::Future;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::{Method, Url};

use crate::cache::{default_cache_dir, DiskCache};
use crate::client::{RegistryClient, Target};
use crate::error::LookupError;
use crate::http::{
    error_code, next_link, CONFIG_MAX_BYTES, ERROR_MAX_BYTES, MANIFEST_MAX_BYTES,
    TAGS_PAGE_MAX_BYTES,
};
use crate::info::{web_url, ImageConfig, ImageInfo, ImageStatus, PlatformManifest, TagList};
use crate::manifest::{
    config_platform, digest_matches, parse_manifest, sha256_digest, ManifestBody, MANIFEST_ACCEPT,
};
use crate::options::{CacheLocation, ResolverOptions};
use crate::platform::Platform;
use crate::reference::ImageRef;
use crate::security::{host_permitted, same_origin};
use crate::tags::sort_newest_first;

/// Resolves image references against their registries. Cheap to share behind an `Arc`;
/// all methods take `&self`.
pub struct Resolver {
    options: Arc<ResolverOptions>,
    client: RegistryClient,
    cache: Option<DiskCache>,
    /// One lock per question being asked, so concurrent identical lookups (hover,
    /// diagnostics and completion on the same image) go to the network once and the
    /// followers read the cache.
    in_flight: std::sync::Mutex<std::collections::HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// Immutable facts about a manifest digest, cached forever.
#[derive(serde::Serialize, serde::Deserialize)]
struct DigestFacts {
    media_type: Option<String>,
    platforms: Vec<PlatformManifest>,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver")
            .field("options", &self.options)
            .field("cache", &self.cache.as_ref().map(|c| c.dir().to_path_buf()))
            .finish_non_exhaustive()
    }
}

impl Resolver {
    /// Builds a resolver. Reads the Docker config once (a broken one means anonymous).
    pub fn new(options: ResolverOptions) -> Result<Resolver, LookupError> {
        let options = Arc::new(options);
        let cache = match &options.cache {
            CacheLocation::Default => default_cache_dir().map(DiskCache::new),
            CacheLocation::Dir(dir) => Some(DiskCache::new(dir.clone())),
            CacheLocation::Disabled => None,
        };
        let client = RegistryClient::new(options.clone())?;
        Ok(Resolver {
            options,
            client,
            cache,
            in_flight: std::sync::Mutex::new(std::collections::HashMap::new()),
        })
    }

    /// The options this resolver was built with.
    pub fn options(&self) -> &ResolverOptions {
        &self.options
    }

    /// The disk cache, if enabled.
    pub fn cache(&self) -> Option<&DiskCache> {
        self.cache.as_ref()
    }

    /// True when lookups for this image's registry are permitted by the host lists.
    pub fn host_allowed(&self, image: &ImageRef) -> bool {
        host_permitted(
            image.domain(),
            &self.options.allow_hosts,
            &self.options.deny_hosts,
        )
    }

    /// The last `ratelimit-remaining` a registry reported (Docker Hub), so callers can
    /// skip non-essential lookups (completion, hover) when the quota runs low.
    pub fn rate_limit_remaining(&self, image: &ImageRef) -> Option<u64> {
        self.client.rate_limit_remaining(image.domain())
    }

    /// `Warning` texts a registry sent, de-duplicated.
    pub fn registry_warnings(&self, image: &ImageRef) -> Vec<String> {
        self.client.warnings(image.domain())
    }

    /// What `image` resolves to (its digest if it has one, else its tag or `latest`).
    /// `platform` is accepted for symmetry with `FROM --platform`; the answer always
    /// lists every platform, and [`ImageInfo::platform_for`] picks one.
    pub async fn resolve(
        &self,
        image: &ImageRef,
        platform: Option<&Platform>,
    ) -> Result<ImageInfo, LookupError> {
        let _ = platform;
        self.bounded(image, self.resolve_inner(image)).await
    }

    /// The repository's tags, newest first.
    pub async fn list_tags(&self, image: &ImageRef) -> Result<TagList, LookupError> {
        self.bounded(image, self.list_tags_inner(image)).await
    }

    pub(crate) async fn bounded<T>(
        &self,
        image: &ImageRef,
        work: impl Future<Output = Result<T, LookupError>>,
    ) -> Result<T, LookupError> {
        if !self.host_allowed(image) {
            return Err(LookupError::HostNotAllowed {
                host: image.domain().to_string(),
            });
        }
        match tokio::time::timeout(self.options.lookup_timeout, work).await {
            Ok(result) => result,
            Err(_) => Err(LookupError::Timeout {
                host: image.domain().to_string(),
            }),
        }
    }

    fn target(image: &ImageRef) -> Target {
        Target {
            domain: image.domain().to_string(),
            api_host: image.api_host().to_string(),
            repository: image.path().to_string(),
        }
    }

    fn api_url(&self, image: &ImageRef, tail: &str) -> Result<Url, LookupError> {
        let base = self.client.base_url(image.api_host())?;
        base.join(&format!("v2/{}/{tail}", image.path()))
            .map_err(|_| LookupError::Protocol {
                host: image.domain().to_string(),
                reason: "cannot build the request URL".into(),
            })
    }

    /// Waits until no other lookup for `key` is running and returns its guard.
    async fn single_flight(&self, key: &str) -> tokio::sync::OwnedMutexGuard<()> {
        let lock = {
            let mut map = self.in_flight.lock().expect("in-flight map lock");
            // Forget locks nobody holds or waits for, so the map stays small.
            map.retain(|_, lock| Arc::strong_count(lock) > 1);
            map.entry(key.to_string()).or_default().clone()
        };
        lock.lock_owned().await
    }

    fn cache_get<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Option<crate::cache::Cached<T>> {
        self.cache.as_ref()?.get(key)
    }

    fn cache_put<T: serde::Serialize>(&self, key: &str, value: &T) {
        if let Some(cache) = &self.cache {
            // A cache that cannot be written only costs speed.
            let _ = cache.put(key, value);
        }
    }

    async fn resolve_inner(&self, image: &ImageRef) -> Result<ImageInfo, LookupError> {
        let reference = image.lookup_reference().to_string();
        let by_digest = image.digest().is_some();
        let key = format!("manifest:{}:{reference}", image.repository());
        let _turn = self.single_flight(&key).await;
        let cached: Option<crate::cache::Cached<ImageInfo>> = self.cache_get(&key);
        if let Some(entry) = &cached {
            let ttl = match entry.value.status {
                ImageStatus::Found if by_digest => std::time::Duration::MAX,
                ImageStatus::Found => self.options.tag_ttl,
                _ => self.options.negative_ttl,
            };
            if self.options.offline || entry.is_fresh(ttl) {
                let mut info = entry.value.clone();
                info.from_cache = true;
                return Ok(info);
            }
        }
        if self.options.offline {
            return Err(LookupError::Offline);
        }
        let info = self.fetch_manifest(image, &reference).await?;
        self.cache_put(&key, &info);
        Ok(info)
    }

    async fn fetch_manifest(
        &self,
        image: &ImageRef,
        reference: &str,
    ) -> Result<ImageInfo, LookupError> {
        let target = Self::target(image);
        let host = image.domain().to_string();
        let url = self.api_url(image, &format!("manifests/{reference}"))?;
        let head = self
            .client
            .request(&target, Method::HEAD, url.clone(), Some(MANIFEST_ACCEPT), 0)
            .await?;
        let mut info = ImageInfo {
            registry: host.clone(),
            repository: image.path().to_string(),
            reference: reference.to_string(),
            status: ImageStatus::Found,
            digest: None,
            media_type: None,
            platforms: Vec::new(),
            web_url: web_url(image),
            checked_at: now_secs(),
            from_cache: false,
        };
        match head.status {
            200 => {}
            // Some registries do not implement HEAD: the GET below answers everything.
            405 | 501 => {}
            404 => {
                // HEAD has no body: GET reads the error code that tells repository
                // from tag.
                let get = self
                    .client
                    .request(
                        &target,
                        Method::GET,
                        url,
                        Some(MANIFEST_ACCEPT),
                        ERROR_MAX_BYTES,
                    )
                    .await;
                let code = match get {
                    Ok(response) if response.status == 404 => error_code(&response.body),
                    Ok(response) => return Err(unexpected(&host, response.status)),
                    Err(LookupError::ResponseTooLarge { .. }) => None,
                    Err(e) => return Err(e),
                };
                info.status = match (code.as_deref(), image.digest().is_some()) {
                    (Some("NAME_UNKNOWN"), _) => ImageStatus::RepositoryNotFound,
                    (_, true) => ImageStatus::DigestNotFound,
                    (_, false) => ImageStatus::TagNotFound,
                };
                // distribution answers MANIFEST_UNKNOWN even for unknown repositories;
                // the tag list (cached, and wanted for suggestions anyway) tells them
                // apart.
                if info.status != ImageStatus::RepositoryNotFound {
                    if let Ok(list) = self.list_tags_inner(image).await {
                        if !list.repository_found {
                            info.status = ImageStatus::RepositoryNotFound;
                        }
                    }
                }
                return Ok(info);
            }
            401 | 403 => return Err(LookupError::Unauthorized { host }),
            status => return Err(unexpected(&host, status)),
        }
        let header_digest = (head.status == 200)
            .then(|| head.header("docker-content-digest"))
            .flatten()
            .filter(|d| crate::reference::is_valid_digest(d))
            .map(str::to_string);
        let header_type = (head.status == 200)
            .then(|| head.header("content-type"))
            .flatten()
            .map(|t| t.split(';').next().unwrap_or(t).trim().to_string());
        // Immutable facts for a digest we have seen before: no GET needed.
        if let Some(digest) = &header_digest {
            if let Some(facts) = self.cache_get::<DigestFacts>(&facts_key(image, digest)) {
                info.digest = Some(digest.clone());
                info.media_type = facts.value.media_type;
                info.platforms = facts.value.platforms;
                return Ok(info);
            }
        }
        let get = self
            .client
            .request(
                &target,
                Method::GET,
                self.api_url(image, &format!("manifests/{reference}"))?,
                Some(MANIFEST_ACCEPT),
                MANIFEST_MAX_BYTES,
            )
            .await?;
        if get.status != 200 {
            return Err(unexpected(&host, get.status));
        }
        let body_digest = sha256_digest(&get.body);
        let get_digest = get
            .header("docker-content-digest")
            .filter(|d| crate::reference::is_valid_digest(d))
            .map(str::to_string);
        for claimed in [&header_digest, &get_digest].into_iter().flatten() {
            if digest_matches(claimed, &get.body) == Some(false) {
                return Err(LookupError::DigestMismatch { host });
            }
        }
        // Asking by digest: the body must be what we asked for.
        if let Some(asked) = image.digest() {
            if digest_matches(asked, &get.body) == Some(false) {
                return Err(LookupError::DigestMismatch { host });
            }
        }
        let digest = get_digest.or(header_digest).unwrap_or(body_digest);
        let media_type = get
            .header("content-type")
            .map(|t| t.split(';').next().unwrap_or(t).trim().to_string())
            .or(header_type);
        let platforms = match parse_manifest(media_type.as_deref().unwrap_or(""), &get.body) {
            Some(ManifestBody::Index(entries)) => entries
                .into_iter()
                .map(|(platform, digest)| PlatformManifest { platform, digest })
                .collect(),
            Some(ManifestBody::Image { config_digest }) => self
                .config_platform(image, &target, &config_digest)
                .await?
                .map(|platform| {
                    vec![PlatformManifest {
                        platform,
                        digest: digest.clone(),
                    }]
                })
                .unwrap_or_default(),
            Some(ManifestBody::Other) => Vec::new(),
            None => {
                return Err(LookupError::Protocol {
                    host,
                    reason: "the manifest is not valid JSON".into(),
                })
            }
        };
        self.cache_put(
            &facts_key(image, &digest),
            &DigestFacts {
                media_type: media_type.clone(),
                platforms: platforms.clone(),
            },
        );
        info.digest = Some(digest);
        info.media_type = media_type;
        info.platforms = platforms;
        Ok(info)
    }

    /// Reads a single-platform image's config blob for its platform.
    async fn config_platform(
        &self,
        image: &ImageRef,
        target: &Target,
        config_digest: &str,
    ) -> Result<Option<Platform>, LookupError> {
        let body = self
            .get_verified(
                image,
                target,
                &format!("blobs/{config_digest}"),
                None,
                CONFIG_MAX_BYTES,
                config_digest,
            )
            .await?;
        Ok(body.and_then(|b| config_platform(&b)))
    }

    /// GETs a content-addressed object (manifest or blob) and checks its bytes against
    /// the digest. `None` when the registry does not have it. Blobs may be redirected to
    /// a CDN; the client drops credentials on the way.
    async fn get_verified(
        &self,
        image: &ImageRef,
        target: &Target,
        tail: &str,
        accept: Option<&str>,
        max_bytes: u64,
        digest: &str,
    ) -> Result<Option<Vec<u8>>, LookupError> {
        if !crate::reference::is_valid_digest(digest) {
            return Ok(None);
        }
        let url = self.api_url(image, tail)?;
        let response = self
            .client
            .request(target, Method::GET, url, accept, max_bytes)
            .await?;
        match response.status {
            200 => {}
            404 => return Ok(None),
            401 | 403 => {
                return Err(LookupError::Unauthorized {
                    host: image.domain().to_string(),
                })
            }
            status => return Err(unexpected(image.domain(), status)),
        }
        if digest_matches(digest, &response.body) == Some(false) {
            return Err(LookupError::DigestMismatch {
                host: image.domain().to_string(),
            });
        }
        Ok(Some(response.body))
    }

    /// The base image's config (Env, Shell, WorkingDir, User, Labels, platform) for
    /// `platform`: index → that platform's manifest → config blob. `None` when the
    /// image, or the platform in it, does not exist. Cached forever by manifest digest.
    pub async fn image_config(
        &self,
        image: &ImageRef,
        platform: &Platform,
    ) -> Result<Option<ImageConfig>, LookupError> {
        self.bounded(image, self.image_config_inner(image, platform))
            .await
    }

    async fn image_config_inner(
        &self,
        image: &ImageRef,
        platform: &Platform,
    ) -> Result<Option<ImageConfig>, LookupError> {
        let info = self.resolve_inner(image).await?;
        if !info.exists() {
            return Ok(None);
        }
        let manifest_digest = if info.is_multi_platform() {
            match info.platform_for(platform) {
                Some(entry) => entry.digest.clone(),
                None => return Ok(None),
            }
        } else {
            match info.digest.clone() {
                Some(digest) => digest,
                None => return Ok(None),
            }
        };
        let key = format!("config:{}@{manifest_digest}", image.repository());
        if let Some(entry) = self.cache_get::<ImageConfig>(&key) {
            return Ok(Some(entry.value));
        }
        if self.options.offline {
            return Err(LookupError::Offline);
        }
        let target = Self::target(image);
        let Some(manifest) = self
            .get_verified(
                image,
                &target,
                &format!("manifests/{manifest_digest}"),
                Some(MANIFEST_ACCEPT),
                MANIFEST_MAX_BYTES,
                &manifest_digest,
            )
            .await?
        else {
            return Ok(None);
        };
        let Some(ManifestBody::Image { config_digest }) = parse_manifest("", &manifest) else {
            return Ok(None);
        };
        let Some(blob) = self
            .get_verified(
                image,
                &target,
                &format!("blobs/{config_digest}"),
                None,
                CONFIG_MAX_BYTES,
                &config_digest,
            )
            .await?
        else {
            return Ok(None);
        };
        let config = ImageConfig::from_json(&blob).ok_or_else(|| LookupError::Protocol {
            host: image.domain().to_string(),
            reason: "the image config is not valid JSON".into(),
        })?;
        self.cache_put(&key, &config);
        Ok(Some(config))
    }

    async fn list_tags_inner(&self, image: &ImageRef) -> Result<TagList, LookupError> {
        let key = format!("tags:{}", image.repository());
        let _turn = self.single_flight(&key).await;
        if let Some(entry) = self.cache_get::<TagList>(&key) {
            let ttl = if entry.value.repository_found {
                self.options.tag_list_ttl
            } else {
                self.options.negative_ttl
            };
            if self.options.offline || entry.is_fresh(ttl) {
                let mut list = entry.value;
                list.from_cache = true;
                return Ok(list);
            }
        }
        if self.options.offline {
            return Err(LookupError::Offline);
        }
        let list = self.fetch_tags(image).await?;
        self.cache_put(&key, &list);
        Ok(list)
    }

    async fn fetch_tags(&self, image: &ImageRef) -> Result<TagList, LookupError> {
        #[derive(serde::Deserialize)]
        struct Page {
            #[serde(default)]
            tags: Option<Vec<String>>,
        }
        let target = Self::target(image);
        let host = image.domain().to_string();
        let first = self.api_url(
            image,
            &format!("tags/list?n={}", self.options.tag_page_size.max(1)),
        )?;
        let mut url = Some(first.clone());
        let mut tags = Vec::new();
        let mut pages = 0;
        let mut truncated = false;
        while let Some(current) = url.take() {
            if pages >= self.options.max_tag_pages.max(1) {
                truncated = true;
                break;
            }
            pages += 1;
            let response = self
                .client
                .request(
                    &target,
                    Method::GET,
                    current.clone(),
                    Some("application/json"),
                    TAGS_PAGE_MAX_BYTES,
                )
                .await?;
            match response.status {
                200 => {}
                404 if pages == 1 => {
                    return Ok(TagList {
                        repository_found: false,
                        tags: Vec::new(),
                        truncated: false,
                        from_cache: false,
                    })
                }
                401 | 403 => return Err(LookupError::Unauthorized { host }),
                status => return Err(unexpected(&host, status)),
            }
            let page: Page =
                serde_json::from_slice(&response.body).map_err(|_| LookupError::Protocol {
                    host: host.clone(),
                    reason: "the tag list is not valid JSON".into(),
                })?;
            tags.extend(page.tags.unwrap_or_default());
            // Follow only same-origin `Link: <…>; rel="next"`: a registry must not steer
            // us (and its token) to another host.
            url = response
                .header("link")
                .and_then(|link| next_link(link, &response.url))
                .filter(|next| same_origin(next, &first))
                .filter(|next| *next != current);
        }
        sort_newest_first(&mut tags);
        Ok(TagList {
            repository_found: true,
            tags,
            truncated,
            from_cache: false,
        })
    }
}

fn facts_key(image: &ImageRef, digest: &str) -> String {
    format!("digest:{}@{digest}", image.repository())
}

fn unexpected(host: &str, status: u16) -> LookupError {
    match status {
        429 => LookupError::RateLimited {
            host: host.to_string(),
            retry_after: None,
        },
        _ => LookupError::Protocol {
            host: host.to_string(),
            reason: format!("HTTP {status}"),
        },
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
