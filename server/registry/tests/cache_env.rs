//! `DLINT_CACHE_DIR` overrides the default cache directory. Alone in its own test binary
//! because it changes the process environment.

use dlint_registry::cache::default_cache_dir;

#[test]
fn dlint_cache_dir_overrides_the_user_cache() {
    let dir = tempfile::tempdir().unwrap();
    // SAFETY: this binary has a single test, so no other thread reads the environment.
    unsafe { std::env::set_var("DLINT_CACHE_DIR", dir.path()) };
    assert_eq!(default_cache_dir().as_deref(), Some(dir.path()));
    unsafe { std::env::set_var("DLINT_CACHE_DIR", "") };
    let fallback = default_cache_dir();
    assert_ne!(fallback.as_deref(), Some(dir.path()));
    if let Some(path) = fallback {
        assert!(path.ends_with("dlint/registry"), "{}", path.display());
    }
}
