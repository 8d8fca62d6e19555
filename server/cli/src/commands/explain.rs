//! `dlint explain CODE`: a rule's documentation (its doc comment) with its metadata.

use super::{fail, print_stdout};
use dlint_linter::{find_rule, Rule};
use std::process::ExitCode;

pub fn render(rule: &Rule) -> String {
    let mut out = format!("# {} ({})\n\n", rule.code, rule.name);
    out.push_str(&format!(
        "Origin: {}. Default severity: {}. Fixable: {}.{}\n",
        rule.origin.as_str(),
        rule.default_severity,
        if rule.fixable { "yes" } else { "no" },
        if rule.experimental {
            " Experimental: enable it with --select."
        } else {
            ""
        }
    ));
    if let Some(url) = rule.url() {
        out.push_str(&format!("Documentation: {url}\n"));
    }
    out.push('\n');
    out.push_str(&rule.doc_markdown());
    out
}

pub fn run(code: &str) -> ExitCode {
    match find_rule(code).or_else(|| find_rule(&code.to_ascii_uppercase())) {
        Some(rule) => print_stdout(&render(rule)),
        None => fail(format!(
            "unknown rule `{code}` (`dlint rules` lists them all)"
        )),
    }
}
