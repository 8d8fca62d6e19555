//! The registry HTTP client: per-host state (concurrency permits, back-off after 429 or
//! an exhausted quota, a short circuit-breaker after connection failures, the host's
//! auth scheme and its bearer tokens), the 401 → challenge → token → retry dance, and
//! retries with back-off on 429 and 5xx. Tokens live in memory only.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::{Method, Url};
use tokio::sync::Semaphore;

use crate::auth::{
    check_realm, choose_scheme, parse_challenges, parse_token_response, AuthScheme,
    BearerChallenge, Token,
};
use crate::docker_config::{Credential, DockerConfig};
use crate::error::LookupError;
use crate::http::{self, Redirects, Request, Response, TOKEN_MAX_BYTES};
use crate::options::{CredentialSource, ResolverOptions};
use crate::secret::Secret;
use crate::security::allows_plain_http;

/// How long a host that refused connections is not tried again.
const UNREACHABLE_PAUSE: Duration = Duration::from_secs(30);
/// How long a host whose rate-limit quota reads 0 is left alone.
const QUOTA_PAUSE: Duration = Duration::from_secs(60);
/// How long credential lookups (helper runs) are remembered.
const CREDENTIAL_TTL: Duration = Duration::from_secs(600);

/// Which repository a request is about (for token scopes) and on which registry.
#[derive(Debug, Clone)]
pub struct Target {
    /// Reference domain (`docker.io`), the credential key.
    pub domain: String,
    /// Host serving the API (`registry-1.docker.io`).
    pub api_host: String,
    /// Repository path (`library/alpine`).
    pub repository: String,
}

#[derive(Default)]
struct HostInner {
    paused_until: Option<(Instant, LookupError)>,
    scheme: Option<AuthScheme>,
    tokens: HashMap<String, Token>,
    warnings: Vec<String>,
    rate_remaining: Option<u64>,
}

struct HostState {
    permits: Semaphore,
    inner: Mutex<HostInner>,
}

/// Credentials per registry domain, looked up lazily (only after a 401) and remembered.
struct CredentialStore {
    config: Result<DockerConfig, String>,
    cache: tokio::sync::Mutex<HashMap<String, (Option<Credential>, Instant)>>,
}

/// Shared HTTP state for one resolver.
pub struct RegistryClient {
    http: reqwest::Client,
    options: Arc<ResolverOptions>,
    hosts: Mutex<HashMap<String, Arc<HostState>>>,
    credentials: CredentialStore,
}

impl RegistryClient {
    /// Builds the client (one connection pool for all registries).
    pub fn new(options: Arc<ResolverOptions>) -> Result<RegistryClient, LookupError> {
        let setup_error = |reason: String| LookupError::Protocol {
            host: "local".into(),
            reason,
        };
        // Redirects are followed by hand (`http::send`) so every hop is checked.
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(options.request_timeout)
            .connect_timeout(options.connect_timeout)
            .user_agent(options.user_agent.clone());
        for path in &options.extra_root_certificates {
            let pem = std::fs::read(path).map_err(|_| {
                setup_error(format!("cannot read CA certificate {}", path.display()))
            })?;
            // A bundle may hold several certificates; one that holds none is a mistake
            // worth reporting rather than a silent no-op.
            let certificates = reqwest::Certificate::from_pem_bundle(&pem)
                .ok()
                .filter(|certs| !certs.is_empty())
                .ok_or_else(|| {
                    setup_error(format!("{} holds no PEM certificate", path.display()))
                })?;
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        for (host, addr) in &options.host_overrides {
            builder = builder.resolve(host, *addr);
        }
        let http = builder
            .build()
            .map_err(|_| setup_error("cannot initialise the HTTP client".into()))?;
        let config = match &options.credentials {
            CredentialSource::None => Ok(DockerConfig::default()),
            CredentialSource::ConfigFile(path) => DockerConfig::load(path).map_err(|e| e.0),
            CredentialSource::DockerDefault => {
                crate::docker_config::load_user_config().map_err(|e| e.0)
            }
        };
        Ok(RegistryClient {
            http,
            options,
            hosts: Mutex::new(HashMap::new()),
            credentials: CredentialStore {
                config,
                cache: tokio::sync::Mutex::new(HashMap::new()),
            },
        })
    }

    /// `https://host/` or, for loopback and insecure registries, `http://host/`.
    pub fn base_url(&self, api_host: &str) -> Result<Url, LookupError> {
        let scheme = if allows_plain_http(api_host, &self.options.insecure_registries) {
            "http"
        } else {
            "https"
        };
        Url::parse(&format!("{scheme}://{api_host}/")).map_err(|_| LookupError::Protocol {
            host: api_host.to_string(),
            reason: "the registry host is not a valid URL host".into(),
        })
    }

    /// `Warning` headers the registry sent (de-duplicated), for unobtrusive display.
    pub fn warnings(&self, domain: &str) -> Vec<String> {
        let state = self.host(domain);
        let inner = state.inner.lock().expect("host state lock");
        inner.warnings.clone()
    }

    /// The last `ratelimit-remaining` value the host sent.
    pub fn rate_limit_remaining(&self, domain: &str) -> Option<u64> {
        let state = self.host(domain);
        let inner = state.inner.lock().expect("host state lock");
        inner.rate_remaining
    }

    fn host(&self, domain: &str) -> Arc<HostState> {
        let mut hosts = self.hosts.lock().expect("host map lock");
        hosts
            .entry(domain.to_string())
            .or_insert_with(|| {
                Arc::new(HostState {
                    permits: Semaphore::new(self.options.max_concurrent_per_host.max(1)),
                    inner: Mutex::new(HostInner::default()),
                })
            })
            .clone()
    }

    /// A GET or HEAD against the registry API, authenticated as needed.
    pub async fn request(
        &self,
        target: &Target,
        method: Method,
        url: Url,
        accept: Option<&str>,
        max_bytes: u64,
    ) -> Result<Response, LookupError> {
        let state = self.host(&target.domain);
        check_pause(&state)?;
        let _permit = state
            .permits
            .acquire()
            .await
            .map_err(|_| LookupError::Unreachable {
                host: target.domain.clone(),
            })?;
        let scope = format!("repository:{}:pull", target.repository);
        let origin = self.base_url(&target.api_host)?;
        let mut answered_challenge = false;
        loop {
            let authorization = self.authorization(target, &state, &scope).await?;
            let request = Request {
                method: method.clone(),
                url: url.clone(),
                accept,
                authorization,
                auth_origin: Some(origin.clone()),
                form: None,
                max_bytes,
                redirects: Redirects::Any,
            };
            let response = self
                .send_with_retries(&state, &target.domain, request)
                .await?;
            if response.status == 401 && !answered_challenge {
                answered_challenge = true;
                let header = response.header("www-authenticate").unwrap_or("");
                match choose_scheme(&parse_challenges(header)) {
                    Some(AuthScheme::Bearer(challenge)) => {
                        let token = self.fetch_token(target, &challenge, &scope).await?;
                        let mut inner = state.inner.lock().expect("host state lock");
                        inner.tokens.insert(scope.clone(), token);
                        inner.scheme = Some(AuthScheme::Bearer(challenge));
                        continue;
                    }
                    Some(AuthScheme::Basic) => {
                        if matches!(
                            self.credential(&target.domain).await,
                            Some(Credential::Basic { .. })
                        ) {
                            state.inner.lock().expect("host state lock").scheme =
                                Some(AuthScheme::Basic);
                            continue;
                        }
                        return Ok(response);
                    }
                    None => return Ok(response),
                }
            }
            return Ok(response);
        }
    }

    /// The `Authorization` value for the next request to this host, if any.
    async fn authorization(
        &self,
        target: &Target,
        state: &HostState,
        scope: &str,
    ) -> Result<Option<String>, LookupError> {
        let (scheme, token) = {
            let inner = state.inner.lock().expect("host state lock");
            (inner.scheme.clone(), inner.tokens.get(scope).cloned())
        };
        match scheme {
            Some(AuthScheme::Bearer(challenge)) => {
                if let Some(token) = token.filter(Token::is_fresh) {
                    return Ok(Some(format!("Bearer {}", token.value.expose())));
                }
                // Known bearer host: fetch the token up front instead of eating a 401.
                let token = self.fetch_token(target, &challenge, scope).await?;
                let value = format!("Bearer {}", token.value.expose());
                state
                    .inner
                    .lock()
                    .expect("host state lock")
                    .tokens
                    .insert(scope.to_string(), token);
                Ok(Some(value))
            }
            Some(AuthScheme::Basic) => Ok(match self.credential(&target.domain).await {
                Some(Credential::Basic { username, password }) => {
                    Some(basic_header(&username, &password))
                }
                _ => None,
            }),
            None => Ok(None),
        }
    }

    /// Credentials for a registry domain; lookup failures count as "none" (the request
    /// then goes anonymous and a 401 reports "no access").
    async fn credential(&self, domain: &str) -> Option<Credential> {
        let config = self.credentials.config.as_ref().ok()?;
        let mut cache = self.credentials.cache.lock().await;
        if let Some((cred, at)) = cache.get(domain) {
            if at.elapsed() < CREDENTIAL_TTL {
                return cred.clone();
            }
        }
        let found = config
            .credential(
                domain,
                self.options.helper_search_path.as_ref(),
                self.options.helper_timeout,
            )
            .await
            .unwrap_or(None);
        cache.insert(domain.to_string(), (found.clone(), Instant::now()));
        found
    }

    /// Gets a bearer token from the challenge's realm, with or without credentials as
    /// the realm policy allows.
    async fn fetch_token(
        &self,
        target: &Target,
        challenge: &BearerChallenge,
        scope: &str,
    ) -> Result<Token, LookupError> {
        let (realm, decision) = check_realm(
            &target.domain,
            &target.api_host,
            &challenge.realm,
            &self.options.insecure_registries,
            &self.options.trusted_token_realms,
        )?;
        let credential = if decision.send_credentials {
            self.credential(&target.domain).await
        } else {
            None
        };
        let mut scopes = vec![scope.to_string()];
        if let Some(extra) = challenge.scope.as_deref().filter(|s| *s != scope) {
            scopes.push(extra.to_string());
        }
        let service = challenge.service.clone().unwrap_or_default();
        let host = target.domain.as_str();
        match credential {
            Some(Credential::RegistryToken(token)) => Ok(Token {
                value: token,
                expires_at: Instant::now() + Duration::from_secs(3600),
                refresh_token: None,
            }),
            Some(Credential::IdentityToken { username, token }) => {
                let mut form = form_urlencoded(&[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", token.expose()),
                    ("service", &service),
                    ("client_id", "dlint"),
                    ("scope", &scopes.join(" ")),
                ]);
                let response = self
                    .token_request(
                        Method::POST,
                        realm.clone(),
                        None,
                        Some(std::mem::take(&mut form)),
                    )
                    .await?;
                if response.status == 404 {
                    // No OAuth endpoint: the GET flow with the token as a password.
                    let url = token_get_url(&realm, &service, &scopes);
                    let basic = basic_header(&username, &token);
                    let response = self
                        .token_request(Method::GET, url, Some(basic), None)
                        .await?;
                    return token_from(response, host);
                }
                token_from(response, host)
            }
            Some(Credential::Basic { username, password }) => {
                let url = token_get_url(&realm, &service, &scopes);
                let response = self
                    .token_request(
                        Method::GET,
                        url,
                        Some(basic_header(&username, &password)),
                        None,
                    )
                    .await?;
                token_from(response, host)
            }
            None => {
                let url = token_get_url(&realm, &service, &scopes);
                let response = self.token_request(Method::GET, url, None, None).await?;
                token_from(response, host)
            }
        }
    }

    async fn token_request(
        &self,
        method: Method,
        url: Url,
        authorization: Option<String>,
        form: Option<String>,
    ) -> Result<Response, LookupError> {
        let request = Request {
            method,
            auth_origin: Some(url.clone()),
            url,
            accept: Some("application/json"),
            authorization,
            form,
            max_bytes: TOKEN_MAX_BYTES,
            redirects: Redirects::SameOrigin,
        };
        http::send(&self.http, request, &self.options.insecure_registries).await
    }

    /// Sends with retries on 429 and 5xx, honouring `Retry-After` up to
    /// `max_retry_wait`, and records rate-limit headers and warnings.
    async fn send_with_retries(
        &self,
        state: &HostState,
        domain: &str,
        request: Request<'_>,
    ) -> Result<Response, LookupError> {
        let mut attempt = 0;
        loop {
            let again = Request {
                method: request.method.clone(),
                url: request.url.clone(),
                accept: request.accept,
                authorization: request.authorization.clone(),
                auth_origin: request.auth_origin.clone(),
                form: request.form.clone(),
                max_bytes: request.max_bytes,
                redirects: request.redirects,
            };
            let response =
                match http::send(&self.http, again, &self.options.insecure_registries).await {
                    Ok(response) => response,
                    Err(e @ LookupError::Unreachable { .. }) => {
                        pause(state, UNREACHABLE_PAUSE, e.clone());
                        return Err(e);
                    }
                    Err(e) => return Err(e),
                };
            record_headers(state, domain, &response);
            let retryable =
                response.status == 429 || matches!(response.status, 500 | 502 | 503 | 504);
            if !retryable {
                return Ok(response);
            }
            let retry_after = response
                .header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let backoff = Duration::from_millis(200 * (1 << attempt.min(6)));
            let wait = retry_after.unwrap_or(backoff);
            if attempt >= self.options.max_retries || wait > self.options.max_retry_wait {
                let error = if response.status == 429 {
                    LookupError::RateLimited {
                        host: domain.to_string(),
                        retry_after,
                    }
                } else {
                    LookupError::Unreachable {
                        host: domain.to_string(),
                    }
                };
                pause(state, wait.max(Duration::from_secs(1)), error.clone());
                return Err(error);
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }
}

fn check_pause(state: &HostState) -> Result<(), LookupError> {
    let mut inner = state.inner.lock().expect("host state lock");
    if let Some((until, error)) = &inner.paused_until {
        if Instant::now() < *until {
            return Err(error.clone());
        }
        inner.paused_until = None;
    }
    Ok(())
}

fn pause(state: &HostState, duration: Duration, error: LookupError) {
    let mut inner = state.inner.lock().expect("host state lock");
    inner.paused_until = Some((Instant::now() + duration, error));
}

/// `ratelimit-remaining: 0;w=21600` pauses the host; `Warning: 299 - "…"` is kept.
fn record_headers(state: &HostState, domain: &str, response: &Response) {
    let remaining = response
        .header("ratelimit-remaining")
        .and_then(|v| v.split(';').next())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if remaining.is_some() {
        state.inner.lock().expect("host state lock").rate_remaining = remaining;
    }
    if remaining == Some(0) {
        pause(
            state,
            QUOTA_PAUSE,
            LookupError::RateLimited {
                host: domain.to_string(),
                retry_after: Some(QUOTA_PAUSE),
            },
        );
    }
    let warnings: Vec<String> = response
        .headers
        .get_all("warning")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| {
            v.split_once('"')
                .map(|(_, rest)| rest.trim_end_matches('"').to_string())
        })
        .filter(|w| !w.is_empty() && w.len() < 500)
        .collect();
    if !warnings.is_empty() {
        let mut inner = state.inner.lock().expect("host state lock");
        for warning in warnings {
            if !inner.warnings.contains(&warning) && inner.warnings.len() < 20 {
                inner.warnings.push(warning);
            }
        }
    }
}

fn token_from(response: Response, host: &str) -> Result<Token, LookupError> {
    match response.status {
        200 => parse_token_response(&response.body, host),
        401 | 403 => Err(LookupError::Unauthorized {
            host: host.to_string(),
        }),
        429 => Err(LookupError::RateLimited {
            host: host.to_string(),
            retry_after: None,
        }),
        status => Err(LookupError::Protocol {
            host: host.to_string(),
            reason: format!("the token service answered HTTP {status}"),
        }),
    }
}

fn token_get_url(realm: &Url, service: &str, scopes: &[String]) -> Url {
    let mut url = realm.clone();
    {
        let mut query = url.query_pairs_mut();
        if !service.is_empty() {
            query.append_pair("service", service);
        }
        for scope in scopes {
            query.append_pair("scope", scope);
        }
    }
    url
}

fn form_urlencoded(pairs: &[(&str, &str)]) -> String {
    let mut url = Url::parse("http://form.invalid/").expect("static URL");
    url.query_pairs_mut()
        .extend_pairs(pairs.iter().filter(|(_, v)| !v.is_empty()));
    url.query().unwrap_or("").to_string()
}

fn basic_header(username: &str, password: &Secret) -> String {
    let raw = format!("{username}:{}", password.expose());
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_unless_loopback_or_listed_insecure() {
        let options = ResolverOptions {
            insecure_registries: vec!["reg.internal:5000".into()],
            credentials: CredentialSource::None,
            ..ResolverOptions::default()
        };
        let client = RegistryClient::new(Arc::new(options)).unwrap();
        let scheme = |host: &str| client.base_url(host).unwrap().scheme().to_string();
        assert_eq!(scheme("ghcr.io"), "https");
        assert_eq!(scheme("registry-1.docker.io"), "https");
        assert_eq!(scheme("192.168.1.10:5000"), "https");
        assert_eq!(scheme("localhost:5000"), "http");
        assert_eq!(scheme("127.0.0.1:5000"), "http");
        assert_eq!(scheme("[::1]:5000"), "http");
        assert_eq!(scheme("reg.internal:5000"), "http");
        assert_eq!(
            scheme("reg.internal:5001"),
            "https",
            "the port is part of the listing"
        );
    }

    #[test]
    fn basic_header_and_form_encoding() {
        assert_eq!(
            basic_header("testuser", &Secret::new("testpassword")),
            "Basic dGVzdHVzZXI6dGVzdHBhc3N3b3Jk"
        );
        assert_eq!(
            form_urlencoded(&[("a", "x y&z"), ("empty", ""), ("b", "1")]),
            "a=x+y%26z&b=1"
        );
    }
}
