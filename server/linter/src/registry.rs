//! Every rule dlint knows, in one list. Rules register in their group's `mod.rs`
//! (`rules/buildkit`, `rules/dlint`, `rules/hadolint`); this file joins the groups.

use crate::rule::Rule;

/// All rules: BuildKit's checks, dlint's own, then hadolint's.
pub fn all_rules() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = Vec::new();
    rules.extend(crate::rules::buildkit::RULES.iter().copied());
    rules.extend(crate::rules::dlint::RULES.iter().copied());
    rules.extend(crate::rules::registry::RULES.iter().copied());
    rules.extend(crate::rules::hadolint::RULES.iter().copied());
    rules
}

/// The rule with this code (exact) or kebab-case name (case-insensitive).
pub fn find_rule(code_or_name: &str) -> Option<&'static Rule> {
    all_rules()
        .into_iter()
        .find(|r| r.code == code_or_name || r.name.eq_ignore_ascii_case(code_or_name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let rules = all_rules();
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in &rules {
            assert!(!r.code.is_empty() && !r.name.is_empty(), "{r:?}");
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(
                r.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                r.name
            );
            let doc = r.doc_markdown();
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(doc.contains(section), "{} lacks {section}", r.code);
            }
            if r.fixable {
                assert!(
                    doc.contains("## Fix safety"),
                    "{} lacks ## Fix safety",
                    r.code
                );
            }
            assert!(!r.summary().is_empty(), "{} has no summary", r.code);
        }
    }
}
