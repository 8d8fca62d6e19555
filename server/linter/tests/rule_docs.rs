//! `docs/rules/<CODE>.md`, the rule table `docs/rules/README.md` and the rule table in
//! the repository's README (between `<!-- rules:start -->` and `<!-- rules:end -->`) are
//! generated from the rules' doc comments. This test fails when the committed files differ;
//! `UPDATE_DOCS=1 cargo test -p dlint_linter --test integration rule_docs` rewrites them.

use dlint_linter::{all_rules, Rule};

fn rule_page(rule: &Rule) -> String {
    let mut page = format!("# {}: {}\n\n", rule.code, rule.name);
    page.push_str(&format!(
        "Origin: {} · Default severity: {} · Fixable: {}{}\n",
        rule.origin.as_str(),
        rule.default_severity,
        if rule.fixable { "yes" } else { "no" },
        if rule.experimental {
            " · Experimental (off unless enabled)"
        } else {
            ""
        },
    ));
    if let Some(url) = rule.url() {
        page.push_str(&format!("\nUpstream documentation: <{url}>\n"));
    }
    page.push('\n');
    page.push_str(&rule.doc_markdown());
    page
}

/// The rule table's rows, linking each code to its page under `link_prefix`.
fn rows(rules: &[&Rule], link_prefix: &str) -> String {
    let mut out = String::from(
        "| code | name | origin | default severity | fixable | summary |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for r in rules {
        out.push_str(&format!(
            "| [{code}]({link_prefix}{code}.md) | {} | {} | {} | {} | {} |\n",
            r.name,
            r.origin.as_str(),
            r.default_severity,
            if r.fixable { "yes" } else { "" },
            r.summary().replace('|', "\\|"),
            code = r.code,
        ));
    }
    out
}

fn table(rules: &[&Rule]) -> String {
    format!(
        "# Rules\n\nGenerated from the rules' doc comments by `server/linter/tests/rule_docs.rs`; do not edit.\n\n{}",
        rows(rules, "")
    )
}

const START: &str = "<!-- rules:start -->\n";
const END: &str = "<!-- rules:end -->";

/// The repository README with its generated rule table replaced.
fn readme_with_table(readme: &str, rules: &[&Rule]) -> Option<String> {
    let start = readme.find(START)? + START.len();
    let end = start + readme[start..].find(END)?;
    Some(format!(
        "{}{}{}",
        &readme[..start],
        rows(rules, "docs/rules/"),
        &readme[end..]
    ))
}

#[test]
fn readme_rule_table_is_up_to_date() {
    let path = dlint_test_support::repo_root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md is readable");
    let expected = readme_with_table(&readme, &all_rules())
        .expect("README.md has <!-- rules:start --> and <!-- rules:end --> markers");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        if expected != readme {
            std::fs::write(&path, &expected).unwrap();
        }
    } else {
        assert!(
            expected == readme,
            "the rule table in README.md is out of date; run UPDATE_DOCS=1 cargo test -p dlint_linter --test integration rule_docs"
        );
    }
}

#[test]
fn generated_rule_docs_are_up_to_date() {
    let dir = dlint_test_support::repo_root().join("docs").join("rules");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let rules = all_rules();
    let mut files: Vec<(String, String)> = rules
        .iter()
        .map(|r| (format!("{}.md", r.code), rule_page(r)))
        .collect();
    files.push(("README.md".into(), table(&rules)));
    let mut stale = Vec::new();
    for (name, content) in &files {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            if std::fs::read_to_string(&path).ok().as_deref() != Some(content) {
                std::fs::write(&path, content).unwrap();
            }
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
            stale.push(name.clone());
        }
    }
    // Pages of rules that no longer exist are stale too.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !files.iter().any(|(n, _)| *n == name) {
                if update {
                    std::fs::remove_file(entry.path()).unwrap();
                } else {
                    stale.push(name);
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is out of date ({}); run UPDATE_DOCS=1 cargo test -p dlint_linter --test integration rule_docs",
        stale.join(", ")
    );
}
