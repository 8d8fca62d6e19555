//! Lookup errors. Every message is built from this crate's own words plus host names and
//! registry error codes: never from header values, response bodies, URLs with queries or
//! helper output, so no credential or token can end up in a diagnostic or a log.

use std::fmt;
use std::time::Duration;

use crate::reference::ReferenceError;

/// Why a lookup gave no definitive answer. "Not found" is not an error: it is an
/// [`crate::ImageStatus`] on a successful lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// The reference text could not be parsed (or still holds variables).
    InvalidReference(ReferenceError),
    /// The host is excluded by the allow/deny lists.
    HostNotAllowed { host: String },
    /// Offline mode and nothing cached for this question.
    Offline,
    /// Connection refused, DNS or TLS failure.
    Unreachable { host: String },
    /// The request or the whole lookup took longer than its timeout.
    Timeout { host: String },
    /// 429, or the rate-limit headers say the quota is used up.
    RateLimited {
        host: String,
        retry_after: Option<Duration>,
    },
    /// 401/403 after authenticating: the image may exist but we cannot see it.
    Unauthorized { host: String },
    /// Reading `config.json` or running a credential helper failed.
    Credentials { host: String, reason: String },
    /// The registry's token realm broke the security rules (other host, plain http,
    /// private address).
    RealmRefused { host: String, reason: &'static str },
    /// A redirect broke the security rules (https→http, unknown scheme, too many hops).
    RedirectRefused { host: String, reason: &'static str },
    /// Plain http to a host that is neither loopback nor listed as insecure.
    InsecureScheme { host: String },
    /// A response body exceeded its size cap.
    ResponseTooLarge { host: String, limit: u64 },
    /// `Docker-Content-Digest` disagrees with the body we hashed.
    DigestMismatch { host: String },
    /// The registry answered something this crate cannot use.
    Protocol { host: String, reason: String },
}

impl LookupError {
    /// True when the failure is about reaching the registry at all (network, timeout,
    /// rate limit): callers show at most one low-severity note for these.
    pub fn is_connectivity(&self) -> bool {
        matches!(
            self,
            LookupError::Unreachable { .. }
                | LookupError::Timeout { .. }
                | LookupError::RateLimited { .. }
        )
    }
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::InvalidReference(e) => write!(f, "{e}"),
            LookupError::HostNotAllowed { host } => {
                write!(f, "registry lookups for {host} are disabled by the host allow/deny lists")
            }
            LookupError::Offline => f.write_str("offline mode: no cached answer"),
            LookupError::Unreachable { host } => write!(f, "registry {host} cannot be reached"),
            LookupError::Timeout { host } => write!(f, "registry {host} did not answer in time"),
            LookupError::RateLimited { host, retry_after } => match retry_after {
                Some(wait) => write!(
                    f,
                    "registry {host} is rate limiting requests (retry in {} s)",
                    wait.as_secs()
                ),
                None => write!(f, "registry {host} is rate limiting requests"),
            },
            LookupError::Unauthorized { host } => {
                write!(f, "no access to this image on {host} (authentication was refused)")
            }
            LookupError::Credentials { host, reason } => {
                write!(f, "cannot get credentials for {host}: {reason}")
            }
            LookupError::RealmRefused { host, reason } => {
                write!(f, "refusing the token service named by {host}: {reason}")
            }
            LookupError::RedirectRefused { host, reason } => {
                write!(f, "refusing a redirect from {host}: {reason}")
            }
            LookupError::InsecureScheme { host } => write!(
                f,
                "refusing plain http to {host}: only loopback and registries listed as insecure may use http"
            ),
            LookupError::ResponseTooLarge { host, limit } => {
                write!(f, "response from {host} exceeds the {limit}-byte limit")
            }
            LookupError::DigestMismatch { host } => {
                write!(f, "registry {host} sent a manifest whose digest does not match its body")
            }
            LookupError::Protocol { host, reason } => {
                write!(f, "unexpected answer from registry {host}: {reason}")
            }
        }
    }
}

impl std::error::Error for LookupError {}

impl From<ReferenceError> for LookupError {
    fn from(e: ReferenceError) -> Self {
        LookupError::InvalidReference(e)
    }
}
