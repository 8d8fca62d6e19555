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
//! output.

use serde::ser::{Serialize, Serializer};
use tokio::io::{AsyncWrite, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::{self as lsp, Uri};

/// What the writer receives: a whole frame, or the end of tower-lsp-server's output
/// (after `exit` or at end of input), after which nothing more is written.
enum Out {
    Frame(Vec<u8>),
    End,
}

/// A cheap handle for queueing `publishDiagnostics` notifications.
#[derive(Clone)]
pub struct Outbox {
    tx: mpsc::UnboundedSender<Out>,
}

/// The receiving end of the [`Outbox`] channel, for [`write`].
pub struct Queue {
    rx: mpsc::UnboundedReceiver<Out>,
}

pub fn channel() -> (Outbox, Queue) {
    let (tx, rx) = mpsc::unbounded_channel();
    (Outbox { tx }, Queue { rx })
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

/// Cuts tower-lsp-server's output into frames and queues them. Ends, and tells the
/// writer to end, when tower-lsp-server closes its side.
pub async fn forward(from_server: DuplexStream, outbox: Outbox) {
    let tx = outbox.tx;
    let mut reader = BufReader::new(from_server);
    // tower-lsp-server only writes well-formed frames; anything else would be our bug,
    // and dropping it beats sending the client a broken stream.
    while let Some(body) = crate::framing::next_frame(&mut reader).await {
        match body {
            Ok(body) => {
                let _ = tx.send(Out::Frame(frame(&body)));
            }
            Err(why) => tracing::error!(%why, "unreadable frame from the protocol layer dropped"),
        }
    }
    let _ = tx.send(Out::End);
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
