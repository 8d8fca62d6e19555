//! The disk cache: round trips, freshness, corruption tolerance.

use std::time::Duration;

use dlint_registry::cache::DiskCache;

#[test]
fn stores_and_reads_entries() {
    let dir = tempfile::tempdir().unwrap();
    let cache = DiskCache::new(dir.path());
    assert!(cache.get::<Vec<String>>("tags:x").is_none());
    cache.put("tags:x", &vec!["1.0".to_string()]).unwrap();
    let entry = cache.get::<Vec<String>>("tags:x").unwrap();
    assert_eq!(entry.value, vec!["1.0".to_string()]);
    assert!(entry.is_fresh(Duration::from_secs(60)));
    assert!(!entry.is_fresh(Duration::ZERO));
    // Another key is another entry; a wrong type is a miss, not a panic.
    assert!(cache.get::<Vec<String>>("tags:y").is_none());
    assert!(cache.get::<u32>("tags:x").is_none());
    // A second handle on the same directory (another process) sees the entry.
    assert!(DiskCache::new(dir.path())
        .get::<Vec<String>>("tags:x")
        .is_some());
    cache.clear().unwrap();
    assert!(cache.get::<Vec<String>>("tags:x").is_none());
    cache.clear().unwrap();
}

#[test]
fn corrupt_files_are_misses() {
    let dir = tempfile::tempdir().unwrap();
    let cache = DiskCache::new(dir.path());
    cache.put("k", &1u32).unwrap();
    let file = walk(dir.path())
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    std::fs::write(&file, b"\xff\xfe not json").unwrap();
    assert!(cache.get::<u32>("k").is_none());
    // No temp files are left behind by writes.
    cache.put("k", &2u32).unwrap();
    assert!(walk(dir.path()).iter().all(|p| !p
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with(".tmp")));
    assert_eq!(cache.get::<u32>("k").unwrap().value, 2);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
