//! Test harness for the live-registry tests: the real `docker-registry` (CNCF
//! distribution) on 127.0.0.1, fixture images pushed over plain HTTP, a bearer token
//! server, and small scripted HTTP servers (pagination, hostile behaviour). Every wait
//! is bounded and every process is killed on drop.
#![allow(dead_code)]

pub mod fixtures;
pub mod mock;
pub mod registry;
pub mod tls;
pub mod token;

use std::time::Duration;

use dlint_registry::{CacheLocation, CredentialSource, ResolverOptions};

/// Options for tests: no disk cache unless a test asks, no user credentials, short
/// timeouts so a broken server fails fast.
pub fn test_options() -> ResolverOptions {
    ResolverOptions {
        cache: CacheLocation::Disabled,
        credentials: CredentialSource::None,
        request_timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        lookup_timeout: Duration::from_secs(15),
        helper_timeout: Duration::from_secs(5),
        helper_search_path: Some(std::ffi::OsString::new()),
        ..ResolverOptions::default()
    }
}

/// Writes a Docker config.json into a fresh directory and returns (dir, path).
pub fn docker_config(json: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.json");
    std::fs::write(&path, json).expect("write config.json");
    (dir, path)
}

/// Writes an executable `docker-credential-<name>` script into `dir`.
pub fn write_helper(dir: &std::path::Path, name: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(format!("docker-credential-{name}"));
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write helper");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod helper");
}

/// base64 of `user:pass`, as Docker stores it in `auths`.
pub fn auth_value(user: &str, pass: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
}
