//! Suppression fixes: ignore comments above instructions, `# check=skip=` merged into
//! existing comments and directives, never a second `# check=` directive.

use dlint_linter::{apply_edits, lint, suppression_fixes, Settings};

/// Applies the suppression fix with the given title prefix to the first finding of
/// `code`, and checks that the finding is gone afterwards. Only `code` runs: with every
/// rule on, a rule reporting the same problem may be the one kept (`overlap.rs`).
fn suppressed(source: &str, code: &str, title_prefix: &str) -> String {
    let settings = Settings {
        select: vec![code.to_string()],
        ..Settings::default()
    };
    let df = dlint_syntax::parse_text(source);
    let result = lint(source, None, &settings);
    let diag = result
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .expect("finding");
    let fixes = suppression_fixes(source, &df, diag);
    let fix = fixes
        .iter()
        .find(|f| f.title.starts_with(title_prefix))
        .unwrap_or_else(|| panic!("no {title_prefix:?} fix in {fixes:?}"));
    let out = apply_edits(source, &fix.edits).unwrap();
    let after = lint(&out, None, &settings);
    assert!(
        !after.diagnostics.iter().any(|d| d.code == code),
        "{code} still reported after suppression:\n{out}\n{:?}",
        after.diagnostics
    );
    out
}

#[test]
fn buildkit_rule_per_instruction_and_merge() {
    assert_eq!(
        suppressed(
            "FROM alpine\n  MAINTAINER me\n",
            "MaintainerDeprecated",
            "Skip MaintainerDeprecated for this"
        ),
        "FROM alpine\n  # check=skip=MaintainerDeprecated\n  MAINTAINER me\n"
    );
    assert_eq!(
        suppressed(
            "FROM alpine AS Build\n# check=skip=StageNameCasing // why\nMAINTAINER me\n",
            "MaintainerDeprecated",
            "Skip MaintainerDeprecated for this"
        ),
        "FROM alpine AS Build\n# check=skip=StageNameCasing,MaintainerDeprecated // why\nMAINTAINER me\n"
    );
}

#[test]
fn buildkit_rule_file_level_merges_into_the_directive() {
    assert_eq!(
        suppressed("# syntax=docker/dockerfile:1\nFROM alpine\nMAINTAINER me\n", "MaintainerDeprecated", "Skip MaintainerDeprecated in this file"),
        "# syntax=docker/dockerfile:1\n# check=skip=MaintainerDeprecated\nFROM alpine\nMAINTAINER me\n"
    );
    assert_eq!(
        suppressed(
            "# check=error=true\nFROM alpine\nMAINTAINER me\n",
            "MaintainerDeprecated",
            "Skip MaintainerDeprecated in this file"
        ),
        "# check=skip=MaintainerDeprecated;error=true\nFROM alpine\nMAINTAINER me\n"
    );
    assert_eq!(
        suppressed("# check=skip=JSONArgsRecommended;error=true\nFROM alpine\nMAINTAINER me\n", "MaintainerDeprecated", "Skip MaintainerDeprecated in this file"),
        "# check=skip=JSONArgsRecommended,MaintainerDeprecated;error=true\nFROM alpine\nMAINTAINER me\n"
    );
}

#[test]
fn other_rules_get_an_ignore_comment() {
    assert_eq!(
        suppressed("FROM alpine\nRUNN x\n", "DF002", "Ignore DF002"),
        "FROM alpine\n# dlint ignore=DF002\nRUNN x\n"
    );
    assert_eq!(
        suppressed(
            "FROM alpine\n# hadolint ignore=DL3008\nRUNN x\n",
            "DF002",
            "Ignore DF002"
        ),
        "FROM alpine\n# hadolint ignore=DL3008,DF002\nRUNN x\n"
    );
}
