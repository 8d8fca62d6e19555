//! Every `--format` on a real run: the output parses, carries every finding with the
//! right positions, and (for SARIF) meets the structural requirements of the SARIF
//! 2.1.0 schema that code-scanning services enforce.

use crate::common::{Scratch, BAD};
use serde_json::Value;

/// The JSON findings of BAD, the reference the other formats are compared with.
fn reference(s: &Scratch) -> Vec<Value> {
    let run = s.run(&["-f", "json", "Dockerfile"]);
    assert_eq!(run.code, 1, "{run:?}");
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let items = v.as_array().unwrap().clone();
    assert!(items.len() >= 2, "{run:?}");
    for f in &items {
        for key in [
            "file",
            "code",
            "severity",
            "message",
            "line",
            "column",
            "end_line",
            "end_column",
        ] {
            assert!(!f[key].is_null(), "{key} missing in {f}");
        }
        assert!(["error", "warning", "info", "style"].contains(&f["severity"].as_str().unwrap()));
    }
    items
}

fn scratch() -> Scratch {
    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    s
}

fn output(s: &Scratch, format: &str) -> String {
    let run = s.run(&["-f", format, "Dockerfile"]);
    assert_eq!(run.code, 1, "{format}: {run:?}");
    run.stdout
}

#[test]
fn json_positions_are_one_based_character_columns() {
    let s = Scratch::new();
    // The stage name follows a two-byte character: its column counts characters.
    s.write("Dockerfile", "FROM ubuntu AS Bé\n");
    let run = s.run(&["-f", "json", "--select", "StageNameCasing", "Dockerfile"]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v[0]["line"], 1, "{run:?}");
    assert_eq!(v[0]["column"], 16);
    assert_eq!(v[0]["end_line"], 1);
    assert_eq!(v[0]["end_column"], 18);
}

#[test]
fn sarif_meets_the_schema_requirements() {
    let s = scratch();
    let expected = reference(&s);
    let log: Value = serde_json::from_str(&output(&s, "sarif")).unwrap();
    // Required top-level properties and their values.
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    // tool.driver.name is required; rules are reportingDescriptors with a unique id.
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "dlint");
    let rules = driver["rules"].as_array().expect("a rules array");
    let mut ids = std::collections::HashSet::new();
    for r in rules {
        let id = r["id"].as_str().expect("rule id is a string");
        assert!(ids.insert(id), "duplicate rule id {id}");
        assert!(r["shortDescription"]["text"].is_string(), "{id}");
        if let Some(uri) = r.get("helpUri") {
            assert!(uri.as_str().unwrap().starts_with("https://"), "{id}");
        }
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(
            ["none", "note", "warning", "error"].contains(&level),
            "{id}: {level}"
        );
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), expected.len());
    for (result, want) in results.iter().zip(&expected) {
        // message.text is required; level is one of the schema's enum values.
        assert!(result["message"]["text"].is_string());
        assert!(["none", "note", "warning", "error"].contains(&result["level"].as_str().unwrap()));
        assert_eq!(result["ruleId"], want["code"]);
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], want["code"],
            "ruleIndex points at the rule"
        );
        let loc = &result["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "Dockerfile");
        let region = &loc["region"];
        // Lines and columns are integers >= 1 (schema minimum 1).
        for (key, json_key) in [
            ("startLine", "line"),
            ("startColumn", "column"),
            ("endLine", "end_line"),
            ("endColumn", "end_column"),
        ] {
            assert!(region[key].as_u64().unwrap() >= 1);
            assert_eq!(region[key], want[json_key], "{key}");
        }
    }
    assert_eq!(run["columnKind"], "unicodeCodePoints");
}

#[test]
fn checkstyle_and_junit_are_well_formed_xml() {
    let s = scratch();
    let expected = reference(&s);
    let checkstyle = output(&s, "checkstyle");
    let doc = roxmltree::Document::parse(&checkstyle).expect("well-formed checkstyle");
    let errors: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .collect();
    assert_eq!(errors.len(), expected.len());
    assert_eq!(
        errors[0].attribute("line"),
        Some(expected[0]["line"].to_string().as_str())
    );
    assert_eq!(
        errors[0].attribute("message"),
        expected[0]["message"].as_str()
    );

    let junit = output(&s, "junit");
    let doc = roxmltree::Document::parse(&junit).expect("well-formed junit");
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, expected.len());
    let root = doc.root_element();
    assert_eq!(
        root.attribute("failures"),
        Some(expected.len().to_string().as_str())
    );
}

#[test]
fn gitlab_code_quality() {
    let s = scratch();
    let expected = reference(&s);
    let v: Value = serde_json::from_str(&output(&s, "gitlab")).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), expected.len());
    for (issue, want) in issues.iter().zip(&expected) {
        assert_eq!(issue["check_name"], want["code"]);
        assert_eq!(issue["location"]["path"], "Dockerfile");
        assert_eq!(issue["location"]["lines"]["begin"], want["line"]);
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap()));
        assert_eq!(issue["fingerprint"].as_str().unwrap().len(), 32);
    }
    // hadolint's name for the format is accepted too.
    assert_eq!(output(&s, "gitlab_codeclimate"), output(&s, "gitlab"));
}

#[test]
fn github_annotations() {
    let s = scratch();
    let expected = reference(&s);
    let text = output(&s, "github");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), expected.len());
    for (line, want) in lines.iter().zip(&expected) {
        let prefix = format!(
            "file=Dockerfile,line={},col={},endLine={},endColumn={},title={} (",
            want["line"],
            want["column"],
            want["end_line"],
            want["end_column"],
            want["code"].as_str().unwrap()
        );
        assert!(
            line.starts_with("::warning ")
                || line.starts_with("::notice ")
                || line.starts_with("::error "),
            "{line}"
        );
        assert!(line.contains(&prefix), "{line} lacks {prefix}");
    }
}

#[test]
fn text_frames_underline_the_range() {
    let s = scratch();
    let text = output(&s, "text");
    assert!(
        text.contains(
            " --> Dockerfile:1:16\n  |\n1 | FROM ubuntu AS Build\n  |                ^^^^^\n"
        ),
        "{text}"
    );
    assert!(text.contains("Found "), "{text}");
}
