//! `dlint rules`: every rule with its code, name, default severity and fixability.

use super::print_stdout;
use crate::args::RulesFormat;
use dlint_linter::{all_rules, Rule};
use serde_json::json;
use std::process::ExitCode;

pub fn table(rules: &[&Rule]) -> String {
    let code_w = rules.iter().map(|r| r.code.len()).max().unwrap_or(4).max(4);
    let name_w = rules.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:<code_w$}  {:<name_w$}  {:<8}  {:<7}  ORIGIN\n",
        "CODE", "NAME", "SEVERITY", "FIXABLE"
    );
    for r in rules {
        let fixable = if r.fixable { "yes" } else { "no" };
        let origin = if r.experimental {
            format!("{} (experimental)", r.origin.as_str())
        } else {
            r.origin.as_str().to_string()
        };
        out.push_str(&format!(
            "{:<code_w$}  {:<name_w$}  {:<8}  {:<7}  {origin}\n",
            r.code,
            r.name,
            r.default_severity.as_str(),
            fixable
        ));
    }
    out
}

pub fn json_list(rules: &[&Rule]) -> String {
    let items: Vec<_> = rules
        .iter()
        .map(|r| {
            json!({
                "code": r.code,
                "name": r.name,
                "origin": r.origin.as_str(),
                "severity": r.default_severity.as_str(),
                "fixable": r.fixable,
                "experimental": r.experimental,
                "summary": r.summary(),
                "url": r.url(),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).expect("plain values serialise");
    s.push('\n');
    s
}

pub fn run(format: RulesFormat) -> ExitCode {
    let rules = all_rules();
    print_stdout(&match format {
        RulesFormat::Text => table(&rules),
        RulesFormat::Json => json_list(&rules),
    })
}
