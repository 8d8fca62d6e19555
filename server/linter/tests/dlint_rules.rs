//! dlint's own checks (BuildKit's instruction-level errors) on small fixtures, with
//! exact ranges and messages.

use crate::common;

use crate::common::{check, fixed};
use dlint_linter::{lint, Settings};

#[test]
fn unknown_instruction_with_suggestion_and_fix() {
    check(
        &["DF002"],
        "FROM alpine\n\
         RUNN echo hi\n\
         ^^^^ DF002: unknown instruction: RUNN (did you mean RUN?)\n\
         BOGUSWORD x\n\
         ^^^^^^^^^ DF002: unknown instruction: BOGUSWORD\n",
    );
    assert_eq!(fixed(&["DF002"], "FROM a\nrunn x\n"), "FROM a\nrun x\n");
}

#[test]
fn no_build_stage() {
    check(
        &["DF003"],
        "ARG A\n\
         RUN x\n\
         ^^^ DF003: no build stage in current context\n\
         ENV y=1\n\
         FROM alpine\n",
    );
    // The parser or this rule reports an empty file, never both.
    let result = dlint_linter::lint(
        "# only a comment\n",
        None,
        &common::only(&["DF001", "DF003"]),
    );
    let messages: Vec<&str> = result
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages, ["file with no instructions"]);
}

#[test]
fn invalid_from() {
    check(
        &["DF004"],
        "FROM alpine AS 1st\n\
         \x20              ^^^ DF004: invalid name for build stage: \"1st\", name can't start with a number or contain symbols\n\
         FROM alpine extra\n\
         \x20    ^^^^^^^^^^^^ DF004: FROM requires either one or three arguments\n\
         FROM alpine AS ok.name-1_x\n",
    );
}

#[test]
fn invalid_flags() {
    check(
        &["DF005"],
        "FROM --platform=linux/amd64 --plat=x alpine\n\
         \x20                           ^^^^^^^^ DF005: unknown flag: --plat\n\
         COPY --chmown=a:a --link=maybe --from=x --from=y . /\n\
         \x20    ^^^^^^^^^^^^ DF005: unknown flag: --chmown (did you mean --chown?)\n\
         \x20                        ^^^^^ DF005: expecting boolean value for flag link, not: maybe\n\
         \x20                                       ^^^^^^^^ DF005: duplicate flag specified: from\n\
         RUN --mount=type=cache,target=/a --mount=type=tmpfs,target=/b --network true\n\
         \x20                                                             ^^^^^^^^^ DF005: missing a value on flag: network\n\
         ENV --x=1 A=b\n\
         \x20   ^^^^^ DF005: unknown flag: --x\n",
    );
    assert_eq!(
        fixed(&["DF005"], "FROM a\nCOPY --chmown=a . /\n"),
        "FROM a\nCOPY --chown=a . /\n"
    );
}

#[test]
fn invalid_flag_values() {
    check(
        &["DF006"],
        "FROM alpine\n\
         RUN --mount=type=nfs,target=/x --network=bridge --security=root true\n\
         \x20           ^^^^^^^^^^^^^^^^^^ DF006: unsupported mount type \"nfs\"\n\
         \x20                                        ^^^^^^ DF006: network mode \"bridge\" not supported by buildkit\n\
         \x20                                                          ^^^^ DF006: security mode \"root\" not supported by buildkit\n\
         RUN --mount=type=cache,taget=/x true\n\
         \x20           ^^^^^^^^^^^^^^^^^^^ DF006: unexpected key 'taget' in 'taget=/x'\n\
         HEALTHCHECK --interval=30 --timeout=10x --start-period=1us --retries=-1 CMD true\n\
         \x20                      ^^ DF006: time: missing unit in duration \"30\"\n\
         \x20                                   ^^^ DF006: time: unknown unit \"x\" in duration \"10x\"\n\
         \x20                                                      ^^^ DF006: Interval \"start-period\" cannot be less than 1ms\n\
         \x20                                                                    ^^ DF006: --retries cannot be negative (-1)\n\
         HEALTHCHECK --interval=0 --retries=0 CMD true\n",
    );
}

#[test]
fn invalid_arguments() {
    check(
        &["DF007"],
        "FROM alpine\n\
         COPY app.tar\n\
         \x20    ^^^^^^^ DF007: COPY requires at least two arguments, but only one was provided. Destination could not be determined.\n\
         COPY a b /dst\n\
         \x20        ^^^^ DF007: When using COPY with more than one source file, the destination must be a directory and end with a /\n\
         WORKDIR\n\
         ^^^^^^^ DF007: WORKDIR requires exactly one argument\n\
         SHELL /bin/bash -c\n\
         \x20     ^^^^^^^^^^^^ DF007: SHELL requires the arguments to be in JSON form\n\
         HEALTHCHECK NONE extra\n\
         \x20           ^^^^ DF007: HEALTHCHECK NONE takes no arguments\n\
         HEALTHCHECK CMD\n\
         \x20           ^^^ DF007: Missing command after HEALTHCHECK CMD\n\
         HEALTHCHECK RUN true\n\
         \x20           ^^^ DF007: Unknown type \"RUN\" in HEALTHCHECK (try CMD)\n\
         ARG =x\n\
         \x20   ^^ DF007: ARG names can not be blank\n\
         COPY a b /dst/\n",
    );
}

#[test]
fn invalid_expose_and_stop_signal() {
    check(
        &["DF008", "DF009"],
        "FROM alpine\n\
         EXPOSE 80 99999 80/http 8080/ 1-2\n\
         \x20         ^^^^^ DF008: invalid containerPort: 99999\n\
         \x20               ^^^^^^^ DF008: invalid proto: http\n\
         STOPSIGNAL SIGFOO\n\
         \x20          ^^^^^^ DF009: Invalid signal: SIGFOO\n\
         STOPSIGNAL 9\n\
         STOPSIGNAL $SIG\n",
    );
}

#[test]
fn exec_form_single_quotes_and_fix() {
    check(
        &["DF010"],
        "FROM nginx\n\
         CMD ['nginx', '-g', 'daemon off;']\n\
         \x20   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ DF010: JSON arrays need double quotes; with single quotes CMD does not read this as a JSON array\n\
         CMD [\"nginx\"]\n",
    );
    assert_eq!(
        fixed(&["DF010"], "FROM a\nCMD ['a', 'b c']\n"),
        "FROM a\nCMD [\"a\", \"b c\"]\n"
    );
}

#[test]
fn invalid_stage_references() {
    check(
        &["DF011"],
        "FROM alpine AS a\n\
         COPY --from=a /x /y\n\
         \x20           ^ DF011: circular dependency detected on stage: a\n\
         COPY --from=b /x /y\n\
         \x20           ^ DF011: stage \"b\" is defined later in the file; here \"b\" is looked up as an image\n\
         COPY --from=$STAGE /x /y\n\
         \x20           ^^^^^^ DF011: variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround\n\
         COPY --from=1 /x /y\n\
         \x20           ^ DF011: invalid from flag value 1: refers to current or future build stage\n\
         FROM alpine AS b\n\
         COPY --from=a /x /y\n\
         COPY --from=0 /x /y\n",
    );
}

#[test]
fn invalid_onbuild() {
    check(
        &["DF012"],
        "FROM alpine\n\
         ONBUILD ONBUILD RUN x\n\
         \x20       ^^^^^^^ DF012: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed\n\
         ONBUILD FROM debian\n\
         \x20       ^^^^ DF012: FROM isn't allowed as an ONBUILD trigger\n\
         ONBUILD RUN ok\n",
    );
}

#[test]
fn variable_expansion_errors() {
    check(
        &["DF013"],
        "FROM alpine\n\
         ENV A=${B:1:2}\n\
         \x20     ^^^^^^^^ DF013: unsupported modifier (1) in substitution\n\
         LABEL x=${}\n\
         \x20       ^^^ DF013: syntax error: bad substitution\n\
         WORKDIR /${C\n\
         \x20        ^^^ DF013: syntax error: missing '}'\n\
         ENV Q=\"open\n\
         \x20     ^^^^^ DF013: unexpected end of statement while looking for matching double-quote\n\
         RUN echo ${B:1:2}\n\
         ENV OK=${B:-x}${B#y}\n",
    );
}

#[test]
fn invalid_image_references() {
    check(
        &["DF014"],
        "FROM alpine:\n\
         \x20    ^^^^^^^ DF014: invalid reference format\n\
         FROM Ubuntu AS u\n\
         \x20    ^^^^^^ DF014: invalid reference format: repository name must be lowercase\n\
         COPY --from=u / /\n\
         COPY --from=^x / /\n\
         \x20           ^^ DF014: invalid reference format\n\
         FROM alpine:${TAG}\n",
    );
}

#[test]
fn build_tools_in_the_final_stage() {
    // Each build-tool package word of the final stage, with its version or architecture
    // removed from the name; runtime packages and variables are not reported.
    check(
        &["DF015"],
        "FROM debian:12\n\
         RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 curl libssl-dev:amd64 $EXTRA\n\
         \x20                                                                ^^^^^^^^^^^^^^ DF015: build tool `gcc` stays in the final image; use a multi-stage build: install it in a build stage and copy only the results\n\
         \x20                                                                                    ^^^^^^^^^^^^^^^^ DF015: build tool `libssl-dev` stays in the final image; use a multi-stage build: install it in a build stage and copy only the results\n\
         RUN apk add --no-cache -t .tools git && apk add make\n\
         \x20                                ^^^ DF015: build tool `git` stays in the final image; use a multi-stage build: install it in a build stage and copy only the results\n\
         \x20                                               ^^^^ DF015: build tool `make` stays in the final image; use a multi-stage build: install it in a build stage and copy only the results\n",
    );
    // Build stages are where build tools belong; the final stage and its parents are not.
    check(
        &["DF015"],
        "FROM golang:1.23 AS build\n\
         RUN apt-get install -y make\n\
         FROM debian:12 AS base\n\
         RUN dnf -y install gcc-c++ golang-1.22\n\
         \x20                  ^^^^^^^ DF015: build tool `gcc-c++` stays in the final image; install it in a build stage and copy only the results into the final stage\n\
         \x20                          ^^^^^^^^^^^ DF015: build tool `golang` stays in the final image; install it in a build stage and copy only the results into the final stage\n\
         FROM base\n\
         RUN zypper in -y cmake\n\
         \x20                ^^^^^ DF015: build tool `cmake` stays in the final image; install it in a build stage and copy only the results into the final stage\n",
    );
}

#[test]
fn build_tools_removed_in_the_same_run_are_fine() {
    check(
        &["DF015"],
        "FROM alpine:3.20\n\
         RUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps\n\
         RUN apt-get install -y gcc make && make && apt-get purge -y --auto-remove gcc\n\
         \x20                          ^^^^ DF015: build tool `make` stays in the final image; use a multi-stage build: install it in a build stage and copy only the results\n\
         RUN savedAptMark=\"$(apt-mark showmanual)\"; apt-get install -y g++ cmake; cmake .; \\\n\
         \x20   apt-mark auto '.*' > /dev/null; apt-get purge -y --auto-remove\n\
         RUN yum install -y gcc && yum remove -y gcc\n\
         RUN apt-get remove -y git\n\
         ONBUILD RUN apt-get install -y gcc\n",
    );
    // Removing a tool in a later RUN does not take it out of the image.
    assert_eq!(
        df015_count(
            "FROM debian:12\nRUN apt-get install -y gcc\nRUN apt-get purge -y gcc\n",
            None
        ),
        1
    );
    let silent = [
        // Build environments by design: a toolchain base image (also through an ARG).
        "FROM golang:1.23\nRUN apt-get install -y git\n",
        "ARG REPO=mcr.microsoft.com/dotnet/sdk\nFROM $REPO:9.0-alpine\nRUN apk add clang\n",
        // Debian's idiom through xargs: every package installed before is auto-removed.
        "FROM debian:12\nRUN apt-get install -y dpkg-dev && \\\n    apt-mark showmanual | xargs apt-mark auto && apt-get purge -y --auto-remove\n",
        // PowerShell and cmd scripts are not read as POSIX shell.
        "FROM debian:12\nSHELL [\"pwsh\", \"-Command\"]\nRUN apt-get install -y gcc\n",
    ];
    for source in silent {
        assert_eq!(df015_count(source, None), 0, "{source}");
    }
    // Dev containers are development environments.
    let dev = std::path::Path::new("/src/project/.devcontainer/Dockerfile");
    assert_eq!(
        df015_count("FROM debian:12\nRUN apt-get install -y gcc\n", Some(dev)),
        0
    );
}

/// How many DF015 findings `source` gets.
fn df015_count(source: &str, path: Option<&std::path::Path>) -> usize {
    lint(source, path, &common::only(&["DF015"]))
        .diagnostics
        .len()
}

#[test]
fn build_tools_in_the_target_stage() {
    // With a build target, its stage is the image; the last stage is not built.
    let source = "FROM debian:12 AS dev\nRUN apt-get install -y gcc\nFROM debian:12 AS prod\nRUN apt-get install -y make\n";
    let mut settings = common::only(&["DF015"]);
    settings.target = Some("DEV".into());
    let found: Vec<String> = lint(source, None, &settings)
        .diagnostics
        .iter()
        .map(|d| source[d.span.range()].to_string())
        .collect();
    assert_eq!(found, ["gcc"]);
}

/// A temporary build context holding `Dockerfile` with `text`.
fn context_with(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, text).expect("write Dockerfile");
    (dir, path)
}

#[test]
fn missing_dockerignore_is_reported_once_at_the_first_whole_context_copy() {
    let annotated = "FROM node:22\n\
         COPY package.json ./\n\
         COPY --from=build . /x\n\
         ONBUILD COPY . /y\n\
         COPY ./ /app\n\
         \x20    ^^ DF016: this copies the whole build context, which has no .dockerignore (CONTEXT/.dockerignore); add one to keep .git, dependencies and secrets out of the image\n\
         ADD . /app\n";
    let source = common::strip_annotations(annotated);
    let (dir, path) = context_with(&source);
    let result = lint(&source, Some(&path), &common::only(&["DF016"]));
    let rendered = common::render(&source, &result.diagnostics)
        .replace(&dir.path().display().to_string(), "CONTEXT");
    assert_eq!(rendered, annotated);
}

#[test]
fn missing_dockerignore_accepts_every_ignore_file_and_needs_a_path() {
    let source = "FROM alpine\nCOPY [\".\", \"/app\"]\n";
    let settings = common::only(&["DF016"]);
    let count = |path: Option<&std::path::Path>, settings: &Settings| {
        lint(source, path, settings).diagnostics.len()
    };
    // Standard input and unsaved editor buffers: no path, no finding.
    assert_eq!(count(None, &settings), 0);
    let (dir, path) = context_with(source);
    assert_eq!(count(Some(&path), &settings), 1);
    for name in [
        ".dockerignore",
        ".containerignore",
        "Dockerfile.dockerignore",
    ] {
        let ignore = dir.path().join(name);
        std::fs::write(&ignore, ".git\n").unwrap();
        assert_eq!(count(Some(&path), &settings), 0, "{name}");
        std::fs::remove_file(&ignore).unwrap();
    }
    // A configured context is where the .dockerignore must be.
    let sub = dir.path().join("ctx");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(dir.path().join(".dockerignore"), ".git\n").unwrap();
    let mut elsewhere = settings.clone();
    elsewhere.context_dir = Some(sub.clone());
    assert_eq!(count(Some(&path), &elsewhere), 1);
    std::fs::write(sub.join(".dockerignore"), ".git\n").unwrap();
    assert_eq!(count(Some(&path), &elsewhere), 0);
}
