//! BuildKit's checks on small fixtures, with exact ranges and messages.

use crate::common;

use crate::common::{check, check_with, fixed, only};

#[test]
fn stage_name_casing_and_fix_renames_references() {
    check(
        &["StageNameCasing"],
        "FROM alpine AS Builder\n\
         \x20              ^^^^^^^ StageNameCasing: Stage name 'Builder' should be lowercase\n\
         FROM Builder\n\
         COPY --from=BUILDER /a /b\n",
    );
    assert_eq!(
        fixed(&["StageNameCasing"], "FROM alpine AS Builder\nFROM Builder\nCOPY --from=BUILDER /a /b\nRUN --mount=type=cache,from=Builder,target=/x true\n"),
        "FROM alpine AS builder\nFROM builder\nCOPY --from=builder /a /b\nRUN --mount=type=cache,from=builder,target=/x true\n"
    );
}

#[test]
fn from_as_casing() {
    check(
        &["FromAsCasing"],
        "FROM alpine as a\n\
         \x20           ^^ FromAsCasing: 'as' and 'FROM' keywords' casing do not match\n\
         from alpine AS b\n\
         \x20           ^^ FromAsCasing: 'AS' and 'from' keywords' casing do not match\n\
         From alpine as c\n\
         FROM alpine AS d\n",
    );
    assert_eq!(
        fixed(&["FromAsCasing"], "FROM alpine as a\n"),
        "FROM alpine AS a\n"
    );
}

#[test]
fn no_empty_continuation_reports_once_and_fix_removes_lines() {
    let src = "FROM alpine\nRUN echo a \\\n\n  b \\\n   \n  c\n";
    let result = dlint_linter::lint(src, None, &only(&["NoEmptyContinuation"]));
    assert_eq!(result.diagnostics.len(), 1, "{:?}", result.diagnostics);
    assert_eq!(result.diagnostics[0].message, "Empty continuation line");
    assert_eq!(
        fixed(&["NoEmptyContinuation"], src),
        "FROM alpine\nRUN echo a \\\n  b \\\n  c\n"
    );
}

#[test]
fn consistent_instruction_casing() {
    check(
        &["ConsistentInstructionCasing"],
        "FROM alpine\n\
         run echo\n\
         ^^^ ConsistentInstructionCasing: Command 'run' should match the case of the command majority (uppercase)\n\
         Cmd x\n\
         ^^^ ConsistentInstructionCasing: Command 'Cmd' should match the case of the command majority (uppercase)\n",
    );
    // Lowercase needs a strict majority.
    check(
        &["ConsistentInstructionCasing"],
        "from alpine\n\
         run echo\n\
         CMD x\n\
         ^^^ ConsistentInstructionCasing: Command 'CMD' should match the case of the command majority (lowercase)\n",
    );
}

#[test]
fn duplicate_and_reserved_stage_names() {
    check(
        &["DuplicateStageName", "ReservedStageName"],
        "FROM alpine AS build\n\
         FROM alpine AS Build\n\
         \x20              ^^^^^ DuplicateStageName: Duplicate stage name \"build\", stage names should be unique\n\
         FROM alpine AS context\n\
         \x20              ^^^^^^^ ReservedStageName: Stage name should not use the same name as reserved stage \"context\"\n",
    );
}

#[test]
fn json_args_recommended() {
    check(
        &["JSONArgsRecommended"],
        "FROM alpine\n\
         cmd echo hi\n\
         \x20   ^^^^^^^ JSONArgsRecommended: JSON arguments recommended for cmd to prevent unintended behavior related to OS signals\n\
         ENTRYPOINT [\"a\"]\n\
         FROM alpine AS b\n\
         SHELL [\"/bin/bash\", \"-c\"]\n\
         CMD echo hi\n\
         FROM b\n\
         CMD echo inherited shell\n",
    );
    assert_eq!(
        fixed(&["JSONArgsRecommended"], "FROM node\nCMD node server.js\n"),
        "FROM node\nCMD [\"node\", \"server.js\"]\n"
    );
}

#[test]
fn multiple_instructions_report_the_earlier_ones() {
    check(
        &["MultipleInstructionsDisallowed"],
        "FROM alpine\n\
         CMD a\n\
         ^^^ MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used\n\
         HEALTHCHECK NONE\n\
         CMD b\n\
         FROM alpine\n\
         CMD c\n",
    );
}

#[test]
fn legacy_key_value_format_and_fix() {
    check(
        &["LegacyKeyValueFormat"],
        "FROM alpine\n\
         ENV A 1\n\
         ^^^^^^^ LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format\n\
         LABEL b=2\n",
    );
    assert_eq!(
        fixed(&["LegacyKeyValueFormat"], "FROM a\nENV A 1\n"),
        "FROM a\nENV A=1\n"
    );
    assert_eq!(
        fixed(&["LegacyKeyValueFormat"], "FROM a\nENV A 1 B 2\n"),
        "FROM a\nENV A=\"1 B 2\"\n"
    );
}

#[test]
fn expose_checks() {
    check(
        &["ExposeProtoCasing", "ExposeInvalidFormat"],
        "FROM alpine\n\
         EXPOSE 80/TCP 8080:80 443/tcp\n\
         \x20      ^^^^^^ ExposeProtoCasing: Defined protocol '80/TCP' in EXPOSE instruction should be lowercase\n\
         \x20             ^^^^^^^ ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80'\n",
    );
    assert_eq!(
        fixed(&["ExposeProtoCasing"], "FROM a\nEXPOSE 80/TCP\n"),
        "FROM a\nEXPOSE 80/tcp\n"
    );
}

#[test]
fn secrets_in_arg_or_env() {
    check(
        &["SecretsUsedInArgOrEnv"],
        "ARG GLOBAL_TOKEN\n\
         FROM alpine\n\
         ENV DB_PASSWORD=x PUBLIC_KEY=y\n\
         \x20   ^^^^^^^^^^^ SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV \"DB_PASSWORD\")\n",
    );
}

#[test]
fn workdir_relative_path_follows_stage_chains() {
    check(
        &["WorkdirRelativePath"],
        "FROM alpine AS a\n\
         WORKDIR app\n\
         \x20       ^^^ WorkdirRelativePath: Relative workdir \"app\" can have unexpected results if the base image changes\n\
         WORKDIR more\n\
         FROM alpine AS b\n\
         WORKDIR /abs\n\
         FROM b\n\
         WORKDIR rel\n",
    );
}

#[test]
fn platform_rules() {
    check(
        &["RedundantTargetPlatform", "FromPlatformFlagConstDisallowed"],
        "FROM --platform=$TARGETPLATFORM alpine\n\
         \x20    ^^^^^^^^^^^^^^^^^^^^^^^^^^ RedundantTargetPlatform: Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior\n\
         FROM --platform=linux/amd64 alpine AS build\n\
         \x20    ^^^^^^^^^^^^^^^^^^^^^^ FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value \"linux/amd64\"\n\
         FROM --platform=linux/amd64 alpine AS build_amd64\n\
         FROM --platform=linux/arm64 alpine AS linux-tools\n\
         FROM --platform=$BUILDPLATFORM alpine\n",
    );
    assert_eq!(
        fixed(
            &["RedundantTargetPlatform"],
            "FROM --platform=$TARGETPLATFORM alpine\n"
        ),
        "FROM alpine\n"
    );
}

#[test]
fn undefined_arg_in_from_with_suggestion() {
    check(
        &["UndefinedArgInFrom"],
        "ARG TAG=1\n\
         FROM --platform=$BUILDPLATFROM alpine:$TAG\n\
         \x20               ^^^^^^^^^^^^^^ UndefinedArgInFrom: FROM argument 'BUILDPLATFROM' is not declared (did you mean BUILDPLATFORM?)\n\
         FROM alpine:${VERSION:-3}\n\
         \x20           ^^^^^^^^^^^^^ UndefinedArgInFrom: FROM argument 'VERSION' is not declared\n",
    );
}

#[test]
fn invalid_default_arg_in_from() {
    check(
        &["InvalidDefaultArgInFrom"],
        "ARG TAG\n\
         ARG VARIANT\n\
         ARG V2=3.14\n\
         FROM busybox:${TAG}\n\
         \x20    ^^^^^^^^^^^^^^ InvalidDefaultArgInFrom: Default value for ARG busybox:${TAG} results in empty or invalid base image name\n\
         FROM busybox:stable${VARIANT}\n\
         FROM busybox:${TAG:-3.14}\n\
         FROM alpine:$V2\n",
    );
}

#[test]
fn undefined_var() {
    check(
        &["UndefinedVar"],
        "FROM scratch AS base\n\
         ARG VERSION=1\n\
         ENV A=$VERSOIN B=${C:-x}\n\
         \x20     ^^^^^^^^ UndefinedVar: Usage of undefined variable '$VERSOIN' (did you mean $VERSION?)\n\
         \x20                ^^^^^^^ UndefinedVar: Usage of undefined variable '$C'\n\
         RUN echo $NOT_CHECKED\n\
         ENV PATH=$PATH:/x\n\
         COPY $A /x\n\
         FROM base\n\
         WORKDIR /$VERSION/$BUILDKIT_SBOM_SCAN_STAGE\n\
         FROM alpine\n\
         ENV P=$PATH:$lower\n\
         \x20           ^^^^^^ UndefinedVar: Usage of undefined variable '$lower'\n",
    );
}

#[test]
fn copy_ignored_file_reads_the_context_dockerignore() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".dockerignore"), "*.log\nsecret/\n").unwrap();
    let path = dir.path().join("Dockerfile");
    check_with(
        &only(&["CopyIgnoredFile"]),
        Some(&path),
        "FROM alpine\n\
         COPY ./app.log secret/x src /dst/\n\
         \x20    ^^^^^^^^^ CopyIgnoredFile: Attempting to Copy file \"app.log\" that is excluded by .dockerignore\n\
         \x20              ^^^^^^^^ CopyIgnoredFile: Attempting to Copy file \"secret/x\" that is excluded by .dockerignore\n\
         COPY --from=build app.log /\n\
         ADD https://example.com/a.log /\n",
    );
    // A `!` exception disables the rule, as in BuildKit.
    std::fs::write(dir.path().join(".dockerignore"), "*.log\n!keep.log\n").unwrap();
    check_with(
        &only(&["CopyIgnoredFile"]),
        Some(&path),
        "FROM alpine\nCOPY app.log /\n",
    );
    // `<Dockerfile>.dockerignore` wins over the context's file.
    std::fs::write(dir.path().join("Dockerfile.dockerignore"), "src\n").unwrap();
    check_with(
        &only(&["CopyIgnoredFile"]),
        Some(&path),
        "FROM alpine\n\
         COPY src/main.c /\n\
         \x20    ^^^^^^^^^^ CopyIgnoredFile: Attempting to Copy file \"src/main.c\" that is excluded by .dockerignore\n",
    );
}

#[test]
fn invalid_definition_description_when_enabled() {
    check(
        &["InvalidDefinitionDescription"],
        "# compile it\n\
         ^^^^^^^^^^^^ InvalidDefinitionDescription: Comment for FROM should follow the format: `# build <description>`\n\
         FROM alpine AS build\n\
         # A the first\n\
         # B the second\n\
         ^^^^^^^^^^^^^^ InvalidDefinitionDescription: Comment for ARG should follow the format: `# <arg_key> <description>`\n\
         ARG A C\n\
         # D describes it\n\
         ARG D=1\n",
    );
}

#[test]
fn maintainer_fix_writes_a_label() {
    assert_eq!(
        fixed(
            &["MaintainerDeprecated"],
            "FROM a\nMAINTAINER Jane \"JD\" Doe\n"
        ),
        "FROM a\nLABEL org.opencontainers.image.authors=\"Jane \\\"JD\\\" Doe\"\n"
    );
}

#[test]
fn registry_facts_enable_platform_env_and_shell_checks() {
    let settings = only(&[
        "InvalidBaseImagePlatform",
        "UndefinedVar",
        "JSONArgsRecommended",
    ]);
    let src = "FROM --platform=linux/amd64 example/arm-only AS a\n\
               FROM example/python AS p\n\
               ENV V=$PYTHON_VERSION W=$UNSET_UPPER\n\
               FROM example/windows AS w\n\
               CMD echo hi\n\
               FROM alpine\n\
               ENV X=$UNKNOWN_UPPER\n";
    let result = common::lint_with_registry(src, None, &settings);
    let found: Vec<(&str, &str)> = result
        .diagnostics
        .iter()
        .map(|d| (d.code, &src[d.span.range()]))
        .collect();
    assert_eq!(
        found,
        [
            ("InvalidBaseImagePlatform", "example/arm-only"),
            ("UndefinedVar", "$UNSET_UPPER")
        ]
    );
    assert_eq!(
        result.diagnostics[0].message,
        "Base image example/arm-only was pulled with platform \"linux/arm64\", expected \"linux/amd64\" for current build"
    );
    // Without facts, none of this is known: no platform check, upper-case names pass.
    let plain = dlint_linter::lint(src, None, &settings);
    let codes: Vec<&str> = plain.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["JSONArgsRecommended"]);
}

#[test]
fn workdir_fix_makes_the_path_absolute() {
    assert_eq!(
        fixed(&["WorkdirRelativePath"], "FROM a\nWORKDIR app\n"),
        "FROM a\nWORKDIR /app\n"
    );
}
