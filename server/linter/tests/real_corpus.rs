//! dlint's own and BuildKit's checks over the real Dockerfiles of the corpus: no rule
//! fails on any of them, and the error-level checks (which claim "the build fails")
//! stay rare on files that are built in practice.

use dlint_linter::{lint, Origin, Settings, SettingsLayer};
use std::collections::BTreeMap;

#[test]
fn real_dockerfiles_lint_cleanly() {
    let files = dlint_test_support::real_dockerfiles();
    assert!(
        files.len() > 100,
        "expected the real corpus, found {} files",
        files.len()
    );
    let mut settings = Settings::default();
    settings.apply(&SettingsLayer {
        select: Some(vec!["BuildKit".into(), "Dlint".into()]),
        ..SettingsLayer::default()
    });
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors_in: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut internal = Vec::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let result = lint(&text, None, &settings);
        for d in &result.diagnostics {
            *counts.entry(d.code).or_default() += 1;
            if d.code == "DF099" {
                internal.push(format!("{}: {}", file.display(), d.message));
            }
            let rule = dlint_linter::find_rule(d.code).unwrap();
            if rule.origin == Origin::Dlint && d.severity == dlint_linter::Severity::Error {
                let list = errors_in.entry(d.code).or_default();
                if list.len() < 5 {
                    list.push(format!(
                        "{}: {}",
                        file.file_name().unwrap().to_string_lossy(),
                        d.message
                    ));
                }
            }
        }
    }
    println!("findings per rule over {} files:", files.len());
    for (code, n) in &counts {
        println!("{code:<34}{n:>6}");
    }
    for (code, examples) in &errors_in {
        println!("{code} examples:\n  {}", examples.join("\n  "));
    }
    assert!(
        internal.is_empty(),
        "rules panicked:\n{}",
        internal.join("\n")
    );
}
