//! `dlint lsp` is wired to the language server: it answers `initialize` over stdio and
//! exits after `shutdown` + `exit`. (The server itself is tested in `dlint_lsp`.)

use crate::common;

#[cfg(feature = "lsp")]
mod with_server {
    use super::common;
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// Reads one LSP message body.
    fn read_message(out: &mut impl BufRead) -> String {
        let mut length = None;
        loop {
            let mut line = String::new();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "the server closed stdout"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = Some(n.parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.expect("a Content-Length header")];
        out.read_exact(&mut body).unwrap();
        String::from_utf8(body).unwrap()
    }

    #[test]
    fn lsp_answers_initialize_and_exits_cleanly() {
        answers_initialize_and_exits_cleanly(&["lsp"]);
    }

    /// Generic LSP clients (VS Code's languageclient among them) pass `--stdio`.
    #[test]
    fn lsp_accepts_the_stdio_flag_clients_pass() {
        answers_initialize_and_exits_cleanly(&["lsp", "--stdio"]);
    }

    fn answers_initialize_and_exits_cleanly(args: &[&str]) {
        let mut child = Command::new(common::BIN)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdin
        .write_all(&frame(
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}"#,
        ))
        .unwrap();
        let reply: serde_json::Value = loop {
            let msg: serde_json::Value = serde_json::from_str(&read_message(&mut stdout)).unwrap();
            if msg["id"] == 1 {
                break msg;
            }
        };
        assert!(reply["result"]["capabilities"].is_object(), "{reply}");
        stdin
            .write_all(&frame(
                r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            ))
            .unwrap();
        stdin
            .write_all(&frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#))
            .unwrap();
        stdin
            .write_all(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#))
            .unwrap();
        drop(stdin);
        let status = child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

#[cfg(not(feature = "lsp"))]
#[test]
fn lsp_without_the_feature_is_a_clear_error() {
    let run = common::Scratch::new().run(&["lsp"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("without the language server"),
        "{run:?}"
    );
}
