//! The labelled examples of BuildKit's rule pages (`corpus/buildkit-doc-snippets`): a
//! `bad` block makes its rule fire, a `good` block does not.

use dlint_linter::{lint, Settings, SettingsLayer};
use std::path::Path;

/// Blocks that need more than the Dockerfile, with what they need.
fn environment_for(rule: &str, dir: &Path) {
    if rule == "CopyIgnoredFile" {
        // The page's example excludes `./tmp` in its .dockerignore.
        std::fs::write(dir.join(".dockerignore"), "tmp\n").unwrap();
    }
}

/// Blocks where dlint deliberately differs, with the reason.
const DIFFERENCES: [(&str, &str); 1] = [(
    "secrets-used-in-arg-or-env.md__block001.Dockerfile",
    "a fragment without FROM: its ARGs are global, and BuildKit checks only ARGs inside stages",
)];

#[test]
fn buildkit_rule_pages_examples() {
    let dir = dlint_test_support::corpus("buildkit-doc-snippets");
    let index = std::fs::read_to_string(dir.join("index.jsonl")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in index.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        let (Some(rule), Some(label)) = (entry["rule"].as_str(), entry["label"].as_str()) else {
            continue;
        };
        if let Some((_, why)) = DIFFERENCES
            .iter()
            .find(|(f, _)| entry["file"].as_str().unwrap().ends_with(f))
        {
            assert!(!why.is_empty());
            continue;
        }
        let text = std::fs::read_to_string(dir.join(entry["file"].as_str().unwrap())).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        environment_for(rule, tmp.path());
        let mut settings = Settings::default();
        settings.apply(&SettingsLayer {
            select: Some(vec![rule.to_string()]),
            ..SettingsLayer::default()
        });
        let result = lint(&text, Some(&tmp.path().join("Dockerfile")), &settings);
        let fired = result.diagnostics.iter().any(|d| d.code == rule);
        if fired != (label == "bad") {
            failures.push(format!(
                "{rule} {label} {}:\n{text}{:#?}",
                entry["file"], result.diagnostics
            ));
        }
        checked += 1;
    }
    assert_eq!(
        checked + DIFFERENCES.len(),
        58,
        "the corpus has 24 bad and 34 good blocks"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
