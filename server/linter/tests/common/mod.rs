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
