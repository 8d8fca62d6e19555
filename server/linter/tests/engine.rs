//! The lint entry point: selection, severity overrides, pragmas, `# check=`, ordering.

use crate::common::{check, check_with, only};
use dlint_linter::{lint, Settings, SettingsLayer, Severity};

#[test]
fn findings_are_sorted_by_position() {
    let src = "from alpine AS Build\nmaintainer me\n";
    let result = lint(src, None, &Settings::default());
    let starts: Vec<usize> = result.diagnostics.iter().map(|d| d.span.start).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    assert!(result.diagnostics.len() >= 3, "{:?}", result.diagnostics);
}

#[test]
fn ignore_pragma_covers_only_the_next_instruction() {
    check(
        &["MaintainerDeprecated"],
        "FROM alpine\n\
         # hadolint ignore=MaintainerDeprecated\n\
         MAINTAINER a\n\
         # dlint ignore=maintainer-deprecated\n\
         \n\
         MAINTAINER b\n\
         ^^^^^^^^^^ MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label\n",
    );
}

#[test]
fn global_and_stage_pragmas() {
    check(
        &["MaintainerDeprecated"],
        "FROM alpine\nMAINTAINER a\n# hadolint global ignore=MaintainerDeprecated\n",
    );
    check(
        &["MaintainerDeprecated"],
        "# hadolint stage ignore=MaintainerDeprecated\n\
         FROM alpine\n\
         MAINTAINER a\n\
         FROM alpine\n\
         MAINTAINER b\n\
         ^^^^^^^^^^ MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label\n",
    );
}

#[test]
fn disable_ignore_pragma_setting() {
    let mut settings = only(&["MaintainerDeprecated"]);
    settings.disable_ignore_pragma = true;
    check_with(
        &settings,
        None,
        "FROM alpine\n\
         # hadolint ignore=MaintainerDeprecated\n\
         MAINTAINER a\n\
         ^^^^^^^^^^ MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label\n",
    );
}

#[test]
fn unknown_codes_in_pragmas_are_warned_about() {
    check(
        &["DF090", "MaintainerDeprecated"],
        "FROM alpine\n\
         # hadolint ignore=DL9999,MaintainerDeprecated\n\
         \x20                 ^^^^^^ DF090: Unknown rule code 'DL9999' in ignore comment\n\
         MAINTAINER a\n",
    );
}

#[test]
fn check_directive_skips_and_errors() {
    check(
        &["BuildKit"],
        "# check=skip=MaintainerDeprecated,StageNameCasing\nFROM alpine AS Build\nMAINTAINER me\n",
    );
    let src = "# check=error=true\nFROM alpine\nMAINTAINER me\n";
    let result = lint(src, None, &only(&["BuildKit"]));
    assert_eq!(
        result.buildkit_failure.as_deref(),
        Some("lint violation found for rules: MaintainerDeprecated")
    );
    assert_eq!(result.diagnostics[0].severity, Severity::Error);
    assert!(result.fails(&Settings::default()));
}

#[test]
fn check_directive_names_are_case_sensitive_and_misspellings_are_reported() {
    check(
        &["BuildKit", "DF090"],
        "# check=skip=maintainerdeprecated\n\
         \x20       ^^^^^^^^^^^^^^^^^^^^^^^^^ DF090: Unknown BuildKit check 'maintainerdeprecated' in check directive (names are case-sensitive)\n\
         FROM alpine\n\
         MAINTAINER me\n\
         ^^^^^^^^^^ MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label\n",
    );
}

#[test]
fn invalid_check_directive_is_an_error() {
    check(
        &["DF091"],
        "# check=skip=A;bogus=1\n\
         \x20       ^^^^^^^^^^^^^^ DF091: failed to parse check options: invalid check option \"bogus\"\n\
         FROM alpine\n",
    );
}

#[test]
fn per_instruction_check_comment() {
    check(
        &["SecretsUsedInArgOrEnv"],
        "FROM alpine\n\
         # check=skip=SecretsUsedInArgOrEnv // a build-time token for a private mirror\n\
         ARG NPM_TOKEN\n\
         ARG GH_TOKEN\n\
         \x20   ^^^^^^^^ SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG \"GH_TOKEN\")\n",
    );
}

#[test]
fn settings_override_replaces_the_directive() {
    let mut settings = only(&["BuildKit"]);
    settings.buildkit_check = Some("skip=all".into());
    let result = lint(
        "# check=error=true\nFROM alpine\nMAINTAINER me\n",
        None,
        &settings,
    );
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    assert!(result.buildkit_failure.is_none());
}

#[test]
fn experimental_rules_need_enabling() {
    let src =
        "# check=experimental=InvalidDefinitionDescription\n# compile\nFROM alpine AS build\n";
    let on = lint(src, None, &Settings::default());
    assert!(on
        .diagnostics
        .iter()
        .any(|d| d.code == "InvalidDefinitionDescription"));
    let off = lint(
        "# compile\nFROM alpine AS build\n",
        None,
        &Settings::default(),
    );
    assert!(!off
        .diagnostics
        .iter()
        .any(|d| d.code == "InvalidDefinitionDescription"));
}

#[test]
fn severity_overrides_and_ignore() {
    let mut settings = Settings::default();
    let mut layer = SettingsLayer::default();
    layer
        .severity
        .insert("MaintainerDeprecated".into(), Severity::Error);
    layer.ignore.push("StageNameCasing".into());
    settings.apply(&layer);
    let result = lint("FROM alpine AS Build\nMAINTAINER me\n", None, &settings);
    let codes: Vec<_> = result
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity))
        .collect();
    assert!(
        codes.contains(&("MaintainerDeprecated", Severity::Error)),
        "{codes:?}"
    );
    assert!(
        !codes.iter().any(|(c, _)| *c == "StageNameCasing"),
        "{codes:?}"
    );
}

#[test]
fn hostile_input_does_not_panic() {
    let inputs = [
        String::new(),
        "\u{feff}".to_string(),
        "FROM".to_string(),
        "\\\n\\\n".to_string(),
        "FROM a\nRUN <<EOF\n".to_string(),
        "FROM a\nENV ${".to_string(),
        "FROM a\nCOPY --from=$X . .\n".to_string(),
        format!("FROM a\nRUN {}\n", "x ".repeat(100_000)),
        "FROM a\r\nWORKDIR é\r\n".to_string(),
    ];
    // The external `shellcheck` program is not under test here (it takes half a minute
    // on the 200 KB script); every rule of dlint's own is.
    let settings = Settings {
        shellcheck: false,
        ..Settings::default()
    };
    for input in &inputs {
        let result = lint(input, None, &settings);
        assert!(
            !result.diagnostics.iter().any(|d| d.code == "DF099"),
            "a rule panicked on {:?}: {:?}",
            &input[..input.len().min(40)],
            result.diagnostics
        );
        for d in &result.diagnostics {
            assert!(
                d.span.start <= d.span.end && d.span.end <= input.len(),
                "{d:?}"
            );
        }
    }
}

#[test]
fn target_restricts_dispatch_phase_checks_to_needed_stages() {
    let src = "FROM alpine AS dep\nENV A 1\nFROM alpine AS unused\nENV B 2\nFROM alpine AS Final\nCOPY --from=dep /a /a\nENV C 3\n";
    let mut settings = only(&["LegacyKeyValueFormat", "StageNameCasing"]);
    settings.target = Some("final".into());
    let result = lint(src, None, &settings);
    let lines: Vec<(&str, usize)> = result
        .diagnostics
        .iter()
        .map(|d| (d.code, src[..d.span.start].matches('\n').count() + 1))
        .collect();
    // The unused stage's ENV is not dispatched; parse-phase StageNameCasing still runs.
    assert_eq!(
        lines,
        [
            ("LegacyKeyValueFormat", 2),
            ("StageNameCasing", 5),
            ("LegacyKeyValueFormat", 7)
        ]
    );
    settings.target = None;
    assert_eq!(lint(src, None, &settings).diagnostics.len(), 4);
}

#[test]
fn shellcheck_codes_in_pragmas_are_not_unknown() {
    check(
        &["DF090"],
        "FROM alpine\n# hadolint ignore=SC2016,SC1091\nRUN echo '$x'\n",
    );
}

#[test]
fn syntax_errors_fail_whatever_the_threshold() {
    let result = lint("# escape=x\nFROM alpine\n", None, &Settings::default());
    assert!(
        result.diagnostics.iter().any(|d| d.code == "DF001"),
        "{:?}",
        result.diagnostics
    );
    let settings = Settings {
        failure_threshold: Severity::Error,
        ..Settings::default()
    };
    let mut lowered = settings.clone();
    lowered.severity.insert("DF001".into(), Severity::Style);
    let result = lint("# escape=x\nFROM alpine\n", None, &lowered);
    assert!(result.fails(&lowered));
    lowered.no_fail = true;
    assert!(!result.fails(&lowered));
}

/// For each pair of rules that report the same problem (`overlap.rs`): a file where both
/// fire on overlapping ranges.
const OVERLAPPING: [(&str, &str, &str); 12] = [
    (
        "DL4000",
        "MaintainerDeprecated",
        "FROM alpine\nMAINTAINER me\n",
    ),
    (
        "DL3000",
        "WorkdirRelativePath",
        "FROM alpine\nWORKDIR app\n",
    ),
    (
        "DL3025",
        "JSONArgsRecommended",
        "FROM alpine\nCMD echo hi\n",
    ),
    (
        "DL3024",
        "DuplicateStageName",
        "FROM alpine AS a\nFROM alpine AS a\n",
    ),
    (
        "DL3029",
        "FromPlatformFlagConstDisallowed",
        "FROM --platform=linux/amd64 alpine\n",
    ),
    ("DL3063", "ReservedStageName", "FROM alpine AS context\n"),
    (
        "DL3065",
        "RedundantTargetPlatform",
        "FROM --platform=$TARGETPLATFORM alpine\n",
    ),
    (
        "DL3064",
        "SecretsUsedInArgOrEnv",
        "FROM alpine\nENV DB_PASSWORD=x\n",
    ),
    ("DL3061", "DF003", "LABEL a=b\nFROM alpine\n"),
    ("DL3021", "DF007", "FROM alpine\nCOPY a b /dst\n"),
    ("DL3023", "DF011", "FROM alpine AS a\nCOPY --from=a /x /y\n"),
    ("DL3043", "DF012", "FROM alpine\nONBUILD FROM debian\n"),
];

fn codes_of(source: &str, settings: &Settings) -> Vec<&'static str> {
    lint(source, None, settings)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn overlapping_rules_report_one_finding_per_problem() {
    assert_eq!(
        OVERLAPPING.map(|(a, b, _)| (a, b)),
        dlint_linter::overlap::OVERLAPS,
        "every pair has a fixture here"
    );
    for (hadolint, other, source) in OVERLAPPING {
        // Each rule fires on its own…
        assert_eq!(codes_of(source, &only(&[hadolint])), [hadolint], "{source}");
        assert_eq!(codes_of(source, &only(&[other])), [other], "{source}");
        // …and with both enabled one finding remains: the higher severity, else not
        // hadolint's.
        let both = codes_of(source, &only(&[hadolint, other]));
        assert_eq!(both.len(), 1, "{hadolint}/{other}: {both:?}");
        let severity = |code| dlint_linter::find_rule(code).unwrap().default_severity;
        let expected = if severity(hadolint) > severity(other) {
            hadolint
        } else {
            other
        };
        assert_eq!(both, [expected], "{source}");
    }
}

#[test]
fn overlap_keeps_the_configured_stronger_finding_and_its_partners_fix() {
    // By default DL4000 (error) wins over MaintainerDeprecated (warning); raising the
    // BuildKit check to error makes it the kept one (equal severity: not hadolint's).
    let source = "FROM alpine:3.20\nMAINTAINER me\n";
    assert_eq!(codes_of(source, &Settings::default()), ["DL4000"]);
    let mut raised = Settings::default();
    raised.apply(&SettingsLayer {
        severity: [("MaintainerDeprecated".to_string(), Severity::Error)].into(),
        ..SettingsLayer::default()
    });
    assert_eq!(codes_of(source, &raised), ["MaintainerDeprecated"]);
    // Under `# check=error=true` BuildKit's check fails the build: it is kept, and the
    // failure is reported.
    let failing = "# check=error=true\nFROM alpine:3.20\nMAINTAINER me\n";
    let result = lint(failing, None, &Settings::default());
    let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["MaintainerDeprecated"]);
    assert_eq!(
        result.buildkit_failure.as_deref(),
        Some("lint violation found for rules: MaintainerDeprecated")
    );
    // DL3000 (error) is kept over WorkdirRelativePath (warning) and has no fix of its
    // own: it carries the BuildKit check's.
    let relative = "FROM alpine\nWORKDIR app\n";
    let result = lint(relative, None, &only(&["DL3000", "WorkdirRelativePath"]));
    assert_eq!(result.diagnostics.len(), 1);
    assert_eq!(result.diagnostics[0].code, "DL3000");
    let fix = result.diagnostics[0]
        .fix
        .as_ref()
        .expect("the partner's fix");
    assert_eq!(
        dlint_linter::apply_edits(relative, &fix.edits).unwrap(),
        "FROM alpine\nWORKDIR /app\n"
    );
}

#[test]
fn ignoring_either_overlapping_code_silences_both() {
    for pragma in [
        "# hadolint ignore=DL4000",
        "# dlint ignore=MaintainerDeprecated",
        "# dlint ignore=maintainer-deprecated",
        "# hadolint global ignore=DL4000",
    ] {
        let source = format!("FROM alpine:3.20\n{pragma}\nMAINTAINER me\n");
        assert_eq!(
            codes_of(&source, &Settings::default()),
            Vec::<&str>::new(),
            "{pragma}"
        );
    }
    // The pragma covers its instruction only: DL3000 still reports the second WORKDIR
    // (BuildKit's check reports only the first relative one of a stage).
    let source = "FROM alpine:3.20\n# hadolint ignore=DL3000\nWORKDIR a\nWORKDIR b\n";
    let left: Vec<(&str, &str)> = lint(source, None, &Settings::default())
        .diagnostics
        .iter()
        .filter(|d| d.code == "DL3000" || d.code == "WorkdirRelativePath")
        .map(|d| (d.code, &source[d.span.range()]))
        .collect();
    assert_eq!(left, [("DL3000", "b")]);
    // BuildKit's own skip turns off BuildKit's check only, as in BuildKit.
    let skipped = "# check=skip=MaintainerDeprecated\nFROM alpine:3.20\nMAINTAINER me\n";
    assert_eq!(codes_of(skipped, &Settings::default()), ["DL4000"]);
}
