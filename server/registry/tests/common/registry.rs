//! Starts the Debian `docker-registry` binary (CNCF distribution 2.8.2) on a free
//! 127.0.0.1 port with a private config and storage directory. A missing binary FAILS
//! the test with the command that installs it: these tests are never skipped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const REGISTRY_BIN: &str = "/usr/bin/docker-registry";

/// Panics with install instructions when a required tool is missing.
pub fn require_tool(path: &str, package: &str) {
    let found = if path.contains('/') {
        Path::new(path).is_file()
    } else {
        Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {path}"))
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    assert!(
        found,
        "{path} is required by the registry tests: install it with \
         `apt-get install -y {package}` (or run scripts/registry/install.sh)"
    );
}

/// How the registry authenticates.
pub enum Auth {
    Open,
    /// htpasswd file (bcrypt) with realm `fixture-realm`.
    Htpasswd(PathBuf),
    /// Token auth: realm URL, service, issuer, root certificate bundle.
    Token {
        realm: String,
        service: String,
        issuer: String,
        root_cert: PathBuf,
    },
}

/// A running registry; killed on drop.
pub struct Registry {
    pub port: u16,
    child: Child,
    _config_dir: tempfile::TempDir,
}

impl Registry {
    pub fn start(storage: &Path, auth: Auth) -> Registry {
        require_tool(REGISTRY_BIN, "docker-registry");
        let config_dir = tempfile::tempdir().expect("temp dir");
        let auth_yaml = match auth {
            Auth::Open => String::new(),
            Auth::Htpasswd(path) => format!(
                "auth:\n  htpasswd:\n    realm: fixture-realm\n    path: {}\n",
                path.display()
            ),
            Auth::Token { realm, service, issuer, root_cert } => format!(
                "auth:\n  token:\n    realm: {realm}\n    service: {service}\n    issuer: {issuer}\n    rootcertbundle: {}\n",
                root_cert.display()
            ),
        };
        let config = format!(
            "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:0\n{auth_yaml}",
            storage.display()
        );
        let config_path = config_dir.path().join("config.yml");
        std::fs::write(&config_path, config).expect("write registry config");
        let mut child = Command::new(REGISTRY_BIN)
            .arg("serve")
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start docker-registry");
        let (tx, rx) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            // Keeps draining the pipe after the port is found so the registry never
            // blocks on a full pipe.
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Some(port) = listening_port(&line) {
                        let _ = tx.send(port);
                    }
                }
            });
        }
        let port = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(port) => port,
            Err(_) => {
                let _ = child.kill();
                panic!("docker-registry did not report its listening port within 15 s");
            }
        };
        let registry = Registry {
            port,
            child,
            _config_dir: config_dir,
        };
        registry.wait_ready();
        registry
    }

    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let request = format!(
                    "GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                    self.port
                );
                if stream.write_all(request.as_bytes()).is_ok() {
                    let mut answer = String::new();
                    let _ = stream.read_to_string(&mut answer);
                    if answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.1 401") {
                        return;
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "docker-registry on port {} did not answer /v2/ within 10 s",
            self.port
        );
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `msg="listening on 127.0.0.1:38643"` → 38643.
fn listening_port(line: &str) -> Option<u16> {
    let rest = &line[line.find("listening on ")? + "listening on ".len()..];
    let addr: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"')
        .collect();
    addr.rsplit(':').next()?.parse().ok()
}

/// Creates a bcrypt htpasswd file with `htpasswd -Bbn` (distribution accepts bcrypt only).
pub fn htpasswd_file(dir: &Path, user: &str, password: &str) -> PathBuf {
    require_tool("htpasswd", "apache2-utils");
    let output = Command::new("htpasswd")
        .args(["-Bbn", user, password])
        .output()
        .expect("run htpasswd");
    assert!(output.status.success(), "htpasswd failed");
    let path = dir.join("htpasswd");
    std::fs::write(&path, output.stdout).expect("write htpasswd");
    path
}
