//! The disk cache shared by the CLI and the language server: one small JSON file per
//! answer under the user's cache directory (`$DLINT_CACHE_DIR` overrides it), written
//! atomically (temp file + rename) so concurrent processes never see half a file. Every
//! entry records when it was stored; the caller decides what is fresh. Tokens and
//! credentials are never stored.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Entries bigger than this are treated as corrupt.
const ENTRY_MAX_BYTES: u64 = 16 * 1024 * 1024;
/// Bumped when the entry format changes, so old files are simply ignored.
const FORMAT_DIR: &str = "v1";

/// A cache directory.
#[derive(Debug, Clone)]
pub struct DiskCache {
    dir: PathBuf,
}

/// One cached value and its age.
#[derive(Debug, Clone)]
pub struct Cached<T> {
    pub value: T,
    pub stored_at: SystemTime,
}

impl<T> Cached<T> {
    /// True when younger than `ttl`.
    pub fn is_fresh(&self, ttl: Duration) -> bool {
        SystemTime::now()
            .duration_since(self.stored_at)
            .map(|age| age < ttl)
            // A timestamp in the future (clock change) counts as stale.
            .unwrap_or(false)
    }
}

#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    key: String,
    stored_at: u64,
    value: T,
}

/// The default directory: `$DLINT_CACHE_DIR`, else `<user cache dir>/dlint/registry`.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DLINT_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    dirs::cache_dir().map(|d| d.join("dlint").join("registry"))
}

impl DiskCache {
    /// A cache rooted at `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> DiskCache {
        DiskCache { dir: dir.into() }
    }

    /// The root directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_for(&self, key: &str) -> PathBuf {
        let hash = Sha256::digest(key.as_bytes());
        let name: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        self.dir
            .join(FORMAT_DIR)
            .join(&name[..2])
            .join(format!("{name}.json"))
    }

    /// Reads an entry. Missing, unreadable, corrupt or mismatched entries are `None`:
    /// the cache is an optimisation and never an error source.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Option<Cached<T>> {
        let path = self.path_for(key);
        let meta = std::fs::metadata(&path).ok()?;
        if meta.len() > ENTRY_MAX_BYTES {
            return None;
        }
        let bytes = std::fs::read(&path).ok()?;
        let envelope: Envelope<T> = serde_json::from_slice(&bytes).ok()?;
        if envelope.key != key {
            return None;
        }
        Some(Cached {
            value: envelope.value,
            stored_at: UNIX_EPOCH + Duration::from_secs(envelope.stored_at),
        })
    }

    /// Stores an entry stamped with the current time.
    pub fn put<T: Serialize>(&self, key: &str, value: &T) -> std::io::Result<()> {
        let path = self.path_for(key);
        let parent = path.parent().expect("cache paths have a parent");
        std::fs::create_dir_all(parent)?;
        let stored_at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let envelope = Envelope {
            key: key.to_string(),
            stored_at,
            value,
        };
        let bytes = serde_json::to_vec(&envelope).map_err(std::io::Error::other)?;
        let tmp = parent.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }

    /// Removes every entry.
    pub fn clear(&self) -> std::io::Result<()> {
        match std::fs::remove_dir_all(self.dir.join(FORMAT_DIR)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
