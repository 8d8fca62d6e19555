//! A tiny scripted HTTP/1.1 server on 127.0.0.1 (std threads, `Connection: close`):
//! each request is recorded and answered by a closure, including deliberately hostile
//! answers (endless bodies, stalls). Stops on drop; every wait is bounded.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A received request.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// How to answer.
pub enum Reply {
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Claims a 1 GB Content-Length and streams zeros until the client hangs up.
    HugeDeclared,
    /// No Content-Length; streams zeros until the client hangs up (or 1 GB).
    HugeUndeclared,
    /// Sends the status line and headers, then nothing for `Duration`.
    StallAfterHeaders(Duration),
    /// Sends nothing at all for `Duration`.
    StallBeforeHeaders(Duration),
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }
    pub fn with_headers(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        Reply::Full {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_vec(),
        }
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A running mock server.
pub struct MockServer {
    pub port: u16,
    /// True when the server speaks TLS.
    pub tls: bool,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
}

impl MockServer {
    pub fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> MockServer {
        MockServer::start_with(None, handler)
    }

    /// Like [`MockServer::start`] but speaking TLS with the given chain and key (PEM).
    pub fn start_tls(
        chain: &std::path::Path,
        key: &std::path::Path,
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> MockServer {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(chain)
            .expect("read certificate chain")
            .map(|c| c.expect("parse certificate"))
            .collect();
        let key = PrivateKeyDer::from_pem_file(key).expect("read private key");
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server certificate");
        MockServer::start_with(Some(Arc::new(config)), handler)
    }

    fn start_with(
        tls: Option<Arc<rustls::ServerConfig>>,
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind mock server");
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let is_tls = tls.is_some();
        {
            let requests = requests.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
                    let handler = handler.clone();
                    let requests = requests.clone();
                    let stop = stop.clone();
                    let tls = tls.clone();
                    std::thread::spawn(move || match tls {
                        Some(config) => {
                            let Ok(connection) = rustls::ServerConnection::new(config) else {
                                return;
                            };
                            let stream = rustls::StreamOwned::new(connection, stream);
                            serve(stream, &*handler, &requests, &stop)
                        }
                        None => serve(stream, &*handler, &requests, &stop),
                    });
                }
            });
        }
        MockServer {
            port,
            tls: is_tls,
            requests,
            stop,
        }
    }

    pub fn base(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn recorded(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so the thread ends.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(
    mut stream: impl Read + Write,
    handler: &Handler,
    requests: &Mutex<Vec<Recorded>>,
    stop: &AtomicBool,
) {
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    requests.lock().unwrap().push(request.clone());
    match handler(&request) {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
            for (k, v) in &headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            ));
            let _ = stream.write_all(head.as_bytes());
            if request.method != "HEAD" {
                let _ = stream.write_all(&body);
            }
            let _ = stream.flush();
        }
        Reply::HugeDeclared => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\nConnection: close\r\n\r\n";
            stream_zeros(&mut stream, head, stop);
        }
        Reply::HugeUndeclared => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
            stream_zeros(&mut stream, head, stop);
        }
        Reply::StallAfterHeaders(wait) => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{";
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.flush();
            stall(wait, stop);
        }
        Reply::StallBeforeHeaders(wait) => stall(wait, stop),
    }
}

fn stream_zeros(stream: &mut impl Write, head: &str, stop: &AtomicBool) {
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let chunk = vec![b' '; 64 * 1024];
    let mut sent = 0usize;
    while sent < 1 << 30 && !stop.load(Ordering::SeqCst) {
        if stream.write_all(&chunk).is_err() {
            return;
        }
        sent += chunk.len();
    }
}

fn stall(wait: Duration, stop: &AtomicBool) {
    let until = Instant::now() + wait;
    while Instant::now() < until && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn read_request(stream: &mut impl Read) -> Option<Recorded> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut byte).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&byte[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length.min(1 << 20) {
        let n = stream.read(&mut byte).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&byte[..n]);
    }
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        307 => "Temporary Redirect",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
