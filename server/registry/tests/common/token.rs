//! A bearer token server for distribution's `auth: token`: RS256 JWTs whose header
//! carries the signing certificate (`x5c`), signed with the `openssl` CLI. Grants:
//! anonymous → `pull` outside `private/`; Basic `testuser:testpassword` → everything;
//! POST `grant_type=refresh_token` with `fixture-refresh-token` → everything (the
//! identity-token path); `grant_type=password` likewise.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;

use super::mock::{MockServer, Recorded, Reply};
use super::registry::require_tool;

pub const USER: &str = "testuser";
pub const PASSWORD: &str = "testpassword";
pub const REFRESH_TOKEN: &str = "fixture-refresh-token";
pub const ISSUER: &str = "fixture-issuer";
pub const SERVICE: &str = "fixture-registry";

/// Key material for signing.
pub struct Keys {
    pub key: PathBuf,
    pub cert: PathBuf,
    x5c: String,
}

/// Generates an RSA key and a self-signed certificate in `dir`.
pub fn make_keys(dir: &Path) -> Keys {
    require_tool("openssl", "openssl");
    let key = dir.join("token.key");
    let cert = dir.join("token.crt");
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "3650",
            "-subj",
            "/CN=fixture-token-issuer",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run openssl req");
    assert!(status.success(), "openssl req failed");
    let der = Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(&cert)
        .output()
        .expect("run openssl x509");
    assert!(der.status.success(), "openssl x509 failed");
    let x5c = base64::engine::general_purpose::STANDARD.encode(der.stdout);
    Keys { key, cert, x5c }
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn sign(key: &Path, data: &str) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha256", "-sign"])
        .arg(key)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run openssl dgst");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(data.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl dgst failed");
    out.stdout
}

fn jwt(keys: &Keys, service: &str, subject: &str, access: &[(String, Vec<String>)]) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let header = format!(r#"{{"typ":"JWT","alg":"RS256","x5c":["{}"]}}"#, keys.x5c);
    let access_json: Vec<String> = access
        .iter()
        .map(|(name, actions)| {
            let actions: Vec<String> = actions.iter().map(|a| format!("\"{a}\"")).collect();
            format!(
                r#"{{"type":"repository","name":"{name}","actions":[{}]}}"#,
                actions.join(",")
            )
        })
        .collect();
    let claims = format!(
        r#"{{"iss":"{ISSUER}","sub":"{subject}","aud":"{service}","iat":{now},"nbf":{},"exp":{},"jti":"{now}-{subject}","access":[{}]}}"#,
        now - 5,
        now + 300,
        access_json.join(",")
    );
    let signing_input = format!(
        "{}.{}",
        b64url(header.as_bytes()),
        b64url(claims.as_bytes())
    );
    let signature = sign(&keys.key, &signing_input);
    format!("{signing_input}.{}", b64url(&signature))
}

fn grant(scopes: &[String], authed: bool) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for scope in scopes.iter().flat_map(|s| s.split(' ')) {
        let parts: Vec<&str> = scope.split(':').collect();
        if parts.len() < 3 || parts[0] != "repository" {
            continue;
        }
        let name = parts[1..parts.len() - 1].join(":");
        let allowed: Vec<String> = parts[parts.len() - 1]
            .split(',')
            .filter(|a| authed || (*a == "pull" && !name.starts_with("private/")))
            .map(str::to_string)
            .collect();
        if !allowed.is_empty() {
            out.push((name, allowed));
        }
    }
    out
}

fn query_values(query: &str, key: &str) -> Vec<String> {
    let url = reqwest::Url::parse(&format!("http://x/?{query}")).unwrap();
    url.query_pairs()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .collect()
}

fn basic_ok(request: &Recorded) -> Option<bool> {
    let header = request.header("authorization")?;
    let encoded = header.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    Some(text == format!("{USER}:{PASSWORD}"))
}

/// Starts the token server.
pub fn start_token_server(keys: Keys) -> MockServer {
    MockServer::start(move |request| {
        if request.path() != "/token" {
            return Reply::json(404, r#"{"error":"not found"}"#);
        }
        let query = request.target.split_once('?').map(|(_, q)| q).unwrap_or("");
        match request.method.as_str() {
            "GET" => {
                let authed = match basic_ok(request) {
                    Some(false) => {
                        return Reply::json(401, r#"{"details":"incorrect username or password"}"#)
                    }
                    Some(true) => true,
                    None => false,
                };
                let service = query_values(query, "service")
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let scopes = query_values(query, "scope");
                let token = jwt(
                    &keys,
                    &service,
                    if authed { USER } else { "" },
                    &grant(&scopes, authed),
                );
                Reply::json(
                    200,
                    &format!(r#"{{"token":"{token}","access_token":"{token}","expires_in":300}}"#),
                )
            }
            "POST" => {
                let form = String::from_utf8_lossy(&request.body).to_string();
                let value = |k: &str| {
                    query_values(&form, k)
                        .into_iter()
                        .next()
                        .unwrap_or_default()
                };
                let authed = match value("grant_type").as_str() {
                    "refresh_token" => value("refresh_token") == REFRESH_TOKEN,
                    "password" => value("username") == USER && value("password") == PASSWORD,
                    _ => return Reply::json(400, r#"{"error":"unsupported_grant_type"}"#),
                };
                if !authed {
                    return Reply::json(401, r#"{"error":"invalid_grant"}"#);
                }
                let scopes: Vec<String> = value("scope").split(' ').map(str::to_string).collect();
                let token = jwt(&keys, &value("service"), USER, &grant(&scopes, true));
                Reply::json(
                    200,
                    &format!(r#"{{"access_token":"{token}","expires_in":300}}"#),
                )
            }
            _ => Reply::json(405, "{}"),
        }
    })
}
