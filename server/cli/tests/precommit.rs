//! The pre-commit hook definitions (`.pre-commit-hooks.yaml` at the repository root),
//! exercised with a real pre-commit installed from PyPI into a virtualenv:
//! `pre-commit try-repo <repo> dlint --files <fixture>` must fail on a bad Dockerfile and
//! pass on a good one; the same for `dlint-system` with this build's binary on PATH.
//!
//! The `dlint` hook (`language: rust`) makes pre-commit run `cargo install --path .` on
//! the whole workspace in release mode, which takes many minutes on a small machine, so
//! the test is `#[ignore]`d and CI runs it explicitly:
//!
//! ```text
//! cargo test -p dlint_cli --test integration -- --ignored precommit::
//! ```
//!
//! It needs network access to PyPI and crates.io (or a filled cargo cache), `python3`
//! with `venv`, `git` and `cargo`. A failed install is a test failure, never a skip.
//!
//! The hook repository is this checkout, uncommitted changes to tracked files included
//! (that is what `try-repo` does). `DLINT_PRECOMMIT_REPO` points it at another checkout,
//! e.g. a clean clone when the working tree holds unfinished work.

use crate::common::{must, BAD, BIN, GOOD};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn hook_repo() -> PathBuf {
    std::env::var_os("DLINT_PRECOMMIT_REPO")
        .map(PathBuf::from)
        .unwrap_or_else(dlint_test_support::repo_root)
}

fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start {cmd:?}: {e}"));
    out
}

/// pre-commit in a fresh virtualenv.
fn install_pre_commit(dir: &Path) -> PathBuf {
    let venv = dir.join("venv");
    must(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "creating a virtualenv (python3 -m venv; on Debian install python3-venv)",
    );
    must(
        Command::new(venv.join("bin/pip")).args(["install", "--quiet", "pre-commit"]),
        "installing pre-commit from PyPI",
    );
    venv.join("bin/pre-commit")
}

/// A git repository with a bad and a good Dockerfile.
fn consumer_repo(dir: &Path) -> PathBuf {
    let repo = dir.join("consumer");
    std::fs::create_dir_all(repo.join("bad")).unwrap();
    std::fs::create_dir_all(repo.join("good")).unwrap();
    std::fs::write(repo.join("bad/Dockerfile"), BAD).unwrap();
    std::fs::write(repo.join("good/Dockerfile"), GOOD).unwrap();
    must(
        Command::new("git").arg("init").arg("-q").arg(&repo),
        "git init",
    );
    must(
        Command::new("git").current_dir(&repo).args(["add", "."]),
        "git add",
    );
    repo
}

fn try_repo(
    pre_commit: &Path,
    consumer: &Path,
    home: &Path,
    hook: &str,
    file: &str,
    path_env: Option<&str>,
) -> Output {
    let mut cmd = Command::new(pre_commit);
    cmd.current_dir(consumer)
        .args(["try-repo"])
        .arg(hook_repo())
        .args([hook, "--verbose", "--files", file])
        .env("PRE_COMMIT_HOME", home)
        // No colour codes in the captured output.
        .env("NO_COLOR", "1");
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    run(&mut cmd, "pre-commit try-repo")
}

fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn check_hook(pre_commit: &Path, consumer: &Path, home: &Path, hook: &str, path_env: Option<&str>) {
    let bad = try_repo(pre_commit, consumer, home, hook, "bad/Dockerfile", path_env);
    let bad_text = text(&bad);
    assert!(
        !bad.status.success(),
        "{hook} passed a bad Dockerfile:\n{bad_text}"
    );
    assert!(
        bad_text.contains("StageNameCasing") && bad_text.contains("bad/Dockerfile"),
        "{hook} failed without dlint's findings (did the hook even run?):\n{bad_text}"
    );
    let good = try_repo(
        pre_commit,
        consumer,
        home,
        hook,
        "good/Dockerfile",
        path_env,
    );
    assert!(
        good.status.success(),
        "{hook} failed a good Dockerfile:\n{}",
        text(&good)
    );
}

#[test]
#[ignore = "installs pre-commit from PyPI and cargo-installs the workspace (minutes); run with --ignored"]
fn pre_commit_hooks_fail_bad_and_pass_good_dockerfiles() {
    let tmp = tempfile::tempdir().unwrap();
    let pre_commit = install_pre_commit(tmp.path());
    let consumer = consumer_repo(tmp.path());
    let home = tmp.path().join("pre-commit-home");

    // dlint-system: this build's binary as `dlint` on PATH.
    let bin_dir = tmp.path().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(BIN, bin_dir.join("dlint")).unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    check_hook(&pre_commit, &consumer, &home, "dlint-system", Some(&path));

    // dlint: built from the repository by pre-commit itself.
    check_hook(&pre_commit, &consumer, &home, "dlint", None);
}
