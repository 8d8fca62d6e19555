//! A throw-away CA and server certificates made with the `openssl` CLI, for the TLS
//! tests (ECDSA P-256, valid one day, names given by the test).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::registry::require_tool;

/// Paths of one CA and its leaf certificates.
pub struct Pki {
    pub ca_cert: PathBuf,
    ca_key: PathBuf,
    dir: PathBuf,
}

fn openssl(args: &[&str]) {
    let status = Command::new("openssl")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run openssl");
    assert!(status.success(), "openssl {args:?} failed");
}

/// A new P-256 key (fast to make, supported by rustls).
fn ec_key(path: &Path) {
    openssl(&[
        "ecparam",
        "-name",
        "prime256v1",
        "-genkey",
        "-noout",
        "-out",
        s(path),
    ]);
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

impl Pki {
    pub fn new(dir: &Path) -> Pki {
        require_tool("openssl", "openssl");
        let ca_key = dir.join("ca.key");
        let ca_cert = dir.join("ca.crt");
        ec_key(&ca_key);
        openssl(&[
            "req",
            "-x509",
            "-new",
            "-key",
            s(&ca_key),
            "-out",
            s(&ca_cert),
            "-days",
            "1",
            "-subj",
            "/CN=dlint test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        Pki {
            ca_cert,
            ca_key,
            dir: dir.to_path_buf(),
        }
    }

    /// A server certificate for `name`; returns (chain PEM, PKCS#8 key PEM).
    pub fn leaf(&self, name: &str) -> (PathBuf, PathBuf) {
        let raw_key = self.dir.join(format!("{name}.ec.key"));
        let key = self.dir.join(format!("{name}.key"));
        let csr = self.dir.join(format!("{name}.csr"));
        let cert = self.dir.join(format!("{name}.crt"));
        let ext = self.dir.join(format!("{name}.ext"));
        ec_key(&raw_key);
        openssl(&[
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-in",
            s(&raw_key),
            "-out",
            s(&key),
        ]);
        openssl(&[
            "req",
            "-new",
            "-key",
            s(&key),
            "-out",
            s(&csr),
            "-subj",
            &format!("/CN={name}"),
        ]);
        std::fs::write(
            &ext,
            format!("subjectAltName=DNS:{name}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"),
        )
        .unwrap();
        openssl(&[
            "x509",
            "-req",
            "-in",
            s(&csr),
            "-CA",
            s(&self.ca_cert),
            "-CAkey",
            s(&self.ca_key),
            "-CAcreateserial",
            "-out",
            s(&cert),
            "-days",
            "1",
            "-extfile",
            s(&ext),
        ]);
        (cert, key)
    }
}
