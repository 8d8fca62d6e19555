//! Resolver settings: one plain struct shared by the CLI and the language server. The
//! defaults are what an interactive editor wants (short timeouts, a disk cache, the
//! user's Docker credentials).

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

/// Where the disk cache lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheLocation {
    /// `$DLINT_CACHE_DIR`, else the user's cache directory (`~/.cache/dlint/registry` on
    /// Linux).
    Default,
    /// An explicit directory.
    Dir(PathBuf),
    /// No disk cache (answers are still de-duplicated in memory per lookup).
    Disabled,
}

/// Where Docker credentials come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`, with
    /// `DOCKER_AUTH_CONFIG` on top and Podman's `auth.json` files as a fallback. Never a
    /// file from the workspace being linted.
    DockerDefault,
    /// An explicit `config.json`.
    ConfigFile(PathBuf),
    /// Anonymous only.
    None,
}

/// Everything a [`crate::Resolver`] can be told.
#[derive(Debug, Clone)]
pub struct ResolverOptions {
    /// When non-empty, only these hosts are contacted (`host`, `host:port`, `*.suffix`).
    pub allow_hosts: Vec<String>,
    /// Never contacted; wins over `allow_hosts`.
    pub deny_hosts: Vec<String>,
    /// Registries that may be used over plain http (loopback always may).
    pub insecure_registries: Vec<String>,
    /// Serve only from the disk cache, whatever its age; never touch the network.
    pub offline: bool,
    /// One HTTP request, from connecting to the end of the body.
    pub request_timeout: Duration,
    /// Establishing a connection.
    pub connect_timeout: Duration,
    /// A whole public operation (`resolve`, `list_tags`, `lookup_from`).
    pub lookup_timeout: Duration,
    /// A credential helper run; it is killed after this.
    pub helper_timeout: Duration,
    /// Concurrent requests per registry host.
    pub max_concurrent_per_host: usize,
    /// Retries after 429 or 5xx.
    pub max_retries: u32,
    /// Longest `Retry-After` we wait inline; longer ones fail the lookup and back off the
    /// host instead.
    pub max_retry_wait: Duration,
    /// Disk cache location.
    pub cache: CacheLocation,
    /// How long a tag → digest answer is served without revalidation.
    pub tag_ttl: Duration,
    /// How long a tag list is served.
    pub tag_list_ttl: Duration,
    /// How long "not found" answers are remembered.
    pub negative_ttl: Duration,
    /// Credentials.
    pub credentials: CredentialSource,
    /// Where credential helpers are searched (PATH syntax); the process PATH when `None`.
    pub helper_search_path: Option<OsString>,
    /// Extra (registry, token-service host) pairs allowed to see the registry's
    /// credentials, for registries whose auth service lives on another host.
    pub trusted_token_realms: Vec<(String, String)>,
    /// `n` for tag listing.
    pub tag_page_size: u32,
    /// Pages of tags followed at most.
    pub max_tag_pages: u32,
    /// HEAD requests spent to find the concrete tag behind `latest`.
    pub max_concrete_tag_probes: usize,
    /// Extra trusted CA certificates (PEM files) for registries with a private CA, on
    /// top of the bundled and system roots.
    pub extra_root_certificates: Vec<PathBuf>,
    /// Host names pinned to addresses, like curl's `--resolve` (split-horizon setups,
    /// and tests that need a non-loopback name on this machine). The URL's port wins.
    pub host_overrides: Vec<(String, std::net::SocketAddr)>,
    /// Sent as `User-Agent`.
    pub user_agent: String,
}

impl Default for ResolverOptions {
    fn default() -> Self {
        ResolverOptions {
            allow_hosts: Vec::new(),
            deny_hosts: Vec::new(),
            insecure_registries: Vec::new(),
            offline: false,
            request_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            lookup_timeout: Duration::from_secs(30),
            helper_timeout: Duration::from_secs(10),
            max_concurrent_per_host: 4,
            max_retries: 2,
            max_retry_wait: Duration::from_secs(5),
            cache: CacheLocation::Default,
            tag_ttl: Duration::from_secs(30 * 60),
            tag_list_ttl: Duration::from_secs(6 * 3600),
            negative_ttl: Duration::from_secs(5 * 60),
            credentials: CredentialSource::DockerDefault,
            helper_search_path: None,
            trusted_token_realms: Vec::new(),
            tag_page_size: 1000,
            max_tag_pages: 20,
            max_concrete_tag_probes: 8,
            extra_root_certificates: Vec::new(),
            host_overrides: Vec::new(),
            user_agent: concat!("dlint/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}
