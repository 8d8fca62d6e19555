//! Docker's `config.json`: where it lives (`$DOCKER_CONFIG` or `~/.docker`), its
//! `auths`, `credsStore` and `credHelpers`, and the credential-helper protocol
//! (`docker-credential-<name> get`, run without a shell, with a timeout, killed on
//! expiry, output capped). Lookup order follows the docker CLI: `credHelpers[host]`,
//! then `credsStore`, then `auths`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use base64::Engine;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::reference::{DOCKER_HUB, DOCKER_HUB_API_HOST, DOCKER_HUB_CREDENTIAL_KEY};
use crate::secret::Secret;

/// Largest `config.json` we read; anything bigger is not a Docker config.
const CONFIG_MAX_BYTES: u64 = 4 * 1024 * 1024;
/// Largest helper output we read.
const HELPER_OUTPUT_MAX: usize = 64 * 1024;

/// Credentials for one registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// Username and password (or personal access token).
    Basic { username: String, password: Secret },
    /// An OAuth refresh token (`identitytoken`, or a helper answering `<token>`).
    IdentityToken { username: String, token: Secret },
    /// A ready bearer token for the registry itself (`registrytoken`).
    RegistryToken(Secret),
}

/// A parsed `config.json`.
#[derive(Debug, Clone, Default)]
pub struct DockerConfig {
    /// From `DOCKER_AUTH_CONFIG`: consulted before helpers and the file.
    priority_auths: BTreeMap<String, AuthEntry>,
    auths: BTreeMap<String, AuthEntry>,
    creds_store: Option<String>,
    cred_helpers: BTreeMap<String, String>,
}

#[derive(Clone, Default, Deserialize)]
struct AuthEntry {
    #[serde(default)]
    auth: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    identitytoken: Option<String>,
    #[serde(default)]
    registrytoken: Option<String>,
}

impl std::fmt::Debug for AuthEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthEntry(<redacted>)")
    }
}

#[derive(Deserialize)]
struct RawConfig {
    #[serde(default)]
    auths: BTreeMap<String, AuthEntry>,
    #[serde(default, rename = "credsStore")]
    creds_store: Option<String>,
    #[serde(default, rename = "credHelpers")]
    cred_helpers: BTreeMap<String, String>,
}

/// Why credentials could not be read. Never holds secret material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialError(pub String);

impl std::fmt::Display for CredentialError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where Docker keeps `config.json`: `$DOCKER_CONFIG/config.json`, else
/// `~/.docker/config.json`. Pure so it can be tested without touching the environment.
pub fn config_path_from(docker_config: Option<OsString>, home: Option<PathBuf>) -> Option<PathBuf> {
    match docker_config.filter(|v| !v.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir).join("config.json")),
        None => home.map(|h| h.join(".docker").join("config.json")),
    }
}

/// Podman/skopeo auth files, in the order go-containerregistry tries them:
/// `$REGISTRY_AUTH_FILE`, `$XDG_RUNTIME_DIR/containers/auth.json`,
/// `~/.config/containers/auth.json`.
pub fn podman_auth_paths(
    registry_auth_file: Option<OsString>,
    xdg_runtime_dir: Option<OsString>,
    home: Option<PathBuf>,
) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(file) = registry_auth_file.filter(|v| !v.is_empty()) {
        out.push(PathBuf::from(file));
    }
    if let Some(dir) = xdg_runtime_dir.filter(|v| !v.is_empty()) {
        out.push(PathBuf::from(dir).join("containers").join("auth.json"));
    }
    if let Some(home) = home {
        out.push(home.join(".config").join("containers").join("auth.json"));
    }
    out
}

/// The user's credentials as Docker would see them: `config.json` (from
/// `$DOCKER_CONFIG` or `~/.docker`), `DOCKER_AUTH_CONFIG` on top, and Podman's auth
/// files as a fallback for hosts Docker knows nothing about. Unreadable fallbacks are
/// ignored; an unreadable `config.json` is an error.
pub fn load_user_config() -> Result<DockerConfig, CredentialError> {
    let mut config = match default_config_path() {
        Some(path) => DockerConfig::load(&path)?,
        None => DockerConfig::default(),
    };
    if let Some(json) = std::env::var_os("DOCKER_AUTH_CONFIG").filter(|v| !v.is_empty()) {
        config = config.with_env_auth_config(&json.to_string_lossy())?;
    }
    let podman = podman_auth_paths(
        std::env::var_os("REGISTRY_AUTH_FILE"),
        std::env::var_os("XDG_RUNTIME_DIR"),
        dirs::home_dir(),
    );
    for path in podman {
        if let Ok(extra) = DockerConfig::load(&path) {
            config = config.with_fallback(extra);
        }
    }
    Ok(config)
}

/// [`config_path_from`] with the real environment.
pub fn default_config_path() -> Option<PathBuf> {
    config_path_from(std::env::var_os("DOCKER_CONFIG"), dirs::home_dir())
}

impl DockerConfig {
    /// Parses config text. Unknown fields are ignored, as Docker does.
    pub fn from_json(text: &str) -> Result<DockerConfig, CredentialError> {
        let raw: RawConfig = serde_json::from_str(text).map_err(|e| {
            CredentialError(format!("config.json is not valid JSON (line {})", e.line()))
        })?;
        Ok(DockerConfig {
            priority_auths: BTreeMap::new(),
            auths: raw.auths,
            creds_store: raw.creds_store.filter(|s| !s.is_empty()),
            cred_helpers: raw.cred_helpers,
        })
    }

    /// Reads a config file. A missing file is an empty config, not an error.
    pub fn load(path: &Path) -> Result<DockerConfig, CredentialError> {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(DockerConfig::default())
            }
            Err(_) => return Err(CredentialError("cannot read config.json".into())),
        };
        if meta.len() > CONFIG_MAX_BYTES {
            return Err(CredentialError("config.json is too large".into()));
        }
        let text = std::fs::read_to_string(path).map_err(|_| {
            CredentialError("cannot read config.json (not UTF-8 or unreadable)".into())
        })?;
        DockerConfig::from_json(&text)
    }

    /// The helper suffix that serves `registry`, if any (`credHelpers` then `credsStore`).
    pub fn helper_for(&self, registry: &str) -> Option<&str> {
        let keys = key_aliases(registry);
        keys.iter()
            .find_map(|k| self.cred_helpers.get(k.as_str()))
            .or(self.creds_store.as_ref())
            .map(String::as_str)
    }

    /// Credentials stored in the file's `auths` for `registry` (exact key first, then
    /// keys reduced to `host[:port]`).
    pub fn file_credential(&self, registry: &str) -> Result<Option<Credential>, CredentialError> {
        match find_entry(&self.auths, registry) {
            Some(entry) => decode_entry(entry),
            None => Ok(None),
        }
    }

    /// Adds `DOCKER_AUTH_CONFIG` (JSON with an `auths` object): its entries win over
    /// helpers and the file, as in recent docker CLIs.
    pub fn with_env_auth_config(mut self, json: &str) -> Result<DockerConfig, CredentialError> {
        let env = DockerConfig::from_json(json)
            .map_err(|_| CredentialError("DOCKER_AUTH_CONFIG is not valid JSON".into()))?;
        self.priority_auths = env.auths;
        Ok(self)
    }

    /// Adds another file's `auths` (Podman's `auth.json`) for hosts this config has no
    /// entry for.
    pub fn with_fallback(mut self, other: DockerConfig) -> DockerConfig {
        for (key, entry) in other.auths {
            let reduced = reduce_key(&key);
            let known = self.auths.keys().any(|k| reduce_key(k) == reduced);
            if !known {
                self.auths.insert(key, entry);
            }
        }
        self
    }

    /// Full lookup for `registry` (a reference domain such as `docker.io`, `ghcr.io` or
    /// `127.0.0.1:5001`). Helpers are looked up in `helper_path` (a PATH-style list; the
    /// process PATH when `None`).
    pub async fn credential(
        &self,
        registry: &str,
        helper_path: Option<&OsString>,
        timeout: Duration,
    ) -> Result<Option<Credential>, CredentialError> {
        if let Some(entry) = find_entry(&self.priority_auths, registry) {
            return decode_entry(entry);
        }
        if let Some(helper) = self.helper_for(registry) {
            let server = helper_server_url(registry);
            return run_helper(helper, &server, helper_path, timeout).await;
        }
        self.file_credential(registry)
    }
}

/// The `auths` entry for `registry`: exact key (or Hub alias) first, then keys reduced
/// to `host[:port]`.
fn find_entry<'a>(auths: &'a BTreeMap<String, AuthEntry>, registry: &str) -> Option<&'a AuthEntry> {
    let aliases = key_aliases(registry);
    aliases
        .iter()
        .find_map(|k| auths.get(k.as_str()))
        .or_else(|| {
            auths.iter().find_map(|(key, entry)| {
                let reduced = reduce_key(key);
                aliases
                    .iter()
                    .any(|a| reduce_key(a) == reduced)
                    .then_some(entry)
            })
        })
}

/// The keys under which Docker may have stored credentials for `registry`.
fn key_aliases(registry: &str) -> Vec<String> {
    if is_hub(registry) {
        vec![
            DOCKER_HUB_CREDENTIAL_KEY.to_string(),
            "index.docker.io".into(),
            DOCKER_HUB.into(),
            DOCKER_HUB_API_HOST.into(),
        ]
    } else {
        vec![registry.to_string()]
    }
}

fn is_hub(registry: &str) -> bool {
    matches!(
        reduce_key(registry).as_str(),
        "docker.io" | "index.docker.io" | "registry-1.docker.io"
    )
}

/// `https://registry.example.com/v2/` → `registry.example.com`.
fn reduce_key(key: &str) -> String {
    let no_scheme = key
        .strip_prefix("https://")
        .or_else(|| key.strip_prefix("http://"))
        .unwrap_or(key);
    no_scheme
        .split('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// What Docker writes to a helper's stdin for this registry.
fn helper_server_url(registry: &str) -> String {
    if is_hub(registry) {
        DOCKER_HUB_CREDENTIAL_KEY.to_string()
    } else {
        registry.to_string()
    }
}

fn decode_entry(entry: &AuthEntry) -> Result<Option<Credential>, CredentialError> {
    if let Some(token) = entry.registrytoken.as_deref().filter(|t| !t.is_empty()) {
        return Ok(Some(Credential::RegistryToken(Secret::new(token))));
    }
    let (username, password) = match entry.auth.as_deref().filter(|a| !a.is_empty()) {
        Some(auth) => {
            let (u, p) = decode_auth(auth)?;
            (Some(u), Some(p))
        }
        None => (entry.username.clone(), entry.password.clone()),
    };
    if let Some(token) = entry.identitytoken.as_deref().filter(|t| !t.is_empty()) {
        return Ok(Some(Credential::IdentityToken {
            username: username.unwrap_or_default(),
            token: Secret::new(token),
        }));
    }
    match (username, password) {
        (Some(username), Some(password)) if !username.is_empty() => Ok(Some(Credential::Basic {
            username,
            password: Secret::new(password),
        })),
        _ => Ok(None),
    }
}

/// Decodes `auth` = base64("user:pass"), lenient about missing padding; splits at the
/// first `:`; strips NULs from the password as the docker CLI does.
pub fn decode_auth(auth: &str) -> Result<(String, String), CredentialError> {
    let trimmed = auth.trim().trim_end_matches('=');
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(trimmed)
        .map_err(|_| CredentialError("an `auth` value in config.json is not base64".into()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CredentialError("an `auth` value in config.json is not UTF-8".into()))?;
    let (user, pass) = text
        .split_once(':')
        .ok_or_else(|| CredentialError("an `auth` value in config.json has no `:`".into()))?;
    if user.is_empty() {
        return Err(CredentialError(
            "an `auth` value in config.json has an empty username".into(),
        ));
    }
    Ok((user.to_string(), pass.replace('\0', "")))
}

#[derive(Deserialize)]
struct HelperAnswer {
    #[serde(rename = "Username", default)]
    username: String,
    #[serde(rename = "Secret", default)]
    secret: String,
}

/// Runs `docker-credential-<name> get`. The name must be a plain word: no path
/// separators, so a config file cannot make us run an arbitrary program.
pub async fn run_helper(
    name: &str,
    server_url: &str,
    helper_path: Option<&OsString>,
    timeout: Duration,
) -> Result<Option<Credential>, CredentialError> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if !plain {
        return Err(CredentialError(
            "credential helper name is not a plain word".into(),
        ));
    }
    let program = format!("docker-credential-{name}");
    let path = find_program(&program, helper_path)
        .ok_or_else(|| CredentialError(format!("credential helper {program} not found")))?;
    let mut child = tokio::process::Command::new(path)
        .arg("get")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|_| CredentialError(format!("cannot start {program}")))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let talk = async {
        // A helper that exits without reading stdin is fine: ignore write errors.
        let _ = stdin.write_all(server_url.as_bytes()).await;
        let _ = stdin.write_all(b"\n").await;
        drop(stdin);
        let mut out = Vec::new();
        let mut limited = (&mut stdout).take(HELPER_OUTPUT_MAX as u64 + 1);
        let _ = limited.read_to_end(&mut out).await;
        let status = child.wait().await;
        (out, status)
    };
    let (out, status) = match tokio::time::timeout(timeout, talk).await {
        Ok(result) => result,
        // Dropping the future drops the child, and kill_on_drop kills it.
        Err(_) => return Err(CredentialError(format!("{program} timed out"))),
    };
    if out.len() > HELPER_OUTPUT_MAX {
        return Err(CredentialError(format!("{program} printed too much")));
    }
    let status = status.map_err(|_| CredentialError(format!("{program} failed")))?;
    if !status.success() {
        let text = String::from_utf8_lossy(&out);
        if text.contains("credentials not found") {
            return Ok(None);
        }
        // Helper output is never echoed: it may contain secrets.
        return Err(CredentialError(format!("{program} exited with {status}")));
    }
    let answer: HelperAnswer = serde_json::from_slice(&out)
        .map_err(|_| CredentialError(format!("{program} printed something that is not JSON")))?;
    if answer.secret.is_empty() {
        return Ok(None);
    }
    if answer.username == "<token>" {
        return Ok(Some(Credential::IdentityToken {
            username: String::new(),
            token: Secret::new(answer.secret),
        }));
    }
    Ok(Some(Credential::Basic {
        username: answer.username,
        password: Secret::new(answer.secret),
    }))
}

fn find_program(program: &str, search_path: Option<&OsString>) -> Option<PathBuf> {
    let path = match search_path {
        Some(p) => p.clone(),
        None => std::env::var_os("PATH")?,
    };
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
