//! `--format sarif`: SARIF 2.1.0, one run, with the full rules list (descriptions, help
//! links and default levels) that code-scanning dashboards show next to each result.

use super::{all_findings, FileReport, Finding};
use dlint_linter::{all_rules, Applicability, Rule, Severity};
use serde_json::{json, Value};
use std::io::{self, Write};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn rule_json(rule: &Rule) -> Value {
    let mut r = json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary() },
        "help": { "text": rule.summary(), "markdown": rule.doc_markdown() },
        "defaultConfiguration": { "level": level(rule.default_severity) },
        "properties": {
            "tags": [rule.origin.as_str()],
            "dlint/severity": rule.default_severity.as_str(),
            "dlint/fixable": rule.fixable,
        },
    });
    if let Some(url) = rule.url() {
        r["helpUri"] = json!(url);
    }
    r
}

/// A relative path as a URI reference: `/` separators, everything outside RFC 3986's
/// unreserved set and `/` percent-encoded.
pub fn path_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A descriptor for a code the rule registry does not list (ShellCheck's SC codes are
/// reported by the external tool, one code per check).
fn external_rule_json(f: &Finding) -> Value {
    let (code, name) = (f.code, f.name);
    let mut r = json!({
        "id": code,
        "name": name,
        "shortDescription": { "text": format!("{code} ({name})") },
        "defaultConfiguration": { "level": level(f.severity) },
    });
    if let Some(url) = &f.url {
        r["helpUri"] = json!(url);
    }
    r
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let known = all_rules();
    let mut descriptors: Vec<Value> = known.iter().map(|r| rule_json(r)).collect();
    let mut ids: Vec<&str> = known.iter().map(|r| r.code).collect();
    let results: Vec<Value> = all_findings(reports)
        .map(|(r, f)| {
            let index = ids.iter().position(|id| *id == f.code).unwrap_or_else(|| {
                descriptors.push(external_rule_json(f));
                ids.push(f.code);
                ids.len() - 1
            });
            let mut result = json!({
                "ruleId": f.code,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": path_uri(&r.display_path()) },
                        "region": {
                            "startLine": f.start.line,
                            "startColumn": f.start.column,
                            "endLine": f.end.line,
                            "endColumn": f.end.column,
                        },
                    },
                }],
                "properties": { "dlint/severity": f.severity.as_str() },
            });
            if let Some((title, a)) = &f.fix {
                result["properties"]["dlint/fix"] = json!({
                    "title": title,
                    "safe": *a == Applicability::Safe,
                });
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "dlint",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    super::write_json(&log, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_point_at_their_rules() {
        let out = crate::output::fixtures::render(write);
        let v: Value = serde_json::from_str(&out).unwrap();
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert!(!rules.is_empty());
        // The fixture's StageNameCasing is a real BuildKit rule; its index must match.
        let result = &run["results"][0];
        let i = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], result["ruleId"]);
        assert!(rules[i]["helpUri"]
            .as_str()
            .unwrap()
            .starts_with("https://"));
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "svc/Dockerfile"
        );
    }

    #[test]
    fn codes_outside_the_registry_get_a_descriptor() {
        let mut reports = crate::output::fixtures::reports();
        let f = &mut reports[0].findings[1];
        f.code = "SC2164";
        f.name = "SC2164";
        let v: Value =
            serde_json::from_str(&crate::output::fixtures::render_reports(write, &reports))
                .unwrap();
        let run = &v["runs"][0];
        let i = run["results"][1]["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(run["tool"]["driver"]["rules"][i]["id"], "SC2164");
    }

    #[test]
    fn uris_are_encoded() {
        assert_eq!(path_uri("a b/Dockerfile#1"), "a%20b/Dockerfile%231");
    }
}
