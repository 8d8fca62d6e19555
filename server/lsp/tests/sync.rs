//! Thousands of random incremental edits (multi-byte text, CRLF, lone CR, batches with
//! several changes and full-text replacements), checking after every batch that the
//! server's copy equals the client's.

use crate::common::{TestServer, URI};
use serde_json::{json, Value};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Clone, Copy, Debug)]
enum Enc {
    Utf8,
    Utf16,
    Utf32,
}

impl Enc {
    fn units(self, c: char) -> u32 {
        match self {
            Enc::Utf8 => c.len_utf8() as u32,
            Enc::Utf16 => c.len_utf16() as u32,
            Enc::Utf32 => 1,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
            Enc::Utf32 => "utf-32",
        }
    }
}

/// The client's idea of an LSP position for a byte offset, computed independently of
/// the server: walk the text, counting `\n`, `\r\n` and `\r` as line ends.
fn position(text: &str, offset: usize, enc: Enc) -> Value {
    let (mut line, mut col) = (0u32, 0u32);
    let mut chars = text[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => {
                line += 1;
                col = 0;
            }
            _ => col += enc.units(c),
        }
    }
    json!({ "line": line, "character": col })
}

/// A random offset a client cursor can be at: a char boundary, never between `\r\n`.
fn cursor(rng: &mut Rng, text: &str) -> usize {
    loop {
        let o = rng.below(text.len() + 1);
        let between_crlf = o > 0
            && text.as_bytes().get(o - 1) == Some(&b'\r')
            && text.as_bytes().get(o) == Some(&b'\n');
        if text.is_char_boundary(o) && !between_crlf {
            return o;
        }
    }
}

const PIECES: &[&str] = &[
    "",
    "a",
    "RUN ",
    "é",
    "🐳",
    "日本",
    "\n",
    "\r\n",
    "\r",
    "\\\n",
    "FROM alpine AS b\n",
    "$HOME",
    "<<EOF\nx\nEOF\n",
    " ",
    "\t",
];

async fn run(enc: Enc, seed: u64, batches: usize) {
    let mut s =
        TestServer::with_capabilities(json!({ "general": { "positionEncodings": [enc.name()] } }))
            .await;
    let mut rng = Rng(seed);
    let mut text = String::from("FROM alpine\r\nRUN echo 🐳 café\nCOPY a b\r");
    s.open(URI, &text).await;
    let mut version = 1;
    for batch in 0..batches {
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(4) {
            if rng.below(50) == 0 {
                // Full-text replacement in the middle of an incremental batch.
                text = PIECES[rng.below(PIECES.len())].repeat(1 + rng.below(3));
                changes.push(json!({ "text": text }));
                continue;
            }
            let a = cursor(&mut rng, &text);
            let b = cursor(&mut rng, &text);
            let (start, end) = (a.min(b), a.max(b));
            // Mostly small edits, as typing makes them.
            let end = if rng.below(4) == 0 {
                end
            } else {
                start + (end - start).min(3)
            };
            let end = (start..=end)
                .rev()
                .find(|&e| {
                    text.is_char_boundary(e)
                        && !(e > 0
                            && text.as_bytes()[e - 1] == b'\r'
                            && text.as_bytes().get(e) == Some(&b'\n'))
                })
                .unwrap();
            let insert = PIECES[rng.below(PIECES.len())];
            changes.push(json!({
                "range": { "start": position(&text, start, enc), "end": position(&text, end, enc) },
                "text": insert,
            }));
            text.replace_range(start..end, insert);
        }
        version += 1;
        s.change(URI, version, Value::Array(changes.clone())).await;
        let (v, server_text) = s.text(URI).await;
        assert_eq!(
            (v, &server_text),
            (version, &text),
            "{enc:?} seed {seed} batch {batch}: after {changes:?}"
        );
    }
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edits_utf16() {
    run(Enc::Utf16, 0x9E37_79B9_7F4A_7C15, 1500).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edits_utf8() {
    run(Enc::Utf8, 0xD1B5_4A32_D192_ED03, 1000).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edits_utf32() {
    run(Enc::Utf32, 0x2545_F491_4F6C_DD1D, 1000).await;
}
