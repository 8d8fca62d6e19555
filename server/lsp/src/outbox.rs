//! The server's output: tower-lsp-server's messages and our own `publishDiagnostics`
//! frames, written to the client in the order they were queued.
//!
//! Why diagnostics bypass tower-lsp-server's `Client`: it turns every notification into a
//! `serde_json::Value` tree and then serialises that tree. For a 5,000-line file with
//! about 700 findings, that is some 200 KB of JSON built as tens of thousands of small
//! allocations on every keystroke, which took more time than linting the edit. Here a
//! publish is serialised once, straight from the diagnostics, into the bytes of one frame.
//!
//! tower-lsp-server writes its messages into an in-memory pipe; [`forward`] cuts that
//! stream into whole frames and queues each, and [`Outbox::publish`] queues ours on the
//! same channel, so frames never interleave. [`write`] drains the channel to the real
//! output. [`Outbox::respond`] does the same for the answers of `crate::direct`, and
//! [`forward`] drops the `null` answer tower-lsp-server writes for each of those.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::ser::{Serialize, Serializer};
use tokio::io::{AsyncWrite, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::Id;
use tower_lsp_server::ls_types::{self as lsp, Uri};

/// What the writer receives: a whole frame, or the end of tower-lsp-server's output
/// (after `exit` or at end of input), after which nothing more is written.
enum Out {
    Frame(Vec<u8>),
    End,
}

/// A cheap handle for queueing `publishDiagnostics` notifications and direct answers.
#[derive(Clone)]
pub struct Outbox {
    tx: mpsc::UnboundedSender<Out>,
    /// Requests answered by [`Outbox::respond`] whose `null` answer from
    /// tower-lsp-server is still to come, counted in case a client reuses an id.
    answered: Arc<Mutex<HashMap<Id, u32>>>,
}

/// The receiving end of the [`Outbox`] channel, for [`write`].
pub struct Queue {
    rx: mpsc::UnboundedReceiver<Out>,
}

pub fn channel() -> (Outbox, Queue) {
    let (tx, rx) = mpsc::unbounded_channel();
    let answered = Default::default();
    (Outbox { tx, answered }, Queue { rx })
}

/// Diagnostics to publish, serialised without copying: every item of each part in order.
pub trait DiagnosticSeq {
    fn items(&self) -> Box<dyn Iterator<Item = &lsp::Diagnostic> + '_>;
}

impl DiagnosticSeq for [lsp::Diagnostic] {
    fn items(&self) -> Box<dyn Iterator<Item = &lsp::Diagnostic> + '_> {
        Box::new(self.iter())
    }
}

struct AsSeq<'a, D: ?Sized>(&'a D);

impl<D: DiagnosticSeq + ?Sized> Serialize for AsSeq<'_, D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.items())
    }
}

#[derive(serde::Serialize)]
struct Notification<P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: P,
}

#[derive(serde::Serialize)]
#[serde(bound = "")]
struct PublishParams<'a, D: DiagnosticSeq + ?Sized> {
    uri: &'a Uri,
    diagnostics: AsSeq<'a, D>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
}

/// The bytes of one `textDocument/publishDiagnostics` frame, header included.
pub fn publish_frame<D: DiagnosticSeq + ?Sized>(
    uri: &Uri,
    version: Option<i32>,
    diagnostics: &D,
) -> Vec<u8> {
    let message = Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: PublishParams {
            uri,
            diagnostics: AsSeq(diagnostics),
            version,
        },
    };
    // Serialising plain data into a Vec cannot fail (no maps with non-string keys).
    let body = serde_json::to_vec(&message).unwrap_or_default();
    frame(&body)
}

fn frame(body: &[u8]) -> Vec<u8> {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    let mut out = Vec::with_capacity(header.len() + body.len());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(body);
    out
}

impl Outbox {
    /// Queues the diagnostics of `uri` (replacing what the client shows for it).
    pub fn publish<D: DiagnosticSeq + ?Sized>(
        &self,
        uri: &Uri,
        version: Option<i32>,
        diagnostics: &D,
    ) {
        let started = std::time::Instant::now();
        let bytes = publish_frame(uri, version, diagnostics);
        let size = bytes.len();
        // The writer is gone only after the session ended; nobody is listening then.
        let _ = self.tx.send(Out::Frame(bytes));
        tracing::debug!(
            ?version,
            bytes = size,
            serialize_us = started.elapsed().as_micros() as u64,
            "publish queued"
        );
    }
}

#[derive(serde::Serialize)]
struct Response<'a, T> {
    jsonrpc: &'static str,
    id: &'a Id,
    result: &'a T,
}

impl Outbox {
    /// Queues the answer to request `id`, and remembers to drop the `null` answer
    /// tower-lsp-server will write for it (see `crate::direct`).
    pub fn respond<T: Serialize>(&self, id: Id, result: &T) -> serde_json::Result<()> {
        let body = serde_json::to_vec(&Response {
            jsonrpc: "2.0",
            id: &id,
            result,
        })?;
        *self
            .answered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(id)
            .or_default() += 1;
        let _ = self.tx.send(Out::Frame(frame(&body)));
        Ok(())
    }

    /// Whether `body`, a frame from tower-lsp-server, is the stand-in answer to a request
    /// already answered by [`Outbox::respond`]; if so, it is forgotten.
    fn already_answered(&self, body: &[u8]) -> bool {
        let mut answered = self.answered.lock().unwrap_or_else(|e| e.into_inner());
        if answered.is_empty() {
            return false;
        }
        // Only a response counts: requests to the client have ids of their own.
        #[derive(serde::Deserialize)]
        struct Probe {
            id: Option<Id>,
            method: Option<serde::de::IgnoredAny>,
        }
        let id = match serde_json::from_slice::<Probe>(body) {
            Ok(Probe {
                id: Some(id),
                method: None,
            }) => id,
            _ => return false,
        };
        let Some(count) = answered.get_mut(&id) else {
            return false;
        };
        *count -= 1;
        if *count == 0 {
            answered.remove(&id);
        }
        true
    }
}

/// Cuts tower-lsp-server's output into frames and queues them. Ends, and tells the
/// writer to end, when tower-lsp-server closes its side.
pub async fn forward(from_server: DuplexStream, outbox: Outbox) {
    let mut reader = BufReader::new(from_server);
    // tower-lsp-server only writes well-formed frames; anything else would be our bug,
    // and dropping it beats sending the client a broken stream.
    while let Some(body) = crate::framing::next_frame(&mut reader).await {
        match body {
            Ok(body) if outbox.already_answered(&body) => {}
            Ok(body) => {
                let _ = outbox.tx.send(Out::Frame(frame(&body)));
            }
            Err(why) => tracing::error!(%why, "unreadable frame from the protocol layer dropped"),
        }
    }
    let _ = outbox.tx.send(Out::End);
}

/// Writes queued frames to `output` on the calling thread, blocking, until [`forward`]
/// reports the end. For stdout: an async write of tokio's stdout is itself a blocking
/// write handed to a pool thread, one more wake-up before each frame leaves; here the
/// thread that published wakes this one, which writes.
pub fn write_blocking<O: std::io::Write>(mut queue: Queue, mut output: O) {
    while let Some(out) = queue.rx.blocking_recv() {
        let Out::Frame(bytes) = out else {
            break;
        };
        if output.write_all(&bytes).is_err() {
            // As in `write`: the client has gone; drain until the end.
            continue;
        }
        if queue.rx.is_empty() {
            let _ = output.flush();
        }
    }
    let _ = output.flush();
}

/// Writes queued frames to `output` until [`forward`] reports the end.
pub async fn write<O: AsyncWrite + Unpin>(mut queue: Queue, mut output: O) {
    while let Some(out) = queue.rx.recv().await {
        let Out::Frame(bytes) = out else {
            break;
        };
        if output.write_all(&bytes).await.is_err() {
            // The client has gone; keep draining so senders never block (they cannot:
            // the channel is unbounded) and stop at the end.
            continue;
        }
        if queue.rx.is_empty() {
            let _ = output.flush().await;
        }
    }
    let _ = output.flush().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_frame_is_the_json_rpc_notification_with_its_length() {
        let uri: Uri = "file:///w/Dockerfile".parse().unwrap();
        let d = lsp::Diagnostic {
            message: "m".into(),
            ..Default::default()
        };
        let bytes = publish_frame(&uri, Some(3), &[d.clone(), d.clone()][..]);
        let text = String::from_utf8(bytes).unwrap();
        let (header, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        let expected = serde_json::json!({
            "jsonrpc": "2.0",
            "method": "textDocument/publishDiagnostics",
            "params": {
                "uri": "file:///w/Dockerfile",
                "diagnostics": [serde_json::to_value(&d).unwrap(), serde_json::to_value(&d).unwrap()],
                "version": 3,
            }
        });
        assert_eq!(value, expected);
        let cleared = String::from_utf8(publish_frame(&uri, None, &[][..])).unwrap();
        assert!(
            cleared.ends_with(r#""params":{"uri":"file:///w/Dockerfile","diagnostics":[]}}"#),
            "{cleared}"
        );
    }
}
