//! A guard in front of tower-lsp-server's reader.
//!
//! tower-lsp-server's decoder ends the whole session after the first message it cannot
//! decode (tokio-util's `FramedRead` stops after a decoder error), so one malformed
//! message from a client would kill the server. This module reads the raw stream itself,
//! passes well-formed messages through unchanged, and replaces each malformed one with a
//! `dlint/malformedMessage` request whose answer is the JSON-RPC error the client should
//! get (`-32700` parse error or `-32600` invalid request, with the message's id when it
//! can be recovered). Requests answered without tower-lsp-server's `Value` detour are
//! renamed here (see `crate::direct`).

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

/// The method a malformed message is turned into.
pub const MALFORMED_METHOD: &str = "dlint/malformedMessage";

/// Bodies larger than this are skipped and answered with an error instead of buffered.
const MAX_BODY: usize = 256 << 20;

/// Spawns the guard on `input` and returns the clean stream to hand to the server.
pub fn sanitize<I>(input: I) -> DuplexStream
where
    I: AsyncRead + Unpin + Send + 'static,
{
    let (mut clean_write, clean_read) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut reader = BufReader::new(input);
        while let Some(frame) = next_frame(&mut reader).await {
            let body = match frame {
                Ok(body) => check_body(body),
                Err(why) => marker(Value::Null, -32700, &why),
            };
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            let write = async {
                clean_write.write_all(header.as_bytes()).await?;
                clean_write.write_all(&body).await?;
                clean_write.flush().await
            };
            if write.await.is_err() {
                // The server has stopped reading (after `exit`); nothing more to do.
                return;
            }
        }
        let _ = clean_write.shutdown().await;
    });
    clean_read
}

/// Reads one frame. `None` at end of input (also inside a frame: there is nobody left to
/// answer); `Some(Err)` for a header block without a usable `Content-Length`.
pub(crate) async fn next_frame<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
) -> Option<Result<Vec<u8>, String>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        if r.read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if seen_any {
                break;
            }
            // Blank lines between messages are tolerated.
            continue;
        }
        seen_any = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("invalid Content-Length: {:?}", value.trim())),
                );
            }
            // Content-Type and unknown headers are ignored.
        }
    }
    let length = match length {
        None => return Some(Err("missing Content-Length header".into())),
        Some(Err(e)) => return Some(Err(e)),
        Some(Ok(n)) => n,
    };
    if length > MAX_BODY {
        let skipped = tokio::io::copy(&mut r.take(length as u64), &mut tokio::io::sink())
            .await
            .ok()?;
        if skipped < length as u64 {
            return None;
        }
        return Some(Err(format!(
            "message of {length} bytes is larger than {MAX_BODY}"
        )));
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body).await.ok()?;
    Some(Ok(body))
}

/// A member of the message that may be absent; a present one keeps its value (`null`
/// included).
#[derive(Default)]
struct Member(Option<Value>);

impl<'de> serde::Deserialize<'de> for Member {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(|v| Member(Some(v)))
    }
}

/// A member whose value does not matter, only whether it is there.
#[derive(Default)]
struct Present(bool);

impl<'de> serde::Deserialize<'de> for Present {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| Present(true))
    }
}

/// The members the shape check reads. `params` and `result` are skipped without being
/// built: a `didOpen` carries the whole file, and building it as a `Value` only to
/// look at three small members cost about a millisecond on a 5,000-line file.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    jsonrpc: Member,
    #[serde(default)]
    id: Member,
    #[serde(default)]
    method: Member,
    #[serde(default)]
    result: Present,
    #[serde(default)]
    error: Present,
}

impl Envelope {
    /// The same checks on a small object holding only what they read.
    fn shape(self) -> Value {
        let mut obj = serde_json::Map::new();
        for (key, member) in [
            ("jsonrpc", self.jsonrpc),
            ("id", self.id),
            ("method", self.method),
        ] {
            if let Member(Some(v)) = member {
                obj.insert(key.into(), v);
            }
        }
        for (key, Present(there)) in [("result", self.result), ("error", self.error)] {
            if there {
                obj.insert(key.into(), Value::Null);
            }
        }
        Value::Object(obj)
    }
}

/// The body itself when it is a well-formed JSON-RPC message, else a marker request.
fn check_body(body: Vec<u8>) -> Vec<u8> {
    // Anything unusual (not an object, duplicate members, bad JSON) takes the slow path,
    // which builds the whole message and says exactly what is wrong.
    let object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let envelope = object.then(|| serde_json::from_slice::<Envelope>(&body).ok());
    let value: Value = match envelope.flatten().ok_or(()) {
        Ok(envelope) => envelope.shape(),
        Err(_) => match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => return marker(Value::Null, -32700, &format!("Parse error: {e}")),
        },
    };
    match shape_error(&value) {
        None => {
            if value.get("id").is_some() && value.get("method").is_some() {
                // A request: the user is waiting for its answer (see `user_active`).
                crate::diagnostics::user_active();
            }
            crate::direct::wrap(&value, &body).unwrap_or(body)
        }
        Some(why) => {
            let id = value
                .get("id")
                .filter(|id| valid_id(id))
                .cloned()
                .unwrap_or(Value::Null);
            marker(id, -32600, &format!("Invalid request: {why}"))
        }
    }
}

fn valid_id(id: &Value) -> bool {
    id.is_null() || id.is_string() || id.as_i64().is_some()
}

/// Why `v` is not a JSON-RPC 2.0 request, notification or response.
fn shape_error(v: &Value) -> Option<&'static str> {
    let Some(obj) = v.as_object() else {
        return Some("not a JSON object");
    };
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Some("\"jsonrpc\" must be \"2.0\"");
    }
    if obj.get("id").is_some_and(|id| !valid_id(id)) {
        return Some("\"id\" must be an integer, a string or null");
    }
    match obj.get("method") {
        Some(Value::String(_)) => None,
        Some(_) => Some("\"method\" must be a string"),
        None if obj.contains_key("id")
            && (obj.contains_key("result") || obj.contains_key("error")) =>
        {
            None
        }
        None => Some("neither a request nor a response"),
    }
}

fn marker(id: Value, code: i64, message: &str) -> Vec<u8> {
    tracing::warn!(code, message, "malformed message from the client");
    serde_json::to_vec(&json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": MALFORMED_METHOD,
        "params": { "code": code, "message": message },
    }))
    .expect("a JSON value always serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(bytes: Vec<u8>) -> Value {
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn good_messages_pass_unchanged() {
        let body = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#.to_vec();
        assert_eq!(check_body(body.clone()), body);
        let response = br#"{"jsonrpc":"2.0","id":"a","result":null}"#.to_vec();
        assert_eq!(check_body(response.clone()), response);
    }

    #[test]
    fn the_quick_shape_check_agrees_with_the_full_one() {
        // Passed through: params of any size and shape, null results, escaped members.
        for body in [
            r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"text":"FROM a\nRUN b"}}"#,
            r#"{"id":null,"jsonrpc":"2.0","result":null}"#,
            r#"{"jsonrpc":"2.0","id":2,"error":{"code":1,"message":"m"}}"#,
            r#"{"jsonrpc":"2.0","id":3,"method":"a","method":"b"}"#,
            r#"{"jsonr\u0070c":"2.0","id":4,"method":"x"}"#,
        ] {
            assert_eq!(
                check_body(body.as_bytes().to_vec()),
                body.as_bytes(),
                "{body}"
            );
        }
        // Refused, with the same reasons as before.
        let m = parsed(check_body(br#"["2.0",1,"shutdown"]"#.to_vec()));
        assert_eq!(m["params"]["message"], "Invalid request: not a JSON object");
        let m = parsed(check_body(
            br#"{"jsonrpc":"1.0","id":7,"method":"m","params":[1]}"#.to_vec(),
        ));
        assert_eq!(m["params"]["code"], -32600);
        assert_eq!(m["id"], 7);
        let m = parsed(check_body(br#"{"jsonrpc":"2.0","id":8}"#.to_vec()));
        assert_eq!(
            m["params"]["message"],
            "Invalid request: neither a request nor a response"
        );
    }

    #[test]
    fn bad_messages_become_markers() {
        let m = parsed(check_body(b"{\"jsonrpc\":".to_vec()));
        assert_eq!(m["params"]["code"], -32700);
        assert_eq!(m["id"], Value::Null);
        let m = parsed(check_body(
            br#"{"jsonrpc":"2.0","id":5,"method":3}"#.to_vec(),
        ));
        assert_eq!(m["params"]["code"], -32600);
        assert_eq!(m["id"], 5);
        let m = parsed(check_body(b"[1,2]".to_vec()));
        assert_eq!(m["params"]["message"], "Invalid request: not a JSON object");
        let m = parsed(check_body(b"\xff\xfe".to_vec()));
        assert_eq!(m["params"]["code"], -32700);
    }
}
