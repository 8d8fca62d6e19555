//! `dlint check` end to end: discovery, exit codes, errors, settings flags, stdin.

use crate::common;
use crate::common::{Scratch, BAD, GOOD};

fn codes(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    v.as_array()
        .expect("an array")
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn clean_file_exits_0_and_bad_file_exits_1() {
    let s = Scratch::new();
    s.write("good/Dockerfile", GOOD);
    s.write("bad/Dockerfile", BAD);
    let good = s.run(&["check", "good/Dockerfile"]);
    assert_eq!(good.code, 0, "{good:?}");
    assert!(good.stdout.contains("All checks passed!"), "{good:?}");
    let bad = s.run(&["check", "bad/Dockerfile"]);
    assert_eq!(bad.code, 1, "{bad:?}");
    assert!(bad.stdout.contains("warning[StageNameCasing]"), "{bad:?}");
    assert!(bad.stdout.contains(" --> bad/Dockerfile:1:16"), "{bad:?}");
}

#[test]
fn plain_paths_mean_check_and_no_paths_mean_the_current_directory() {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    let explicit = s.run(&["-f", "json", "Dockerfile"]);
    let implicit = s.run(&["-f", "json"]);
    assert_eq!(explicit.code, 1, "{explicit:?}");
    assert_eq!(codes(&explicit.stdout), codes(&implicit.stdout));
}

#[test]
fn directories_are_searched_for_dockerfile_names() {
    let s = Scratch::new();
    for name in [
        "Dockerfile",
        "a/Containerfile",
        "a/Dockerfile.dev",
        "b/api.Dockerfile",
        "b/web.dockerfile",
        "b/Containerfile.arm",
        "ignored/Dockerfile",
        "b/notes.txt",
    ] {
        s.write(name, BAD);
    }
    s.write(".gitignore", "ignored/\n");
    let run = s.run(&["check", "-f", "json", "."]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut files: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    files.dedup();
    assert_eq!(
        files,
        [
            "Dockerfile",
            "a/Containerfile",
            "a/Dockerfile.dev",
            "b/Containerfile.arm",
            "b/api.Dockerfile",
            "b/web.dockerfile"
        ]
    );
}

#[test]
fn an_empty_directory_is_not_an_error_but_is_mentioned() {
    let s = Scratch::new();
    s.write("README.md", "no Dockerfiles here");
    let run = s.run(&["check", "."]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("no Dockerfiles found"), "{run:?}");
}

#[test]
fn a_missing_file_is_an_error_for_that_file_only() {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    let run = s.run(&["check", "-f", "json", "missing/Dockerfile", "Dockerfile"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("dlint: missing/Dockerfile: no such file or directory"),
        "{run:?}"
    );
    assert!(
        codes(&run.stdout).contains(&"StageNameCasing".to_string()),
        "{run:?}"
    );
}

#[test]
fn invalid_utf8_and_binary_files_are_clear_errors() {
    let s = Scratch::new();
    s.write("latin1.Dockerfile", b"FROM scratch\nLABEL a=\xe9\n");
    s.write("bin.Dockerfile", b"\x7fELF\x00\x00");
    let run = s.run(&["check", "latin1.Dockerfile", "bin.Dockerfile"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("latin1.Dockerfile: not UTF-8 text (invalid byte at offset 21)"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("bin.Dockerfile: binary file"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("panicked"), "{run:?}");
    assert!(!run.stdout.contains("All checks passed"), "{run:?}");
}

#[test]
fn usage_errors_exit_2() {
    let s = Scratch::new();
    for args in [
        &["check", "--format", "yaml"][..],
        &["check", "--failure-threshold", "loud"],
        &["check", "--severity", "DL3008"],
        &["check", "--fix", "--diff"],
        &["explain", "NOPE1234"],
        &["debug"],
    ] {
        let run = s.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn help_documents_exit_codes() {
    let run = Scratch::new().run(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Exit status:"), "{run:?}");
    assert!(run.stdout.contains("2  usage error"), "{run:?}");
}

#[test]
fn select_ignore_and_severity_flags() {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    let all = codes(&s.run(&["-f", "json", "Dockerfile"]).stdout);
    assert!(all.contains(&"DL3003".to_string()) && all.contains(&"StageNameCasing".to_string()));

    let only = codes(
        &s.run(&["-f", "json", "--select", "DL3003", "Dockerfile"])
            .stdout,
    );
    assert_eq!(only, ["DL3003"]);

    let ignored = codes(
        &s.run(&[
            "-f",
            "json",
            "--ignore",
            "DL3003,StageNameCasing",
            "Dockerfile",
        ])
        .stdout,
    );
    assert!(
        !ignored.contains(&"DL3003".to_string())
            && !ignored.contains(&"StageNameCasing".to_string())
    );

    let run = s.run(&[
        "-f",
        "json",
        "--select",
        "DL3003",
        "--severity",
        "DL3003=style",
        "Dockerfile",
    ]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v[0]["severity"], "style");
    // Style is below the default threshold (info): the run passes.
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn failure_threshold_and_no_fail() {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    let warn = ["--select", "DL3003"];
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "-f", "json"];
        args.extend_from_slice(&warn);
        args.extend_from_slice(extra);
        args.push("Dockerfile");
        s.run(&args).code
    };
    assert_eq!(run(&[]), 1);
    assert_eq!(run(&["--failure-threshold", "error"]), 0);
    assert_eq!(run(&["-t", "warning"]), 1);
    assert_eq!(run(&["--no-fail"]), 0);
}

#[test]
fn command_line_beats_config_file_and_no_config_ignores_it() {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    s.write(
        ".dlint.toml",
        "ignore = [\"DL3003\"]\nfailure-threshold = \"error\"\n",
    );
    let with_config = s.run(&["-f", "json", "Dockerfile"]);
    assert!(!codes(&with_config.stdout).contains(&"DL3003".to_string()));
    assert_eq!(
        with_config.code, 0,
        "threshold from the file: {with_config:?}"
    );

    let flag = s.run(&["-f", "json", "-t", "warning", "Dockerfile"]);
    assert_eq!(flag.code, 1, "the flag overrides the file: {flag:?}");

    let none = s.run(&["-f", "json", "--no-config", "Dockerfile"]);
    assert!(
        codes(&none.stdout).contains(&"DL3003".to_string()),
        "{none:?}"
    );

    s.write("other.toml", "ignore = [\"StageNameCasing\"]\n");
    let other = s.run(&["-f", "json", "--config", "other.toml", "Dockerfile"]);
    let c = codes(&other.stdout);
    assert!(
        c.contains(&"DL3003".to_string()) && !c.contains(&"StageNameCasing".to_string()),
        "{other:?}"
    );
}

#[test]
fn config_errors_exit_2_and_name_the_file() {
    let s = Scratch::new();
    s.write("Dockerfile", GOOD);
    s.write(".dlint.toml", "ignroe = [\"DL3003\"]\n");
    let run = s.run(&["Dockerfile"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains(".dlint.toml:1:"), "{run:?}");
    let missing = s.run(&["--config", "nope.toml", "Dockerfile"]);
    assert_eq!(missing.code, 2, "{missing:?}");
    assert!(missing.stderr.contains("nope.toml"), "{missing:?}");
}

#[test]
fn stdin_with_a_filename() {
    let s = Scratch::new();
    s.write("svc/.dlint.toml", "ignore = [\"DL3003\"]\n");
    let run = s.run_stdin(
        &[
            "check",
            "-f",
            "json",
            "--stdin-filename",
            "svc/Dockerfile",
            "-",
        ],
        BAD.as_bytes(),
    );
    assert_eq!(run.code, 1, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v[0]["file"], "svc/Dockerfile");
    // The configuration next to the stdin name applies.
    assert!(
        !codes(&run.stdout).contains(&"DL3003".to_string()),
        "{run:?}"
    );

    let anonymous = s.run_stdin(&["-f", "json", "-"], BAD.as_bytes());
    let v: serde_json::Value = serde_json::from_str(&anonymous.stdout).unwrap();
    assert_eq!(v[0]["file"], "-");
}

#[test]
fn no_colour_when_not_a_terminal_or_asked() {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    let run = s.run(&["Dockerfile"]);
    assert!(
        !run.stdout.contains('\x1b'),
        "piped output has no escapes: {run:?}"
    );
}

/// Runs dlint on a pseudo-terminal through util-linux's `script` (Debian's essential
/// `bsdutils`), so that stdout is a terminal.
fn run_on_terminal(s: &Scratch, args: &str, no_color_env: bool) -> String {
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(s.path())
        .args(["-qec", &format!("{} {args}", common::BIN), "/dev/null"])
        .env_remove("NO_COLOR");
    if no_color_env {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd
        .output()
        .expect("util-linux `script` is needed to run dlint on a terminal");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn colour_on_a_terminal_unless_disabled() {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    let tty = run_on_terminal(&s, "--select DL3003 Dockerfile", false);
    assert!(tty.contains("\x1b[1;33mwarning[DL3003]"), "{tty:?}");
    let env = run_on_terminal(&s, "--select DL3003 Dockerfile", true);
    assert!(
        env.contains("warning[DL3003]") && !env.contains('\x1b'),
        "{env:?}"
    );
    let flag = run_on_terminal(&s, "--no-color --select DL3003 Dockerfile", false);
    assert!(
        flag.contains("warning[DL3003]") && !flag.contains('\x1b'),
        "{flag:?}"
    );
}

#[test]
fn statistics_count_per_rule() {
    let s = Scratch::new();
    s.write("a/Dockerfile", BAD);
    s.write("b/Dockerfile", BAD);
    let run = s.run(&["--statistics", "-f", "json", "a", "b"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let row = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "StageNameCasing")
        .expect("a StageNameCasing row");
    assert_eq!(row["count"], 2);
    assert_eq!(row["fixable"], 2);
    let text = s.run(&["--statistics", "a", "b"]);
    assert!(
        text.stdout
            .lines()
            .any(|l| l.starts_with("2  StageNameCasing") && l.contains("[*]")),
        "{text:?}"
    );
}

#[test]
fn output_file() {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    let run = s.run(&["-f", "json", "-o", "report.json", "Dockerfile"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(codes(&s.read("report.json")).contains(&"StageNameCasing".to_string()));
}

#[test]
fn rules_explain_and_config_show() {
    let s = Scratch::new();
    let rules = s.run(&["rules"]);
    assert_eq!(rules.code, 0);
    let header = rules.stdout.lines().next().unwrap();
    assert!(
        header.starts_with("CODE") && header.contains("SEVERITY") && header.contains("FIXABLE")
    );
    let row = rules
        .stdout
        .lines()
        .find(|l| l.starts_with("StageNameCasing "))
        .expect("StageNameCasing is listed");
    assert!(
        row.contains("stage-name-casing") && row.contains("warning") && row.contains("yes"),
        "{row}"
    );

    let explain = s.run(&["explain", "stage-name-casing"]);
    assert_eq!(explain.code, 0, "{explain:?}");
    assert!(
        explain
            .stdout
            .starts_with("# StageNameCasing (stage-name-casing)"),
        "{explain:?}"
    );
    assert!(explain.stdout.contains("## What it does"), "{explain:?}");

    s.write(".dlint.toml", "failure-threshold = \"error\"\n");
    let show = s.run(&["config", "--show", "--ignore", "DL3003"]);
    assert_eq!(show.code, 0, "{show:?}");
    assert!(show.stdout.contains(".dlint.toml"), "{show:?}");
    let ignore = show
        .stdout
        .lines()
        .find(|l| l.starts_with("ignore "))
        .unwrap();
    assert!(
        ignore.contains("DL3003") && ignore.ends_with("# command line"),
        "{ignore}"
    );
}

#[test]
fn buildkit_dump() {
    let s = Scratch::new();
    s.write("Dockerfile", "FROM alpine\nRUN echo hi\n");
    let ok = s.run(&["debug", "buildkit-dump", "Dockerfile"]);
    assert_eq!(ok.code, 0, "{ok:?}");
    assert_eq!(ok.stdout, "(from \"alpine\")\n(run \"echo hi\")\n");

    s.write("bad", "# escape=x\nFROM alpine\n");
    let bad = s.run(&["debug", "buildkit-dump", "bad"]);
    assert_eq!(bad.code, 1, "{bad:?}");
    assert!(bad.stdout.is_empty());
    assert!(bad.stderr.starts_with("bad:1:"), "{bad:?}");

    s.write("bin", b"\xff\xfe\x00");
    let bin = s.run(&["debug", "buildkit-dump", "bin"]);
    assert_eq!(bin.code, 2, "{bin:?}");
    assert!(bin.stderr.contains("bin: binary file"), "{bin:?}");
}

/// ShellCheck costs external processes, so batch runs use it only when asked:
/// `--shellcheck` or `shellcheck = true` in the config; `--no-shellcheck` wins over the
/// config. Asking for it without a binary is said once on stderr.
#[test]
fn shellcheck_is_opt_in_in_batch_runs() {
    let s = Scratch::new();
    s.write("Dockerfile", "FROM alpine:3.20\nRUN echo $HOME\n");
    let sc = |run: &common::Run| codes(&run.stdout).iter().any(|c| c.starts_with("SC"));

    let plain = s.run(&["check", "-f", "json", "Dockerfile"]);
    assert!(!sc(&plain), "{plain:?}");
    let asked = s.run(&["check", "--shellcheck", "-f", "json", "Dockerfile"]);
    assert!(
        codes(&asked.stdout).contains(&"SC2086".to_string()),
        "needs shellcheck on PATH (scripts/install-test-deps installs it): {asked:?}"
    );

    s.write(".dlint.toml", "shellcheck = true\n");
    let configured = s.run(&["check", "-f", "json", "Dockerfile"]);
    assert!(sc(&configured), "{configured:?}");
    let refused = s.run(&["check", "--no-shellcheck", "-f", "json", "Dockerfile"]);
    assert!(!sc(&refused), "{refused:?}");
    let both = s.run(&["check", "--shellcheck", "--no-shellcheck", "Dockerfile"]);
    assert_eq!(both.code, 2, "{both:?}");

    let missing = std::process::Command::new(common::BIN)
        .args(["check", "--shellcheck", "-f", "json", "Dockerfile"])
        .current_dir(s.path())
        .env("DLINT_SHELLCHECK", s.path().join("no-such-shellcheck"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(
        stderr.matches("ShellCheck checks skipped").count(),
        1,
        "{stderr}"
    );
}
