//! Every hadolint rule on small fixtures: the exact range and message of each finding
//! (as annotations under the source line), the cases it must not report, and the text
//! its fix produces.

use crate::hadolint_support;

use crate::common::check_with;
use dlint_linter::{apply_edits, lint, Applicability};

/// Lints the annotated fixture with only `rules` (plus `extra` configuration, see
/// [`hadolint_support::settings`]) and compares findings with the annotations.
fn check(rules: &[&str], extra: &str, annotated: &str) {
    check_with(&hadolint_support::settings(rules, extra), None, annotated);
}

/// The text after applying the `nth` fix the rules offer on `source`, and its applicability.
fn fix(rules: &[&str], source: &str, nth: usize) -> (Applicability, String) {
    let result = lint(source, None, &hadolint_support::settings(rules, ""));
    let fixes: Vec<_> = result
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .collect();
    let f = fixes
        .get(nth)
        .unwrap_or_else(|| panic!("no fix #{nth} for {source:?}: {:?}", result.diagnostics));
    (
        f.applicability,
        apply_edits(source, &f.edits).expect("fix edits apply"),
    )
}

#[test]
fn dl1001_ignore_pragmas() {
    check(
        &["DL1001"],
        "",
        "FROM debian:12\n# hadolint ignore=DL3008\n^^^^^^^^^^^^^^^^^^^^^^^^ DL1001: an ignore pragma silences the linter here\nRUN true\n# hadolint shell=bash\nRUN true\n",
    );
}

#[test]
fn dl3000_relative_workdir() {
    check(
        &["DL3000"],
        "",
        "FROM debian:12\nWORKDIR app\n        ^^^ DL3000: use an absolute WORKDIR path\nWORKDIR /app\nWORKDIR $HOME/x\nWORKDIR C:\\\\app\n",
    );
}

#[test]
fn dl3001_pointless_commands() {
    check(
        &["DL3001"],
        "",
        "FROM debian:12\nRUN apt-get install -y ssh && service ssh start\n                              ^^^^^^^ DL3001: `service` has no use in a build step\n",
    );
}

#[test]
fn dl3002_final_user_root() {
    check(
        &["DL3002"],
        "",
        "FROM debian:12 AS build\nUSER root\nFROM build\nRUN true\nFROM debian:12\nUSER 0:0\n     ^^^ DL3002: the image runs as root; switch to another user last\n",
    );
}

#[test]
fn dl3002_build_stage_root_is_fine() {
    check(
        &["DL3002"],
        "",
        "FROM debian:12 AS build\nUSER root\nFROM debian:12\nUSER app\n",
    );
}

#[test]
fn dl3003_cd() {
    check(
        &["DL3003"],
        "",
        "FROM debian:12\nRUN make && \\\n    cd /src && make install\n    ^^^^^^^ DL3003: use WORKDIR to change directory\n",
    );
}

#[test]
fn dl3004_sudo() {
    check(
        &["DL3004"],
        "",
        "FROM debian:12\nRUN sudo -u app make\n    ^^^^ DL3004: do not use sudo in a build step\n",
    );
}

#[test]
fn dl3006_untagged() {
    check(
        &["DL3006"],
        "",
        "FROM debian AS base\n     ^^^^^^ DL3006: pin the version of `debian` with a tag\nFROM base\nFROM scratch\nFROM img${TAG}\nFROM debian:12\n",
    );
}

#[test]
fn dl3007_latest() {
    check(
        &["DL3007"],
        "",
        "FROM debian:latest\n     ^^^^^^^^^^^^^ DL3007: the `latest` tag changes over time; pin a version\nFROM debian:latest@sha256:0123456789abcdef\n",
    );
}

#[test]
fn dl3008_apt_pins() {
    check(
        &["DL3008"],
        "",
        "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n      curl=7.88 \\\n      git \\\n      ^^^ DL3008: pin the version of `git` (apt-get install pkg=version)\n      ./local.deb\n",
    );
}

#[test]
fn dl3009_apt_lists() {
    check(
        &["DL3009"],
        "",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n    ^^^^^^^^^^^^^^ DL3009: delete /var/lib/apt/lists after installing\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n",
    );
}

#[test]
fn dl3010_copy_then_untar() {
    check(
        &["DL3010"],
        "",
        "FROM debian:12\nCOPY app.tar.gz /opt/\nRUN tar -xzf /opt/app.tar.gz -C /opt\n             ^^^^^^^^^^^^^^^ DL3010: this archive was COPYed earlier; ADD would unpack it in one layer\n",
    );
}

#[test]
fn dl3011_port_range() {
    check(
        &["DL3011"],
        "",
        "FROM nginx:1\nEXPOSE 80 70000 1000-65536/udp\n          ^^^^^ DL3011: ports must be between 0 and 65535\n                ^^^^^^^^^^^^^^ DL3011: ports must be between 0 and 65535\n",
    );
}

#[test]
fn dl3012_two_healthchecks() {
    check(
        &["DL3012"],
        "",
        "FROM nginx:1\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n^^^^^^^^^^^ DL3012: only the last HEALTHCHECK of a stage takes effect\nFROM nginx:1\nHEALTHCHECK NONE\n",
    );
}

#[test]
fn dl3013_pip_pins() {
    check(
        &["DL3013"],
        "",
        "FROM python:3\nRUN pip install --no-cache-dir requests 'flask>=3' ./pkg -r req.txt\nRUN python3 -m pip install six\n                           ^^^ DL3013: pin the version of `six` (pip install pkg==version)\n",
    );
}

#[test]
fn dl3014_apt_yes() {
    check(
        &["DL3014"],
        "",
        "FROM debian:12\nRUN apt-get install curl && apt-get -qq install git\n    ^^^^^^^^^^^^^^^ DL3014: add -y: the build cannot answer apt-get's prompt\n",
    );
    assert_eq!(
        fix(
            &["DL3014"],
            "FROM debian:12\nRUN apt-get install curl && apt-get -qq install git\n",
            0
        ),
        (
            Applicability::Safe,
            "FROM debian:12\nRUN apt-get install -y curl && apt-get -qq install git\n".to_string()
        )
    );
}

#[test]
fn dl3015_no_recommends() {
    check(
        &["DL3015"],
        "",
        "FROM debian:12\nRUN apt-get install -y curl\n    ^^^^^^^^^^^^^^^ DL3015: add --no-install-recommends to avoid extra packages\n",
    );
    assert_eq!(
        fix(
            &["DL3015"],
            "FROM debian:12\nRUN apt-get install -y curl\n",
            0
        ),
        (
            Applicability::Unsafe,
            "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n".to_string()
        )
    );
}

#[test]
fn dl3016_npm_pins() {
    check(
        &["DL3016"],
        "",
        "FROM node:22\nRUN npm install -g typescript @scope/pkg@1.0.0 @scope/other\n                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ DL3016: pin the versions of `typescript` and `@scope/other` (npm install pkg@version)\n",
    );
}

#[test]
fn unpinned_packages_are_one_finding_per_install_command() {
    check(
        &["DL3008"],
        "",
        "FROM debian:12\nRUN apt-get install -y curl git=1:2.39 vim wget && apt-get install -y jq\n                       ^^^^^^^^^^^^^^^^^^^^^^^^ DL3008: pin the versions of `curl`, `vim` and `wget` (apt-get install pkg=version)\n                                                                      ^^ DL3008: pin the version of `jq` (apt-get install pkg=version)\n",
    );
}

#[test]
fn dl3018_apk_pins() {
    check(
        &["DL3018"],
        "",
        "FROM alpine:3\nRUN apk add --no-cache --virtual .deps curl git=2.45.0-r0\n                                       ^^^^ DL3018: pin the version of `curl` (apk add pkg=version)\n",
    );
}

#[test]
fn dl3019_apk_no_cache() {
    check(
        &["DL3019"],
        "",
        "FROM alpine:3\nRUN apk add curl=8.0\n    ^^^^^^^ DL3019: use --no-cache so the package cache is not kept\nRUN --mount=type=cache,target=/var/cache/apk apk add git=2.45\n",
    );
    assert_eq!(
        fix(&["DL3019"], "FROM alpine:3\nRUN apk add curl=8.0\nRUN --mount=type=cache,target=/var/cache/apk apk add git=2.45\n", 0),
        (Applicability::Safe, "FROM alpine:3\nRUN apk add --no-cache curl=8.0\nRUN --mount=type=cache,target=/var/cache/apk apk add git=2.45\n".to_string())
    );
}

#[test]
fn dl3020_add_local() {
    check(
        &["DL3020"],
        "",
        "FROM debian:12\nADD conf.yaml /etc/\n    ^^^^^^^^^ DL3020: use COPY for local files and folders\nADD app.tar.gz https://example.com/x.txt /opt/\n",
    );
    assert_eq!(
        fix(&["DL3020"], "FROM debian:12\nADD conf.yaml /etc/\nADD app.tar.gz https://example.com/x.txt /opt/\n", 0),
        (Applicability::Safe, "FROM debian:12\nCOPY conf.yaml /etc/\nADD app.tar.gz https://example.com/x.txt /opt/\n".to_string())
    );
}

#[test]
fn dl3021_copy_dest_dir() {
    check(
        &["DL3021"],
        "",
        "FROM debian:12\nCOPY a b /dest\n         ^^^^^ DL3021: with several sources the destination must end with `/`\nCOPY a b \"/quoted\"\n         ^^^^^^^^^ DL3021: with several sources the destination must end with `/`\nCOPY a b /ok/\n",
    );
    assert_eq!(
        fix(
            &["DL3021"],
            "FROM debian:12\nCOPY a b /dest\nCOPY a b \"/quoted\"\nCOPY a b /ok/\n",
            0
        ),
        (
            Applicability::Safe,
            "FROM debian:12\nCOPY a b /dest/\nCOPY a b \"/quoted\"\nCOPY a b /ok/\n".to_string()
        )
    );
    assert_eq!(
        fix(
            &["DL3021"],
            "FROM debian:12\nCOPY a b /dest\nCOPY a b \"/quoted\"\nCOPY a b /ok/\n",
            1
        ),
        (
            Applicability::Safe,
            "FROM debian:12\nCOPY a b /dest\nCOPY a b \"/quoted/\"\nCOPY a b /ok/\n".to_string()
        )
    );
}

#[test]
fn dl3022_copy_from_unknown() {
    check(
        &["DL3022"],
        "",
        "FROM golang:1 AS build\nFROM debian:12\nCOPY --from=biuld /a /b\n            ^^^^^ DL3022: `biuld` is not an earlier stage; name a stage or a tagged image\nCOPY --from=build /a /b\nCOPY --from=alpine:3 /a /b\nCOPY --from=$BASE /a /b\n",
    );
}

#[test]
fn dl3023_copy_from_self() {
    check(
        &["DL3023"],
        "",
        "FROM debian:12 AS app\nCOPY --from=app /a /b\n            ^^^ DL3023: a stage cannot copy from itself\n",
    );
}

#[test]
fn dl3024_duplicate_stage() {
    check(
        &["DL3024"],
        "",
        "FROM debian:12 AS build\nFROM alpine:3 AS Build\n                 ^^^^^ DL3024: stage name `Build` is already used\n",
    );
}

#[test]
fn dl3025_shell_form_cmd() {
    check(
        &["DL3025"],
        "",
        "FROM node:22\nCMD node server.js\n    ^^^^^^^^^^^^^^ DL3025: use the JSON form of CMD so that signals reach the process\nENTRYPOINT [\"node\"]\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
    );
    assert_eq!(
        fix(
            &["DL3025"],
            "FROM node:22\nCMD node server.js --port=80\n",
            0
        ),
        (
            Applicability::Unsafe,
            "FROM node:22\nCMD [\"node\", \"server.js\", \"--port=80\"]\n".to_string()
        )
    );
    // Shell syntax needs the shell: no fix.
    let result = lint(
        "FROM node:22\nCMD node server.js > /log 2>&1\nCMD exec \"$APP\"\n",
        None,
        &hadolint_support::settings(&["DL3025"], ""),
    );
    assert_eq!(result.diagnostics.len(), 2);
    assert!(result.diagnostics.iter().all(|d| d.fix.is_none()));
}

#[test]
fn dl3026_trusted_registries() {
    check(
        &["DL3026"],
        "trusted",
        "FROM registry.example.com/app:1\nFROM quay.io/x/y:1\n     ^^^^^^^^^^^^^ DL3026: registry `quay.io` is not trusted\nFROM debian:12\n     ^^^^^^^^^ DL3026: registry `docker.io` is not trusted\nCOPY --from=ghcr.io/a/b:1 /a /b\n            ^^^^^^^^^^^^^ DL3026: registry `ghcr.io` is not trusted\n",
    );
}

#[test]
fn dl3027_apt() {
    check(
        &["DL3027"],
        "",
        "FROM debian:12\nRUN apt install -y curl && apt list --installed\n    ^^^ DL3027: use apt-get (or apt-cache) in scripts\n                           ^^^ DL3027: use apt-get (or apt-cache) in scripts\n",
    );
    assert_eq!(
        fix(
            &["DL3027"],
            "FROM debian:12\nRUN apt install -y curl && apt list --installed\n",
            0
        ),
        (
            Applicability::Unsafe,
            "FROM debian:12\nRUN apt-get install -y curl && apt list --installed\n".to_string()
        )
    );
}

#[test]
fn dl3028_gem_pins() {
    check(
        &["DL3028"],
        "",
        "FROM ruby:3\nRUN gem install bundler:2.5 rails\n                            ^^^^^ DL3028: pin the version of `rails` (gem install name:version)\n",
    );
}

#[test]
fn dl3029_platform() {
    check(
        &["DL3029"],
        "",
        "FROM --platform=linux/amd64 debian:12\n     ^^^^^^^^^^^^^^^^^^^^^^ DL3029: a fixed --platform prevents multi-platform builds\nFROM --platform=$BUILDPLATFORM debian:12\n",
    );
}

#[test]
fn dl3030_yum_yes() {
    check(
        &["DL3030"],
        "",
        "FROM centos:7\nRUN yum install httpd-2.4 && yum clean all\n    ^^^^^^^^^^^ DL3030: add -y: the build cannot answer the prompt\n",
    );
    assert_eq!(
        fix(
            &["DL3030"],
            "FROM centos:7\nRUN yum install httpd-2.4 && yum clean all\n",
            0
        ),
        (
            Applicability::Safe,
            "FROM centos:7\nRUN yum install -y httpd-2.4 && yum clean all\n".to_string()
        )
    );
}

#[test]
fn dl3032_yum_clean() {
    check(
        &["DL3032"],
        "",
        "FROM centos:7\nRUN yum install -y httpd-2.4\n    ^^^^^^^^^^^ DL3032: clean the package cache in the same RUN\n",
    );
}

#[test]
fn dl3033_yum_pins() {
    check(
        &["DL3033"],
        "",
        "FROM centos:7\nRUN yum install -y httpd vim-8.0 && yum clean all\n                   ^^^^^ DL3033: pin the version of `httpd` (name-version)\n",
    );
}

#[test]
fn dl3034_zypper_yes() {
    check(
        &["DL3034"],
        "",
        "FROM opensuse/leap:15\nRUN zypper install httpd=2.4 && zypper clean\n    ^^^^^^^^^^^^^^ DL3034: add -y: the build cannot answer the prompt\n",
    );
    assert_eq!(
        fix(
            &["DL3034"],
            "FROM opensuse/leap:15\nRUN zypper install httpd=2.4 && zypper clean\n",
            0
        ),
        (
            Applicability::Safe,
            "FROM opensuse/leap:15\nRUN zypper install -y httpd=2.4 && zypper clean\n".to_string()
        )
    );
}

#[test]
fn dl3035_zypper_dup() {
    check(
        &["DL3035"],
        "",
        "FROM opensuse/leap:15\nRUN zypper dup -y\n           ^^^ DL3035: do not run a distribution upgrade in a build; use a newer base image\n",
    );
}

#[test]
fn dl3036_zypper_clean() {
    check(
        &["DL3036"],
        "",
        "FROM opensuse/leap:15\nRUN zypper install -y httpd=2.4\n    ^^^^^^^^^^^^^^ DL3036: clean the package cache in the same RUN\n",
    );
}

#[test]
fn dl3037_zypper_pins() {
    check(
        &["DL3037"],
        "",
        "FROM opensuse/leap:15\nRUN zypper install -y httpd && zypper clean\n                      ^^^^^ DL3037: pin the version of `httpd` (name=version)\n",
    );
}

#[test]
fn dl3038_dnf_yes() {
    check(
        &["DL3038"],
        "",
        "FROM fedora:41\nRUN dnf install httpd-2.4 && dnf clean all\n    ^^^^^^^^^^^ DL3038: add -y: the build cannot answer the prompt\n",
    );
    assert_eq!(
        fix(
            &["DL3038"],
            "FROM fedora:41\nRUN dnf install httpd-2.4 && dnf clean all\n",
            0
        ),
        (
            Applicability::Safe,
            "FROM fedora:41\nRUN dnf install -y httpd-2.4 && dnf clean all\n".to_string()
        )
    );
}

#[test]
fn dl3040_dnf_clean() {
    check(
        &["DL3040"],
        "",
        "FROM fedora:41\nRUN dnf install -y httpd-2.4\n    ^^^^^^^^^^^ DL3040: clean the package cache in the same RUN\n",
    );
}

#[test]
fn dl3041_dnf_pins() {
    check(
        &["DL3041"],
        "",
        "FROM fedora:41\nRUN dnf install -y httpd && dnf clean all\n                   ^^^^^ DL3041: pin the version of `httpd` (name-version)\n",
    );
}

#[test]
fn dl3042_pip_cache() {
    check(
        &["DL3042"],
        "",
        "FROM python:3\nRUN pip install six==1.16\n    ^^^^^^^^^^^ DL3042: use --no-cache-dir so pip's cache is not kept in the layer\nRUN PIP_NO_CACHE_DIR=1 pip install six==1.16\n",
    );
    assert_eq!(
        fix(&["DL3042"], "FROM python:3\nRUN pip install six==1.16\nRUN PIP_NO_CACHE_DIR=1 pip install six==1.16\n", 0),
        (Applicability::Safe, "FROM python:3\nRUN pip install --no-cache-dir six==1.16\nRUN PIP_NO_CACHE_DIR=1 pip install six==1.16\n".to_string())
    );
}

#[test]
fn dl3043_onbuild_triggers() {
    check(
        &["DL3043"],
        "",
        "FROM debian:12\nONBUILD FROM alpine\n        ^^^^ DL3043: FROM is not allowed as an ONBUILD trigger\nONBUILD RUN true\n",
    );
}

#[test]
fn dl3044_env_self_reference() {
    check(
        &["DL3044"],
        "",
        "FROM debian:12\nENV A=1 B=$A/x\n          ^^^^ DL3044: `A` is set in this same ENV; its new value is not visible here\nENV C=${A}\n",
    );
}

#[test]
fn dl3045_copy_relative() {
    check(
        &["DL3045"],
        "",
        "FROM debian:12\nCOPY a rel/\n       ^^^^ DL3045: relative destination without a WORKDIR; set WORKDIR first\nWORKDIR /app\nCOPY a rel/\n",
    );
}

#[test]
fn dl3046_useradd_uid() {
    check(
        &["DL3046"],
        "",
        "FROM debian:12\nRUN useradd -u 1000000 app\n    ^^^^^^^ DL3046: a large UID without -l makes lastlog/faillog huge\n",
    );
    assert_eq!(
        fix(
            &["DL3046"],
            "FROM debian:12\nRUN useradd -u 1000000 app\n",
            0
        ),
        (
            Applicability::Safe,
            "FROM debian:12\nRUN useradd -l -u 1000000 app\n".to_string()
        )
    );
}

#[test]
fn dl3047_wget_progress() {
    check(
        &["DL3047"],
        "",
        "FROM debian:12\nRUN wget https://x/y && wget -q https://x/z\n    ^^^^ DL3047: wget's progress output floods the build log; use --progress=dot:giga\n",
    );
    assert_eq!(
        fix(
            &["DL3047"],
            "FROM debian:12\nRUN wget https://x/y && wget -q https://x/z\n",
            0
        ),
        (
            Applicability::Safe,
            "FROM debian:12\nRUN wget --progress=dot:giga https://x/y && wget -q https://x/z\n"
                .to_string()
        )
    );
}

#[test]
fn dl3048_label_keys() {
    check(
        &["DL3048"],
        "",
        "FROM debian:12\nLABEL com.docker.x=1 ok.key=2 bad..key=3\n      ^^^^^^^^^^^^ DL3048: `com.docker.x` is not a valid label key\n                              ^^^^^^^^ DL3048: `bad..key` is not a valid label key\n",
    );
}

#[test]
fn dl3049_required_label() {
    check(
        &["DL3049"],
        "owner",
        "FROM debian:12\n     ^^^^^^^^^ DL3049: this image lacks the required label `owner`\nLABEL other=1\n",
    );
}

#[test]
fn dl3050_strict_labels() {
    check(
        &["DL3050"],
        "strict",
        "FROM debian:12\nLABEL owner=a ownr=b\n              ^^^^ DL3050: label `ownr` is not in the label schema\n",
    );
}

#[test]
fn dl3051_empty_label() {
    check(
        &["DL3051"],
        "schema",
        "FROM debian:12\nLABEL owner=\"\"\n            ^^ DL3051: label `owner` is empty\n",
    );
}

#[test]
fn dl3052_url_label() {
    check(
        &["DL3052"],
        "schema",
        "FROM debian:12\nLABEL owner=x source=example.com\n                     ^^^^^^^^^^^ DL3052: label `source` must be a URL\nLABEL source=https://example.com\n",
    );
}

#[test]
fn dl3053_rfc3339_label() {
    check(
        &["DL3053"],
        "schema",
        "FROM debian:12\nLABEL created=yesterday\n              ^^^^^^^^^ DL3053: label `created` must be an RFC 3339 date and time\nLABEL created=2024-05-01T10:00:00Z\n",
    );
}

#[test]
fn dl3054_spdx_label() {
    check(
        &["DL3054"],
        "schema",
        "FROM debian:12\nLABEL licenses=\"Apache 2\"\n               ^^^^^^^^^^ DL3054: label `licenses` must be an SPDX license expression\nLABEL licenses=\"MIT OR Apache-2.0\"\n",
    );
}

#[test]
fn dl3055_hash_label() {
    check(
        &["DL3055"],
        "schema",
        "FROM debian:12\nLABEL revision=main\n               ^^^^ DL3055: label `revision` must be a git commit hash\nLABEL revision=2dbfae9\n",
    );
}

#[test]
fn dl3056_semver_label() {
    check(
        &["DL3056"],
        "schema",
        "FROM debian:12\nLABEL version=v1\n              ^^ DL3056: label `version` must be a semantic version\nLABEL version=1.0.0-rc.1\n",
    );
}

#[test]
fn dl3057_no_healthcheck() {
    check(
        &["DL3057"],
        "",
        "FROM debian:12 AS base\nHEALTHCHECK NONE\nFROM debian:12\n     ^^^^^^^^^ DL3057: the image has no HEALTHCHECK\n",
    );
}

#[test]
fn dl3058_email_label() {
    check(
        &["DL3058"],
        "schema",
        "FROM debian:12\nLABEL maintainer=\"Jane\"\n                 ^^^^^^ DL3058: label `maintainer` must be an email address\nLABEL maintainer=\"Jane <jane@example.com>\"\n",
    );
}

#[test]
fn dl3059_consecutive_runs() {
    check(
        &["DL3059"],
        "",
        "FROM debian:12\nRUN mkdir /a\n# comment\nRUN mkdir /b\n^^^ DL3059: this RUN could be merged with the one before it\nRUN a && b\n",
    );
    assert_eq!(
        fix(
            &["DL3059"],
            "FROM debian:12\nRUN mkdir /a  \nRUN mkdir /b\n",
            0
        ),
        (
            Applicability::Unsafe,
            "FROM debian:12\nRUN mkdir /a && \\\n    mkdir /b\n".to_string()
        )
    );
    // A comment in between is not thrown away: no fix.
    let result = lint(
        "FROM debian:12\nRUN a\n# why\nRUN b\n",
        None,
        &hadolint_support::settings(&["DL3059"], ""),
    );
    assert_eq!(result.diagnostics.len(), 1);
    assert!(result.diagnostics[0].fix.is_none());
}

#[test]
fn dl3059_windows_scripts() {
    // Chained cmd commands on a Windows base image (cmd is its default shell) are a
    // deliberate split, as in POSIX scripts; single commands are still reported.
    check(
        &["DL3059"],
        "",
        "# escape=`\n\
         FROM mcr.microsoft.com/windows/servercore:ltsc2022\n\
         RUN curl -fSLo a.zip https://example.com/a.zip `\n\
         \x20   && tar -xf a.zip\n\
         RUN mkdir C:\\b && del a.zip\n\
         RUN echo \"a && b\"\n\
         RUN mkdir C:\\c\n\
         ^^^ DL3059: this RUN could be merged with the one before it\n",
    );
    // Without a SHELL in the file, the base image may have set PowerShell: `;` counts.
    check(
        &["DL3059"],
        "",
        "FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8\n\
         RUN Add-WindowsFeature A; Add-WindowsFeature B\n\
         RUN &$Env:windir\\appcmd set app\n\
         RUN echo c\n\
         ^^^ DL3059: this RUN could be merged with the one before it\n",
    );
    // PowerShell: `;` separates statements.
    check(
        &["DL3059"],
        "",
        "FROM debian:12\n\
         SHELL [\"pwsh\", \"-Command\"]\n\
         RUN $ErrorActionPreference = 'Stop'; Write-Host 'a; b'\n\
         RUN Write-Host 'c; d'\n\
         RUN Write-Host e\n\
         ^^^ DL3059: this RUN could be merged with the one before it\n",
    );
    // PowerShell 5 has no `&&`: no fix there. cmd scripts join with the file's escape.
    let powershell = "FROM debian:12\nSHELL [\"powershell\", \"-Command\"]\nRUN a\nRUN b\n";
    let result = lint(
        powershell,
        None,
        &hadolint_support::settings(&["DL3059"], ""),
    );
    assert_eq!(result.diagnostics.len(), 1);
    assert!(result.diagnostics[0].fix.is_none());
    assert_eq!(
        fix(
            &["DL3059"],
            "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN mkdir a\nRUN mkdir b\n",
            0
        ),
        (
            Applicability::Unsafe,
            "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nRUN mkdir a && `\n    mkdir b\n"
                .to_string()
        )
    );
}

#[test]
fn dl3060_yarn_cache() {
    check(
        &["DL3060"],
        "",
        "FROM node:22\nRUN yarn install\n    ^^^^^^^^^^^^ DL3060: clean yarn's cache in the same RUN\nRUN yarn install && yarn cache clean\n",
    );
}

#[test]
fn dl3061_from_first() {
    check(
        &["DL3061"],
        "",
        "ARG V=1\nLABEL x=1\n^^^^^ DL3061: a Dockerfile must start with FROM (or ARG)\nFROM debian:12\n",
    );
}

#[test]
fn dl3062_go_pins() {
    check(
        &["DL3062"],
        "",
        "FROM golang:1\nRUN go install example.com/a@latest example.com/b@v1.0.0 ./cmd/x\n               ^^^^^^^^^^^^^^^^^^^^ DL3062: pin the version of `example.com/a@latest` (pkg@vX.Y.Z)\n",
    );
}

#[test]
fn dl3063_reserved_stage() {
    check(
        &["DL3063"],
        "",
        "FROM debian:12 AS context\n                  ^^^^^^^ DL3063: `context` is a reserved name\n",
    );
}

#[test]
fn dl3064_secret_names() {
    check(
        &["DL3064"],
        "",
        "FROM debian:12\nARG GITHUB_TOKEN\n    ^^^^^^^^^^^^ DL3064: `GITHUB_TOKEN` looks like a secret; build arguments and ENV are kept in the image\nARG USERNAME=vscode\nENV DB_PASSWORD=x\n    ^^^^^^^^^^^ DL3064: `DB_PASSWORD` looks like a secret; build arguments and ENV are kept in the image\n",
    );
}

#[test]
fn dl3065_redundant_platform() {
    check(
        &["DL3065"],
        "",
        "FROM --platform=$TARGETPLATFORM alpine:3\n     ^^^^^^^^^^^^^^^^^^^^^^^^^^ DL3065: the target platform is the default; remove --platform\n",
    );
    assert_eq!(
        fix(&["DL3065"], "FROM --platform=$TARGETPLATFORM alpine:3\n", 0),
        (Applicability::Safe, "FROM alpine:3\n".to_string())
    );
}

#[test]
fn dl3066_numeric_user() {
    check(
        &["DL3066"],
        "",
        "FROM debian:12 AS build\nUSER builder\nFROM debian:12\nUSER app:app\n     ^^^^^^^ DL3066: use a numeric UID so policies can check it\n",
    );
}

#[test]
fn dl3066_variable_and_windows_users() {
    check(
        &["DL3066"],
        "",
        "FROM debian:12\nUSER $APP_UID\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n",
    );
}

#[test]
fn dl3067_whole_filesystem() {
    check(
        &["DL3067"],
        "",
        "FROM golang:1 AS build\nRUN go build\nFROM tonistiigi/xx AS xx\nFROM debian:12\nCOPY --from=build / /\n                  ^^^ DL3067: this copies the whole file system of another stage\nCOPY --from=xx / /\nFROM scratch\nCOPY --from=build / /\n",
    );
}

#[test]
fn dl4000_maintainer() {
    check(
        &["DL4000"],
        "",
        "FROM debian:12\nMAINTAINER Jane <jane@example.com>\n^^^^^^^^^^ DL4000: MAINTAINER is deprecated; use a label\n",
    );
    assert_eq!(
        fix(
            &["DL4000"],
            "FROM debian:12\nMAINTAINER Jane <jane@example.com>\n",
            0
        ),
        (
            Applicability::Unsafe,
            "FROM debian:12\nLABEL maintainer=\"Jane <jane@example.com>\"\n".to_string()
        )
    );
}

#[test]
fn dl4001_wget_and_curl() {
    check(
        &["DL4001"],
        "",
        "FROM debian:12\nRUN wget -q https://x\nRUN curl -fsSL https://y\n    ^^^^ DL4001: both wget and curl are used; use only one\n",
    );
}

#[test]
fn dl4003_two_cmds() {
    check(
        &["DL4003"],
        "",
        "FROM debian:12\nCMD [\"a\"]\nCMD [\"b\"]\n^^^ DL4003: only the last CMD of a stage takes effect\n",
    );
}

#[test]
fn dl4004_two_entrypoints() {
    check(
        &["DL4004"],
        "",
        "FROM debian:12\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\n^^^^^^^^^^ DL4004: only the last ENTRYPOINT of a stage takes effect\n",
    );
}

#[test]
fn dl4005_relink_sh() {
    check(
        &["DL4005"],
        "",
        "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n                     ^^^^^^^ DL4005: use SHELL instead of relinking /bin/sh\n",
    );
}

#[test]
fn dl4006_pipefail() {
    check(
        &["DL4006"],
        "",
        "FROM debian:12\nRUN curl -fsSL https://x | \\\n    sh\n~ DL4006 (2:5-3:7): set -o pipefail (SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]) so a failing command in the pipe fails the build\nRUN set -o pipefail && curl https://x | sh\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl https://x | sh\n",
    );
    assert_eq!(
        fix(&["DL4006"], "FROM alpine:3\n  RUN a | b\r\n", 0),
        (
            Applicability::DisplayOnly,
            "FROM alpine:3\n  SHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\r\n  RUN a | b\r\n".to_string()
        )
    );
    assert_eq!(
        fix(&["DL4006"], "FROM debian:12\nRUN a | b\n", 0).1,
        "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n"
    );
}

#[test]
fn dl4006_powershell_is_skipped() {
    check(
        &["DL4006", "DL3003"],
        "",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Item x | Select-Object Name; cd C:\\\\\n",
    );
}

#[test]
fn heredoc_positions() {
    check(
        &["DL3008", "DL3003"],
        "",
        "FROM debian:12\nRUN <<EOF\napt-get install -y curl\n                   ^^^^ DL3008: pin the version of `curl` (apt-get install pkg=version)\ncd /tmp\n^^^^^^^ DL3003: use WORKDIR to change directory\nEOF\n",
    );
}

#[test]
fn heredoc_for_python_is_not_shell() {
    check(
        &["DL3003"],
        "",
        "FROM python:3\nRUN python3 <<EOF\ncd = 1\nEOF\n",
    );
}

#[test]
fn onbuild_run_is_checked() {
    check(
        &["DL3004"],
        "",
        "FROM debian:12\nONBUILD RUN sudo make\n            ^^^^ DL3004: do not use sudo in a build step\n",
    );
}

/// ShellCheck findings land on the offending word, through continuation lines and in
/// heredoc bodies. Needs a `shellcheck` binary; without one the reason is printed.
#[test]
fn shellcheck_findings_have_exact_ranges() {
    if let Err(why) = dlint_linter::shellcheck::status() {
        println!("not run: {why}");
        return;
    }
    // Warm the cache as the batch CLI does; the findings must come out the same.
    dlint_linter::rules::hadolint::shellcheck::prewarm(
        &["FROM debian:12\nARG NAME\nRUN echo ok && \\\n    echo $undefined \"$NAME\"\n"],
        &hadolint_support::settings(&["ShellCheck"], ""),
    );
    check(
        &["ShellCheck"],
        "",
        "FROM debian:12\n\
         ARG NAME\n\
         RUN echo ok && \\\n\
         \x20   echo $undefined \"$NAME\"\n\
         \x20        ^^^^^^^^^^ SC2086: Double quote to prevent globbing and word splitting.\n\
         \x20        ^^^^^^^^^^ SC2154: undefined is referenced but not assigned.\n\
         RUN <<EOF\n\
         cd /tmp || exit\n\
         [[ -f x ]] && echo $HOME\n\
         ^^ SC3010: In POSIX sh, [[ ]] is undefined.\n\
         \x20                  ^^^^^ SC2086: Double quote to prevent globbing and word splitting.\n\
         EOF\n",
    );
}

#[test]
fn dl3009_dist_clean_removes_lists() {
    check(
        &["DL3009"],
        "",
        "FROM debian:13\nRUN apt-get update; apt-get install -y curl; apt-get dist-clean\n",
    );
}

#[test]
fn dl3022_and_dl3067_accept_named_images() {
    check(
        &["DL3022", "DL3067"],
        "",
        "FROM debian:12\n\
         COPY --from=docker.io/library/busybox /bin/nl /usr/bin/\n\
         COPY --from=org/tools / /\n\
         COPY --from=tools / /\n\
         \x20           ^^^^^ DL3022: `tools` is not an earlier stage; name a stage or a tagged image\n\
         \x20                 ^^^ DL3067: this copies the whole file system of another stage\n",
    );
}

#[test]
fn windows_images_default_to_cmd_and_are_not_analysed() {
    check(
        &["DL3003", "DL4006"],
        "",
        "ARG BASE=mcr.microsoft.com/windows/servercore:ltsc2022\n\
         FROM $BASE\n\
         RUN cd C:\\\\app | more\n\
         SHELL [\"cmd\", \"/S\", \"/C\"]\n\
         RUN cd C:\\\\app\n\
         FROM debian:12\n\
         RUN cd /app\n\
         \x20   ^^^^^^^ DL3003: use WORKDIR to change directory\n",
    );
}

/// Huge and deeply nested RUNs, invalid shell and odd bytes: every hadolint rule
/// finishes without an internal error and with ranges inside the text.
#[test]
fn pathological_runs_do_not_break_rules() {
    let mut settings = hadolint_support::settings(&["Hadolint", "DF099"], "");
    settings.ignore.push("ShellCheck".into());
    let sources = [
        format!(
            "FROM a:1\nRUN {}echo x{}\n",
            "( ".repeat(20_000),
            " )".repeat(20_000)
        ),
        format!("FROM a:1\nRUN apt-get install {}\n", "pkg ".repeat(300_000)),
        "FROM a:1\nRUN if then fi ((( `\\\n\u{0} é\u{301} \"\n".to_string(),
        "FROM a:1\nRUN <<-EOF\n\t\tcd /x | y\n\tEOF\n".to_string(),
    ];
    for source in &sources {
        let result = lint(source, None, &settings);
        for d in &result.diagnostics {
            assert_ne!(d.code, "DF099", "{}", d.message);
            assert!(
                d.span.end <= source.len()
                    && source.is_char_boundary(d.span.start)
                    && source.is_char_boundary(d.span.end)
            );
        }
    }
}

#[test]
fn pins_decided_at_build_time_are_not_reported() {
    check(
        &["DL3008", "DL3013"],
        "",
        "FROM debian:12\n\
         ARG CURL_VERSION=7.88\n\
         RUN apt-get install -y $PACKAGES $(cat /list) curl=${CURL_VERSION} git-${GIT}\n\
         \x20                                                                  ^^^^^^^^^^ DL3008: pin the version of `git-${GIT}` (apt-get install pkg=version)\n\
         RUN pip install $REQS\n",
    );
}

#[test]
fn dl3026_repository_prefixes() {
    check(
        &["DL3026"],
        "trusted-paths",
        "FROM gcr.io/distroless/static:nonroot\n\
         FROM gcr.io/distroless-fake/x:1\n\
         \x20    ^^^^^^^^^^^^^^^^^^^^^^^^^^ DL3026: registry `gcr.io` is not trusted\n\
         FROM debian:12\n\
         FROM someone/debian:12\n\
         \x20    ^^^^^^^^^^^^^^^^^ DL3026: registry `docker.io` is not trusted\n",
    );
}

#[test]
fn exec_form_runs_are_one_command() {
    check(
        &["DL3008", "DL3003", "DL4006"],
        "",
        "FROM debian:12\n\
         RUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n\
         \x20                                ^^^^^^ DL3008: pin the version of `curl` (apt-get install pkg=version)\n\
         RUN [\"/bin/sh\", \"-c\", \"cd /x | y\"]\n\
         \x20                      ^^^^^ DL3003: use WORKDIR to change directory\n\
         \x20                      ^^^^^^^^^ DL4006: set -o pipefail (SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]) so a failing command in the pipe fails the build\n",
    );
}

/// A pragma above an instruction covers findings on its continuation lines and in
/// its heredoc body too.
#[test]
fn ignore_pragma_covers_the_whole_instruction() {
    check(
        &["DL3008", "DL3003"],
        "",
        "FROM debian:12\n\
         # hadolint ignore=DL3008,DL3003\n\
         RUN apt-get install -y \\\n\
         \x20     curl && cd /x\n\
         # hadolint ignore=DL3003\n\
         RUN <<EOF\n\
         cd /tmp\n\
         EOF\n",
    );
}
