//! Registry authentication without I/O: parsing `WWW-Authenticate` challenge lists
//! (RFC 7235: quoted strings, commas inside quotes, several challenges in one header),
//! deciding whether a token realm may be contacted and whether it may see the user's
//! credentials, and reading token responses. The requests themselves are in `client`.

use std::time::{Duration, Instant};

use reqwest::Url;
use serde::Deserialize;

use crate::error::LookupError;
use crate::secret::Secret;
use crate::security::{is_internal_ip_literal, listed_insecure, split_host_port};

/// One challenge: a scheme (lower-cased) and its parameters (names lower-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub scheme: String,
    pub params: Vec<(String, String)>,
}

impl Challenge {
    /// A parameter by (case-insensitive) name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a `WWW-Authenticate` value into its challenges. Malformed parts are skipped.
pub fn parse_challenges(header: &str) -> Vec<Challenge> {
    let mut out: Vec<Challenge> = Vec::new();
    let bytes = header.as_bytes();
    let mut i = 0;
    let is_tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~/".contains(&b);
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b',' || bytes[i] == b'\t') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && is_tchar(bytes[i]) {
            i += 1;
        }
        if start == i {
            // Not a token: skip one byte so we always make progress.
            i += 1;
            continue;
        }
        let token = &header[start..i];
        let mut j = i;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'=' && !out.is_empty() {
            // name=value: a parameter of the current challenge.
            j += 1;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            let (value, next) = if j < bytes.len() && bytes[j] == b'"' {
                read_quoted(header, j + 1)
            } else {
                let vstart = j;
                while j < bytes.len() && bytes[j] != b',' && bytes[j] != b' ' {
                    j += 1;
                }
                (header[vstart..j].to_string(), j)
            };
            if let Some(current) = out.last_mut() {
                current.params.push((token.to_ascii_lowercase(), value));
            }
            i = next;
        } else if j < bytes.len() && bytes[j] == b'=' {
            // A parameter before any scheme: malformed, skip it.
            i = j + 1;
        } else {
            out.push(Challenge {
                scheme: token.to_ascii_lowercase(),
                params: Vec::new(),
            });
        }
    }
    out
}

/// Reads a quoted string starting after the opening quote; returns the unescaped text
/// and the index after the closing quote.
fn read_quoted(text: &str, mut i: usize) -> (String, usize) {
    let mut value = String::new();
    let mut chars = text[i..].char_indices();
    while let Some((offset, c)) = chars.next() {
        match c {
            '"' => return (value, i + offset + 1),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    value.push(escaped);
                }
            }
            other => value.push(other),
        }
    }
    i = text.len();
    (value, i)
}

/// The parameters of a Bearer challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BearerChallenge {
    pub realm: String,
    pub service: Option<String>,
    pub scope: Option<String>,
    pub error: Option<String>,
}

/// The first usable challenge: Bearer (with a realm) is preferred over Basic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthScheme {
    Bearer(BearerChallenge),
    Basic,
}

/// Picks the scheme to answer from a header's challenges.
pub fn choose_scheme(challenges: &[Challenge]) -> Option<AuthScheme> {
    let bearer = challenges.iter().find_map(|c| {
        (c.scheme == "bearer").then(|| {
            c.param("realm").map(|realm| BearerChallenge {
                realm: realm.to_string(),
                service: c.param("service").map(str::to_string),
                scope: c.param("scope").map(str::to_string),
                error: c.param("error").map(str::to_string),
            })
        })?
    });
    match bearer {
        Some(b) => Some(AuthScheme::Bearer(b)),
        None => challenges
            .iter()
            .any(|c| c.scheme == "basic")
            .then_some(AuthScheme::Basic),
    }
}

/// Registry → token-service hosts that are known to be the registry's own auth service
/// (so they may see the registry's credentials). Extendable by options.
const KNOWN_AUTH_SERVICES: &[(&str, &str)] = &[
    ("docker.io", "auth.docker.io"),
    ("registry-1.docker.io", "auth.docker.io"),
    ("index.docker.io", "auth.docker.io"),
    ("registry.gitlab.com", "gitlab.com"),
];

/// What the policy allows for one realm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RealmDecision {
    /// The realm may receive the registry's credentials.
    pub send_credentials: bool,
}

/// Decides whether the token realm a registry named may be contacted, and whether the
/// user's credentials for that registry may go with the request.
///
/// * the realm must be https, except for a registry the user listed as insecure, or a
///   loopback registry whose realm is on the same host;
/// * a realm that is an internal IP literal (loopback, private, link-local) is refused
///   unless it is the registry's own host (SSRF: a Dockerfile picks the registry, the
///   registry picks the realm);
/// * credentials go only to the registry's own host or its known auth service.
pub fn check_realm(
    domain: &str,
    api_host: &str,
    realm: &str,
    insecure: &[String],
    trusted_realms: &[(String, String)],
) -> Result<(Url, RealmDecision), LookupError> {
    let refuse = |reason| LookupError::RealmRefused {
        host: domain.to_string(),
        reason,
    };
    let url = Url::parse(realm).map_err(|_| refuse("the realm is not a URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("the realm URL carries credentials"));
    }
    let realm_host = url
        .host_str()
        .ok_or_else(|| refuse("the realm has no host"))?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let (registry_host, _) = split_host_port(api_host);
    let registry_host = registry_host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let same_host = realm_host == registry_host;
    match url.scheme() {
        "https" => {}
        "http" if listed_insecure(domain, insecure) => {}
        "http" if same_host && crate::security::is_loopback_host(&registry_host) => {}
        "http" => return Err(refuse("the realm uses plain http")),
        _ => return Err(refuse("the realm uses an unsupported scheme")),
    }
    if !same_host && is_internal_ip_literal(&realm_host) {
        return Err(refuse("the realm is an internal address on another host"));
    }
    let known = KNOWN_AUTH_SERVICES
        .iter()
        .any(|(reg, auth)| (*reg == domain || *reg == registry_host) && *auth == realm_host);
    let trusted = trusted_realms.iter().any(|(reg, auth)| {
        (reg.eq_ignore_ascii_case(domain) || reg.eq_ignore_ascii_case(&registry_host))
            && auth.eq_ignore_ascii_case(&realm_host)
    });
    Ok((
        url,
        RealmDecision {
            send_credentials: same_host || known || trusted,
        },
    ))
}

/// A bearer token with its expiry.
#[derive(Debug, Clone)]
pub struct Token {
    pub value: Secret,
    pub expires_at: Instant,
    pub refresh_token: Option<Secret>,
}

impl Token {
    /// Usable for at least a few more seconds.
    pub fn is_fresh(&self) -> bool {
        Instant::now() + Duration::from_secs(5) < self.expires_at
    }
}

#[derive(Deserialize)]
struct TokenBody {
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<String>,
}

/// Reads a token endpoint's JSON answer: `token` or `access_token`, `expires_in`
/// defaulting to and floored at 60 s, minus a 10 s safety margin.
pub fn parse_token_response(body: &[u8], host: &str) -> Result<Token, LookupError> {
    let bad = || LookupError::Protocol {
        host: host.to_string(),
        reason: "the token service answered without a usable token".into(),
    };
    let parsed: TokenBody = serde_json::from_slice(body).map_err(|_| bad())?;
    let value = parsed
        .token
        .filter(|t| !t.is_empty())
        .or(parsed.access_token.filter(|t| !t.is_empty()))
        .ok_or_else(bad)?;
    let lifetime = parsed.expires_in.unwrap_or(60).clamp(60, 24 * 3600);
    Ok(Token {
        value: Secret::new(value),
        expires_at: Instant::now() + Duration::from_secs(lifetime - 10),
        refresh_token: parsed.refresh_token.map(Secret::new),
    })
}
