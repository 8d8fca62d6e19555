//! Helpers for dlint's tests and benchmarks.
//!
//! The shared corpus (real Dockerfiles, BuildKit's parser cases, hadolint's and
//! dockerfile-utils' expected behaviour) lives outside this repository, in
//! `../shared/corpus` next to the checkout. `DLINT_CORPUS` points elsewhere.
//! A missing corpus is a failure with a clear message, never a quiet skip.

use std::path::{Path, PathBuf};

/// The repository root (the directory holding the workspace `Cargo.toml`).
pub fn repo_root() -> PathBuf {
    // This crate lives at <root>/server/test-support.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("server/test-support has two ancestors")
        .to_path_buf()
}

/// The corpus directory: `$DLINT_CORPUS`, else `<repo>/../shared/corpus`.
///
/// Panics with instructions when it does not exist.
pub fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("DLINT_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => repo_root().join("..").join("shared").join("corpus"),
    };
    if !dir.is_dir() {
        panic!(
            "the shared test corpus was not found at {}.\n\
             Tests read it from ../shared/corpus beside the checkout; set DLINT_CORPUS \
             to its path if it lives elsewhere.",
            dir.display()
        );
    }
    dir
}

/// A sub-directory of the corpus, e.g. `corpus("real")`.
pub fn corpus(sub: &str) -> PathBuf {
    let p = corpus_dir().join(sub);
    assert!(p.exists(), "corpus part {} is missing", p.display());
    p
}

/// Every regular file of `corpus/real` except its metadata files, sorted by name.
pub fn real_dockerfiles() -> Vec<PathBuf> {
    let dir = corpus("real");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && !matches!(
                    p.file_name().and_then(|n| n.to_str()),
                    Some("SOURCES.tsv" | "DUPLICATES.tsv" | "README.md" | "LICENSES.md")
                )
        })
        .collect();
    files.sort();
    files
}

/// A synthetic Dockerfile from the shared `lspdrive gen` tool (`../shared/tools/lspdrive`,
/// beside the corpus), the file the editor speed targets are set for at 5,000 lines and
/// 50 stages. Benchmarks use it so that they measure what `scripts/bench-lsp` drives.
///
/// Panics with the reason when python3 or the tool cannot produce it.
pub fn lspdrive_generated(lines: u32, stages: u32) -> String {
    let tool = corpus_dir().join("../tools/lspdrive/lspdrive.py");
    let out = std::process::Command::new("python3")
        .arg(&tool)
        .args([
            "gen",
            "--lines",
            &lines.to_string(),
            "--stages",
            &stages.to_string(),
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 {}: {e}", tool.display()));
    assert!(
        out.status.success(),
        "lspdrive gen failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("generated text is UTF-8")
}
