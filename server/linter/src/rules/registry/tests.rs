//! The registry rules over hand-made facts: spans, fixes, pragmas and selection work as
//! for any other rule, and the same facts drive InvalidBaseImagePlatform.

use crate::facts::{BaseConfig, FoundImage, RegistryAnswer, RegistryFacts, RegistryImage};
use crate::{apply_edits, lint_with_facts, Applicability, LintResult, Settings};

const NOW: &str = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

fn found(concrete: Option<&str>) -> RegistryAnswer {
    RegistryAnswer::Found(FoundImage {
        registry: "docker.io".into(),
        digest: Some(NOW.into()),
        platforms: vec!["linux/amd64".into()],
        platform_offered: Some(true),
        concrete_tag: concrete.map(String::from),
        ..FoundImage::default()
    })
}

fn facts(entries: &[(&str, RegistryAnswer)]) -> RegistryFacts {
    RegistryFacts {
        images: entries
            .iter()
            .map(|(image, answer)| RegistryImage {
                image: image.to_string(),
                platform: Some("linux/amd64".into()),
                answer: answer.clone(),
            })
            .collect(),
    }
}

fn lint(text: &str, facts: &RegistryFacts, settings: &Settings) -> LintResult {
    let df = dlint_syntax::parse_text(text);
    let model = dlint_semantic::analyze(&df);
    lint_with_facts(text, &df, &model, None, settings, facts)
}

/// Default settings without hadolint's DL3006 and DL3007, which flag untagged and
/// `latest` images on their own.
fn settings() -> Settings {
    Settings {
        ignore: vec!["DL3006".into(), "DL3007".into()],
        ..Settings::default()
    }
}

fn codes(result: &LintResult) -> Vec<&'static str> {
    result.diagnostics.iter().map(|d| d.code).collect()
}

/// The text after applying the fix of the first finding of `code`.
fn fixed(text: &str, result: &LintResult, code: &str) -> String {
    let d = result.diagnostics.iter().find(|d| d.code == code).unwrap();
    let fix = d.fix.as_ref().expect("a fix");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    apply_edits(text, &fix.edits).unwrap()
}

#[test]
fn latest_is_pinned_to_its_concrete_tag_and_digest() {
    let f = facts(&[
        ("app:latest", found(Some("1.2.3"))),
        ("app", found(Some("1.2.3"))),
        ("other", found(None)),
    ]);
    let text = "FROM app:latest\n";
    let result = lint(text, &f, &settings());
    assert_eq!(codes(&result), ["DR005"]);
    let d = &result.diagnostics[0];
    assert_eq!(&text[d.span.range()], "latest");
    assert!(
        d.message.ends_with("it currently resolves to 1.2.3"),
        "{}",
        d.message
    );
    assert_eq!(
        fixed(text, &result, "DR005"),
        format!("FROM app:1.2.3@{NOW}\n")
    );

    let text = "FROM app AS base\n";
    let result = lint(text, &f, &settings());
    assert_eq!(codes(&result), ["DR006"]);
    assert_eq!(
        fixed(text, &result, "DR006"),
        format!("FROM app:1.2.3@{NOW} AS base\n")
    );

    // No version tag shares latest's digest: pin latest itself.
    let text = "FROM other\n";
    let result = lint(text, &f, &settings());
    assert_eq!(
        fixed(text, &result, "DR006"),
        format!("FROM other:latest@{NOW}\n")
    );
}

#[test]
fn tag_not_found_names_the_nearest_tags_and_edits_only_literal_words() {
    let f = facts(&[(
        "alpine:3.2",
        RegistryAnswer::TagNotFound {
            nearest: vec!["3.20".into(), "3.21".into()],
        },
    )]);
    let text = "FROM alpine:3.2\n";
    let result = lint(text, &f, &settings());
    let d = &result.diagnostics[0];
    assert_eq!((d.code, &text[d.span.range()]), ("DR002", "3.2"));
    assert_eq!(
        d.message,
        "tag 3.2 does not exist for alpine; did you mean 3.20, 3.21?"
    );
    assert_eq!(fixed(text, &result, "DR002"), "FROM alpine:3.20\n");

    // Through an ARG: the whole word is flagged, and no edit (it would belong in the ARG).
    let text = "ARG V=3.2\nFROM alpine:$V\n";
    let result = lint(text, &f, &settings());
    let d = &result.diagnostics[0];
    assert_eq!((d.code, &text[d.span.range()]), ("DR002", "alpine:$V"));
    assert!(d.fix.is_none());
}

#[test]
fn codes_obey_pragmas_ignore_and_severity_like_any_rule() {
    let f = facts(&[
        ("app:latest", found(Some("1.2.3"))),
        (
            "gone:1",
            RegistryAnswer::RepositoryNotFound {
                registry: "docker.io".into(),
            },
        ),
    ]);
    let text =
        "# hadolint ignore=DR005\nFROM app:latest\n# dlint ignore=image-not-found\nFROM gone:1\n";
    let result = lint(text, &f, &settings());
    assert_eq!(
        codes(&result),
        Vec::<&str>::new(),
        "{:?}",
        result.diagnostics
    );

    let text = "FROM app:latest\nFROM gone:1\n";
    let overrides = Settings {
        ignore: vec!["DR001".into(), "DL3006".into(), "DL3007".into()],
        severity: [("latest-tag".to_string(), crate::Severity::Error)].into(),
        ..Settings::default()
    };
    let result = lint(text, &f, &overrides);
    assert_eq!(codes(&result), ["DR005"]);
    assert_eq!(result.diagnostics[0].severity, crate::Severity::Error);
    // DR008 is opt-in; images on latest are DR005's, not DR008's.
    let text = "FROM app:latest\nFROM pinned:1\n";
    let f = facts(&[("app:latest", found(None)), ("pinned:1", found(None))]);
    assert_eq!(codes(&lint(text, &f, &settings())), ["DR005"]);
    let select = Settings {
        select: vec!["DR008".into()],
        ..Settings::default()
    };
    let result = lint(text, &f, &select);
    assert_eq!(codes(&result), ["DR008"]);
    assert_eq!(
        fixed(text, &result, "DR008"),
        format!("FROM app:latest\nFROM pinned:1@{NOW}\n")
    );
}

#[test]
fn trouble_reaching_a_registry_is_one_quiet_note_per_host() {
    let down = || RegistryAnswer::Unreachable {
        host: "r.example".into(),
        reason: "connection refused".into(),
    };
    let f = facts(&[("r.example/a:1", down()), ("r.example/b:1", down())]);
    let result = lint("FROM r.example/a:1\nFROM r.example/b:1\n", &f, &settings());
    assert_eq!(codes(&result), ["DR010"]);
    assert_eq!(result.diagnostics[0].severity, crate::Severity::Style);
}

#[test]
fn the_same_facts_drive_invalid_base_image_platform_and_platform_not_offered() {
    let arm_only = |multi: bool| {
        RegistryAnswer::Found(FoundImage {
            registry: "docker.io".into(),
            digest: Some(NOW.into()),
            platforms: vec!["linux/arm64".into()],
            multi_platform: multi,
            platform_offered: Some(false),
            // A single-platform image is pulled whatever the platform: its config is known.
            config: (!multi).then(|| BaseConfig {
                os: "linux".into(),
                architecture: "arm64".into(),
                ..BaseConfig::default()
            }),
            ..FoundImage::default()
        })
    };
    let f = facts(&[("single:1", arm_only(false)), ("index:1", arm_only(true))]);
    let result = lint("FROM single:1\nFROM index:1\n", &f, &settings());
    assert_eq!(codes(&result), ["InvalidBaseImagePlatform", "DR004"]);
    assert_eq!(
        result.diagnostics[1].message,
        "index:1 is not available for linux/amd64; it offers linux/arm64"
    );
}
