//! The one helper rule tests go through: an annotated Dockerfile in, the same text with
//! dlint's findings rendered as annotations out, compared as strings.
//!
//! An annotation line follows the source line it describes:
//!
//! ```text
//! FROM alpine AS Builder
//!                ^^^^^^^ StageNameCasing: Stage name 'Builder' should be lowercase
//! ```
//!
//! Carets mark the byte columns of a finding on that line (a lone `^` marks an empty
//! range). A finding spanning lines is written `~ CODE (line:col-line:col): message`
//! (1-based lines and columns, end exclusive) after its last line. Annotation lines are
//! removed before linting.

#![allow(dead_code)]

use dlint_linter::{lint, Diagnostic, Settings, SettingsLayer};
use std::path::Path;

/// Strips annotation lines, returning the Dockerfile text.
pub fn strip_annotations(annotated: &str) -> String {
    annotated
        .split_inclusive('\n')
        .filter(|l| !is_annotation(l))
        .collect()
}

fn is_annotation(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('^') || t.starts_with("~ ")
}

/// Settings that run only the given rules (codes or names).
pub fn only(rules: &[&str]) -> Settings {
    let mut settings = Settings::default();
    settings.apply(&SettingsLayer {
        select: Some(rules.iter().map(|s| s.to_string()).collect()),
        ..SettingsLayer::default()
    });
    settings
}

/// Renders findings as annotations under the lines of `source`.
pub fn render(source: &str, diagnostics: &[Diagnostic]) -> String {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let mut notes: Vec<Vec<String>> = vec![Vec::new(); lines.len().max(1)];
    for d in diagnostics {
        let (sl, sc) = line_col(source, d.span.start);
        let (el, ec) = line_col(source, d.span.end);
        let last = notes.len();
        if sl == el && sl <= lines.len() {
            let carets = "^".repeat((ec - sc).max(1));
            notes[sl - 1].push(format!(
                "{}{carets} {}: {}\n",
                " ".repeat(sc - 1),
                d.code,
                d.message
            ));
        } else {
            notes[el.min(last) - 1].push(format!(
                "~ {} ({sl}:{sc}-{el}:{ec}): {}\n",
                d.code, d.message
            ));
        }
    }
    let mut out = String::new();
    for (n, note) in notes.iter().enumerate() {
        if let Some(line) = lines.get(n) {
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
        }
        for text in note {
            out.push_str(text);
        }
    }
    out
}

/// 1-based line and column (bytes) of an offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let col = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

/// Lints the annotated text with `settings` and asserts the findings are exactly the
/// annotations.
pub fn check_with(settings: &Settings, path: Option<&Path>, annotated: &str) {
    let source = strip_annotations(annotated);
    let result = lint(&source, path, settings);
    let actual = render(&source, &result.diagnostics);
    let expected = if annotated.ends_with('\n') || annotated.is_empty() {
        annotated.to_string()
    } else {
        format!("{annotated}\n")
    };
    assert_eq!(
        actual, expected,
        "\n--- expected ---\n{expected}\n--- actual ---\n{actual}"
    );
}

/// [`check_with`] running only `rules`.
pub fn check(rules: &[&str], annotated: &str) {
    check_with(&only(rules), None, annotated);
}

/// The fixed text after applying the first finding's fix.
pub fn fixed(rules: &[&str], source: &str) -> String {
    let result = lint(source, None, &only(rules));
    let d = result
        .diagnostics
        .iter()
        .find(|d| d.fix.is_some())
        .unwrap_or_else(|| panic!("no fix offered for {source:?}: {:?}", result.diagnostics));
    dlint_linter::apply_edits(source, &d.fix.as_ref().unwrap().edits).expect("edits apply")
}

/// Base-image facts for tests: `example/arm-only` exists for `linux/arm64` only;
/// `example/python` defines `PATH` and `PYTHON_VERSION`; `example/windows` sets a
/// PowerShell shell. Every other image is unknown.
pub struct FakeRegistry;

impl dlint_linter::ImageFacts for FakeRegistry {
    fn base_image(&self, reference: &str, platform: &str) -> Option<dlint_linter::BaseImage> {
        let (os, arch) = platform.split_once('/').unwrap_or(("linux", "amd64"));
        let mut image = dlint_linter::BaseImage {
            os: os.to_string(),
            architecture: arch.split('/').next().unwrap_or(arch).to_string(),
            ..Default::default()
        };
        match reference {
            "example/arm-only" => {
                image.os = "linux".into();
                image.architecture = "arm64".into();
            }
            "example/python" => {
                image.env = vec!["PATH=/usr/bin".into(), "PYTHON_VERSION=3.12".into()];
            }
            "example/windows" => image.shell = Some(vec!["powershell".into(), "-Command".into()]),
            _ => return None,
        }
        Some(image)
    }

    fn registry_image(
        &self,
        image: &str,
        platform: Option<&str>,
    ) -> Option<&dlint_linter::facts::RegistryImage> {
        static FACTS: std::sync::OnceLock<dlint_linter::facts::RegistryFacts> =
            std::sync::OnceLock::new();
        FACTS.get_or_init(fake_registry_facts).get(image, platform)
    }
}

/// Registry answers for the DR rules' examples: `example/app` has tags `1.2.3` (digest
/// `sha256:1111…`, also `latest`) and `1.2`; `example/gone` does not exist;
/// `example/amd64-only` is an index with `linux/amd64` only;
/// `example/arm-only` is a single `linux/arm64` image;
/// `registry.example.com/private/app` refuses access; `registry.example.com` is down
/// for anything else. Each is answered for `linux/amd64` and `linux/arm64`.
pub fn fake_registry_facts() -> dlint_linter::facts::RegistryFacts {
    use dlint_linter::facts::{BaseConfig, FoundImage, RegistryAnswer, RegistryImage};
    let digest = |c: char| format!("sha256:{}", c.to_string().repeat(64));
    let app = || FoundImage {
        registry: "docker.io".into(),
        digest: Some(digest('1')),
        platforms: vec!["linux/amd64".into(), "linux/arm64".into()],
        multi_platform: true,
        platform_offered: Some(true),
        tag_digest: None,
        concrete_tag: None,
        config: None,
    };
    let mut images = Vec::new();
    for platform in ["linux/amd64", "linux/arm64"] {
        let answers = [
            (
                "example/gone:1".to_string(),
                RegistryAnswer::RepositoryNotFound {
                    registry: "docker.io".into(),
                },
            ),
            (
                "example/app:1.2.9".into(),
                RegistryAnswer::TagNotFound {
                    nearest: vec!["1.2.3".into(), "1.2".into()],
                },
            ),
            ("example/app:1.2.3".into(), RegistryAnswer::Found(app())),
            (
                format!("example/app@{}", digest('f')),
                RegistryAnswer::DigestNotFound,
            ),
            (
                format!("example/app:1.2.3@{}", digest('1')),
                RegistryAnswer::Found(FoundImage {
                    tag_digest: Some(digest('1')),
                    ..app()
                }),
            ),
            (
                format!("example/app:1.2.3@{}", digest('0')),
                RegistryAnswer::Found(FoundImage {
                    digest: Some(digest('0')),
                    tag_digest: Some(digest('1')),
                    ..app()
                }),
            ),
            (
                "example/amd64-only:1".into(),
                RegistryAnswer::Found(FoundImage {
                    platforms: vec!["linux/amd64".into()],
                    platform_offered: Some(platform == "linux/amd64"),
                    ..app()
                }),
            ),
            (
                "registry.example.com/private/app:1".into(),
                RegistryAnswer::NoAccess {
                    host: "registry.example.com".into(),
                },
            ),
        ];
        for (image, answer) in answers {
            images.push(RegistryImage {
                image,
                platform: Some(platform.into()),
                answer,
            });
        }
        // A single-platform image: pulled whatever the platform, so its config is known.
        images.push(RegistryImage {
            image: "example/arm-only".into(),
            platform: Some(platform.into()),
            answer: RegistryAnswer::Found(FoundImage {
                platforms: vec!["linux/arm64".into()],
                multi_platform: false,
                platform_offered: Some(platform == "linux/arm64"),
                config: Some(BaseConfig {
                    os: "linux".into(),
                    architecture: "arm64".into(),
                    ..BaseConfig::default()
                }),
                ..app()
            }),
        });
        for image in ["example/app:latest", "example/app"] {
            images.push(RegistryImage {
                image: image.into(),
                platform: Some(platform.into()),
                answer: RegistryAnswer::Found(FoundImage {
                    concrete_tag: Some("1.2.3".into()),
                    ..app()
                }),
            });
        }
        for image in ["registry.example.com/app:1", "registry.example.com/tools:2"] {
            images.push(RegistryImage {
                image: image.into(),
                platform: Some(platform.into()),
                answer: RegistryAnswer::Unreachable {
                    host: "registry.example.com".into(),
                    reason: "connection refused".into(),
                },
            });
        }
    }
    dlint_linter::facts::RegistryFacts { images }
}

/// Lints with [`FakeRegistry`] as the source of base-image facts.
pub fn lint_with_registry(
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
) -> dlint_linter::LintResult {
    let df = dlint_syntax::parse_text(source);
    let model = dlint_semantic::analyze(&df);
    dlint_linter::lint_with_facts(source, &df, &model, path, settings, &FakeRegistry)
}
