//! One HTTP exchange with the registry's safety rules: plain http only where allowed,
//! redirects followed by hand (no https→http downgrade, `Authorization` only to the
//! origin it belongs to, a hop limit), and every body read against a size cap. Errors
//! are mapped without the URL, so nothing a server chose ends up in a message.

use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::{Method, Url};

use crate::error::LookupError;
use crate::security::{allows_plain_http, check_redirect, same_origin};

/// Manifests: the distribution spec requires registries to accept at least 4 MiB.
pub const MANIFEST_MAX_BYTES: u64 = 4 * 1024 * 1024;
/// Image config blobs (history can make them larger than manifests).
pub const CONFIG_MAX_BYTES: u64 = 8 * 1024 * 1024;
/// Token service answers.
pub const TOKEN_MAX_BYTES: u64 = 1024 * 1024;
/// One page of a tag list.
pub const TAGS_PAGE_MAX_BYTES: u64 = 8 * 1024 * 1024;
/// Error bodies (we only need the error code).
pub const ERROR_MAX_BYTES: u64 = 64 * 1024;
const MAX_REDIRECTS: usize = 5;

/// Which redirects a request may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redirects {
    /// Any host (blobs go to CDNs); credentials are dropped when the origin changes.
    Any,
    /// Only within the origin (token endpoints).
    SameOrigin,
}

/// A request to send. `authorization` is attached only while the URL's origin equals
/// `auth_origin`.
pub struct Request<'a> {
    pub method: Method,
    pub url: Url,
    pub accept: Option<&'a str>,
    pub authorization: Option<String>,
    pub auth_origin: Option<Url>,
    pub form: Option<String>,
    pub max_bytes: u64,
    pub redirects: Redirects,
}

/// A finished response with its body (empty for HEAD).
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub url: Url,
}

impl Response {
    /// A header as text, if present and printable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Label for error messages: the URL's host and port only.
pub fn host_label(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => "registry".to_string(),
    }
}

fn authority(url: &Url) -> String {
    host_label(url)
}

/// Sends `req`, following redirects under the rules above.
pub async fn send(
    client: &reqwest::Client,
    mut req: Request<'_>,
    insecure: &[String],
) -> Result<Response, LookupError> {
    let first_host = host_label(&req.url);
    for _hop in 0..=MAX_REDIRECTS {
        check_scheme(&req.url, insecure)?;
        let mut builder = client.request(req.method.clone(), req.url.clone());
        if let Some(accept) = req.accept {
            builder = builder.header(ACCEPT, accept);
        }
        let auth_applies = req
            .auth_origin
            .as_ref()
            .is_some_and(|origin| same_origin(origin, &req.url));
        if let (Some(value), true) = (&req.authorization, auth_applies) {
            builder = builder.header(AUTHORIZATION, value.as_str());
        }
        if let Some(form) = &req.form {
            builder = builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form.clone());
        }
        let mut response = builder
            .send()
            .await
            .map_err(|e| map_reqwest_error(&e, &host_label(&req.url)))?;
        let status = response.status().as_u16();
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| LookupError::Protocol {
                    host: host_label(&req.url),
                    reason: "redirect without a location".into(),
                })?;
            let next = req
                .url
                .join(location)
                .map_err(|_| LookupError::RedirectRefused {
                    host: first_host.clone(),
                    reason: "the redirect target is not a URL",
                })?;
            if let Err(reason) =
                check_redirect(&req.url, &next, req.redirects == Redirects::SameOrigin)
            {
                return Err(LookupError::RedirectRefused {
                    host: first_host,
                    reason,
                });
            }
            if status == 303 || (req.method == Method::POST && matches!(status, 301 | 302)) {
                req.method = Method::GET;
                req.form = None;
            }
            req.url = next;
            continue;
        }
        let headers = response.headers().clone();
        let body = if req.method == Method::HEAD {
            Vec::new()
        } else {
            read_capped(&mut response, req.max_bytes, &host_label(&req.url)).await?
        };
        return Ok(Response {
            status,
            headers,
            body,
            url: req.url,
        });
    }
    Err(LookupError::RedirectRefused {
        host: first_host,
        reason: "too many redirects",
    })
}

fn check_scheme(url: &Url, insecure: &[String]) -> Result<(), LookupError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if allows_plain_http(&authority(url), insecure) => Ok(()),
        "http" => Err(LookupError::InsecureScheme {
            host: host_label(url),
        }),
        _ => Err(LookupError::RedirectRefused {
            host: host_label(url),
            reason: "unsupported URL scheme",
        }),
    }
}

/// Reads the body chunk by chunk and stops at `max` bytes, so a hostile server cannot
/// make us buffer a gigabyte (a lying or absent Content-Length does not help it).
async fn read_capped(
    response: &mut reqwest::Response,
    max: u64,
    host: &str,
) -> Result<Vec<u8>, LookupError> {
    let too_large = || LookupError::ResponseTooLarge {
        host: host.to_string(),
        limit: max,
    };
    if response.content_length().is_some_and(|len| len > max) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| map_reqwest_error(&e, host))?
    {
        if body.len() as u64 + chunk.len() as u64 > max {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// reqwest errors carry the URL; we keep only the kind.
fn map_reqwest_error(e: &reqwest::Error, host: &str) -> LookupError {
    let host = host.to_string();
    if e.is_timeout() {
        LookupError::Timeout { host }
    } else if e.is_body() || e.is_decode() {
        LookupError::Protocol {
            host,
            reason: "the connection broke while reading the answer".into(),
        }
    } else {
        LookupError::Unreachable { host }
    }
}

/// Reads the first registry error code from an error body (`MANIFEST_UNKNOWN`, …).
pub fn error_code(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Errors {
        errors: Vec<One>,
    }
    #[derive(serde::Deserialize)]
    struct One {
        code: String,
    }
    let parsed: Errors = serde_json::from_slice(body).ok()?;
    parsed.errors.into_iter().next().map(|e| e.code)
}

/// The `rel="next"` target of a `Link` header, resolved against `base`.
pub fn next_link(header: &str, base: &Url) -> Option<Url> {
    for part in header.split(',') {
        let part = part.trim();
        let (target, params) = part.split_once(';').unwrap_or((part, ""));
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().to_ascii_lowercase();
            p == "rel=\"next\"" || p == "rel=next"
        });
        if is_next {
            return base.join(target).ok();
        }
    }
    None
}
