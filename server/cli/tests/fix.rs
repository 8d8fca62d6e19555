//! `--fix`, `--unsafe-fixes` and `--diff` end to end, including idempotence on every
//! real Dockerfile of the shared corpus (on copies in a temporary directory).

use crate::common::{run_in, Scratch, BAD, GOOD};
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn fix_rewrites_the_file_and_a_second_run_changes_nothing() {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    let first = s.run(&["check", "--fix", "Dockerfile"]);
    let fixed = s.read("Dockerfile");
    assert_eq!(
        fixed, "FROM ubuntu AS build\nRUN cd /tmp\nFROM build\n",
        "{first:?}"
    );
    // DL3003 has no fix, so the run still fails, reporting on the fixed text.
    assert_eq!(first.code, 1, "{first:?}");
    assert!(first.stdout.contains("after fixing 1 problem"), "{first:?}");
    assert!(!first.stdout.contains("StageNameCasing"), "{first:?}");

    let second = s.run(&["check", "--fix", "Dockerfile"]);
    assert_eq!(s.read("Dockerfile"), fixed);
    assert!(!second.stdout.contains("after fixing"), "{second:?}");
}

#[test]
fn fix_keeps_line_endings_final_newline_and_permissions() {
    let s = Scratch::new();
    let crlf = s.write("crlf/Dockerfile", BAD.replace('\n', "\r\n"));
    s.write("bare/Dockerfile", BAD.trim_end());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&crlf, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    s.run(&["--fix", "crlf", "bare"]);
    assert_eq!(
        s.read("crlf/Dockerfile"),
        "FROM ubuntu AS build\r\nRUN cd /tmp\r\nFROM build\r\n"
    );
    assert_eq!(
        s.read("bare/Dockerfile"),
        "FROM ubuntu AS build\nRUN cd /tmp\nFROM build"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&crlf).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn diff_shows_the_fix_without_writing() {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    let run = s.run(&["check", "--diff", "Dockerfile"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("-FROM ubuntu AS Build\n+FROM ubuntu AS build\n"),
        "{run:?}"
    );
    assert_eq!(s.read("Dockerfile"), BAD, "--diff must not write");

    s.write("Dockerfile", GOOD);
    let clean = s.run(&["check", "--diff", "Dockerfile"]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, ""), "{clean:?}");
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let s = Scratch::new();
    // DL3015's fix (adding --no-install-recommends) changes what gets installed.
    let text = "FROM debian:12\nRUN apt-get install -y curl=8.0\n";
    s.write("Dockerfile", text);
    let safe = s.run(&["--diff", "--select", "DL3015", "Dockerfile"]);
    assert_eq!((safe.code, safe.stdout.as_str()), (0, ""), "{safe:?}");
    let with_unsafe = s.run(&[
        "--diff",
        "--unsafe-fixes",
        "--select",
        "DL3015",
        "Dockerfile",
    ]);
    assert_eq!(with_unsafe.code, 1, "{with_unsafe:?}");
    assert!(
        with_unsafe.stdout.contains("--no-install-recommends"),
        "{with_unsafe:?}"
    );
}

#[test]
fn fixing_stdin_prints_the_fixed_text() {
    let s = Scratch::new();
    let run = s.run_stdin(&["--fix", "-"], BAD.as_bytes());
    assert_eq!(
        run.stdout, "FROM ubuntu AS build\nRUN cd /tmp\nFROM build\n",
        "{run:?}"
    );
    assert!(
        run.stderr.contains("DL3003"),
        "the report goes to stderr: {run:?}"
    );
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// `--fix` (and `--fix --unsafe-fixes`) applied twice: the second run changes nothing,
/// on every real Dockerfile in the corpus.
#[test]
fn fix_is_idempotent_on_the_real_corpus() {
    let files = dlint_test_support::real_dockerfiles();
    assert!(
        files.len() > 1000,
        "the corpus looks incomplete: {} files",
        files.len()
    );
    let tmp = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::copy(f, tmp.path().join(&name)).unwrap();
        names.push(name);
    }
    for extra in [&[][..], &["--unsafe-fixes"][..]] {
        // ShellCheck findings carry no fixes, and running the external `shellcheck` on
        // every RUN of 1,700 files would make this test take many minutes.
        let mut args = vec![
            "check",
            "--fix",
            "-f",
            "json",
            "--no-config",
            "--no-shellcheck",
        ];
        args.extend_from_slice(extra);
        args.extend(names.iter().map(String::as_str));
        let first = run_in(tmp.path(), &args, None);
        assert_ne!(
            first.code, 2,
            "first --fix run {extra:?} failed: {}",
            first.stderr
        );
        let after_first = snapshot(tmp.path());
        let second = run_in(tmp.path(), &args, None);
        assert_ne!(
            second.code, 2,
            "second --fix run {extra:?} failed: {}",
            second.stderr
        );
        let after_second = snapshot(tmp.path());
        let changed: Vec<&String> = after_first
            .iter()
            .filter(|(name, text)| after_second.get(*name) != Some(text))
            .map(|(name, _)| name)
            .collect();
        assert!(
            changed.is_empty(),
            "a second --fix {extra:?} changed {} files, e.g. {:?}",
            changed.len(),
            &changed[..changed.len().min(5)]
        );
        assert_eq!(
            after_first.len(),
            names.len(),
            "no temporary file is left behind"
        );
    }
    // At least some files must actually have been fixed, or this test proves nothing.
    let originals: usize = files
        .iter()
        .filter(|f| {
            let copy = tmp.path().join(f.file_name().unwrap());
            std::fs::read(f).unwrap() != std::fs::read(copy).unwrap()
        })
        .count();
    assert!(originals > 0, "no corpus file was changed by --fix");
}
