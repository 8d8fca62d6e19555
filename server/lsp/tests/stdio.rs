//! The real binary over real stdio: framing, a diagnostics round trip, a clean exit, and
//! nothing but protocol on stdout.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

fn frame(v: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(v).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

fn read(r: &mut impl BufRead) -> Value {
    let mut len = None;
    loop {
        let mut line = String::new();
        assert!(r.read_line(&mut line).unwrap() > 0, "stdout closed");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .expect("header line without ':' on stdout");
        if name.eq_ignore_ascii_case("content-length") {
            len = Some(value.trim().parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; len.expect("no Content-Length")];
    r.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).expect("stdout carried something other than JSON-RPC")
}

#[test]
fn real_binary_serves_over_stdio_and_exits() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dlint-lsp-test-server"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the server");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let uri = "file:///tmp/stdio-test/Dockerfile";

    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}),
        ))
        .unwrap();
    let init = read(&mut stdout);
    assert_eq!(init["id"], 1);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");

    let mut msgs = frame(&json!({"jsonrpc":"2.0","method":"initialized","params":{}}));
    msgs.extend(frame(&json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":uri,"languageId":"dockerfile","version":3,"text":"FROM alpine\n"}}})));
    stdin.write_all(&msgs).unwrap();
    let published = loop {
        let m = read(&mut stdout);
        if m["method"] == "textDocument/publishDiagnostics" {
            break m;
        }
    };
    assert_eq!(published["params"]["uri"], uri);
    assert_eq!(published["params"]["version"], 3);

    stdin
        .write_all(&frame(&json!({"jsonrpc":"2.0","id":2,"method":"shutdown"})))
        .unwrap();
    let down = loop {
        let m = read(&mut stdout);
        if m["id"] == 2 {
            break m;
        }
    };
    assert_eq!(down, json!({"jsonrpc":"2.0","id":2,"result":null}));
    stdin
        .write_all(&frame(&json!({"jsonrpc":"2.0","method":"exit"})))
        .unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
}
