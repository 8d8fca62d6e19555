//! Every rule's documentation is checked: each `## Example` block marked bad makes the
//! rule fire, each good block ("Use instead") does not. A fenced `toml` block in the
//! example section gives the `.dlint.toml` settings the examples run with.

use crate::common;

use dlint_linter::all_rules;

/// Rules whose findings cannot come from a Dockerfile alone, with the reason.
const NO_EXAMPLE: [(&str, &str); 1] = [("DF099", "reports dlint's own bugs")];

#[test]
fn documented_examples_behave_as_documented() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in all_rules() {
        let examples = rule.examples();
        if NO_EXAMPLE.iter().any(|(c, _)| *c == rule.code) {
            assert!(
                examples.is_empty(),
                "{} has examples but is listed in NO_EXAMPLE",
                rule.code
            );
            continue;
        }
        if !examples.iter().any(|(bad, _)| *bad) {
            failures.push(format!("{}: no bad example", rule.code));
        }
        let mut settings = common::only(&[rule.code]);
        if let Some(toml) = rule.example_config() {
            let (layer, _) =
                dlint_linter::config::parse_dlint_toml(&toml, std::path::Path::new("example.toml"))
                    .unwrap_or_else(|e| panic!("{}: bad example config: {e}", rule.code));
            settings.apply(&layer);
        }
        // CopyIgnoredFile needs a .dockerignore beside the Dockerfile.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".dockerignore"), "*.log\n").unwrap();
        let path = dir.path().join("Dockerfile");
        for (bad, text) in examples {
            // Examples may rely on registry facts (InvalidBaseImagePlatform).
            let result = common::lint_with_registry(&text, Some(&path), &settings);
            // A rule may report under codes of its own (ShellCheck's SC codes): with
            // only this rule selected, any finding of no other rule is its own.
            let fired = result
                .diagnostics
                .iter()
                .any(|d| d.code == rule.code || dlint_linter::find_rule(d.code).is_none());
            if fired != bad {
                failures.push(format!(
                    "{}: {} example {}:\n{text}\nfindings: {:?}",
                    rule.code,
                    if bad { "bad" } else { "good" },
                    if bad { "does not fire" } else { "fires" },
                    result.diagnostics
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
