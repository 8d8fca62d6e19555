//! Every real Dockerfile of the shared corpus through the hadolint rules: no rule may
//! panic, and every finding (and fix edit) must be a valid range of the file. Prints
//! per-rule hit counts for comparison with hadolint's numbers (`hadolint.md` §10.3).

use dlint_linter::{lint, Settings, SettingsLayer};
use std::collections::BTreeMap;

#[test]
fn real_dockerfiles_lint_cleanly_with_valid_ranges() {
    let files = dlint_test_support::real_dockerfiles();
    assert!(
        files.len() > 1000,
        "expected the real corpus, found {} files",
        files.len()
    );
    let mut settings = Settings::default();
    settings.apply(&SettingsLayer {
        select: Some(vec!["Hadolint".into(), "DF099".into()]),
        // ShellCheck costs ~0.2 s per file; its position mapping has its own tests.
        ignore: vec!["ShellCheck".into()],
        ..SettingsLayer::default()
    });
    let mut hits: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        // Invalid UTF-8 is the reader's problem (the CLI reports it); lint the lossy text.
        let text = String::from_utf8_lossy(&bytes);
        let result = lint(&text, Some(path), &settings);
        for d in &result.diagnostics {
            *hits.entry(d.code).or_default() += 1;
            let spans = std::iter::once(d.span)
                .chain(d.fix.iter().flat_map(|f| f.edits.iter().map(|e| e.span)));
            for span in spans {
                let valid = span.start <= span.end
                    && span.end <= text.len()
                    && text.is_char_boundary(span.start)
                    && text.is_char_boundary(span.end);
                if !valid {
                    problems.push(format!(
                        "{}: {} has bad range {:?}",
                        path.display(),
                        d.code,
                        span
                    ));
                }
            }
            if d.code == "DF099" {
                problems.push(format!("{}: {}", path.display(), d.message));
            }
        }
    }
    for (code, n) in &hits {
        println!("{code}\t{n}");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        hits.get("DL3008").copied().unwrap_or(0) > 100,
        "DL3008 should fire often on real files"
    );
}
