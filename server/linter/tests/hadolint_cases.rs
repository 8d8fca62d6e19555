//! hadolint's own rule tests, run as data (`corpus/hadolint-cases/cases.jsonl`): every
//! case is linted under its configuration and the rule must fire (or not) as hadolint's
//! test says, with the demanded count when one is given. Deliberate differences are
//! listed with reasons in `hadolint_differences.tsv`; everything else must agree.

use dlint_linter::{lint, LabelType, Settings, SettingsLayer};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

struct Case {
    id: String,
    rule: String,
    catches: bool,
    count: Option<u64>,
    dockerfile: String,
    config: Option<String>,
}

fn load_cases() -> Vec<Case> {
    let path = dlint_test_support::corpus("hadolint-cases").join("cases.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("cases.jsonl line is JSON");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            let onbuild = v["onbuild"].as_bool().unwrap_or(false);
            let file = s("source")
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            let dockerfile = if onbuild {
                v["dockerfile_as_checked"]
                    .as_str()
                    .unwrap_or(v["dockerfile"].as_str().unwrap_or_default())
            } else {
                v["dockerfile"].as_str().unwrap_or_default()
            };
            Case {
                id: format!("{file}:{}", v["line"]),
                rule: s("rule"),
                catches: s("expect") == "catches",
                count: v["count"].as_u64(),
                // hadolint appends a newline before parsing.
                dockerfile: format!("{dockerfile}\n"),
                config: v["config"].as_str().map(str::to_string),
            }
        })
        .collect()
}

/// The strings inside double quotes in `text`, in order.
fn quoted(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The Haskell config expressions the cases use (`def { allowedRegistries = [...] }`,
/// `labelSchema = Map.fromList [("k", Rule.Type)]`, `strictLabels = True`,
/// `ignoreRules = [...]`) as a settings layer. An unknown form fails the test.
fn layer_for(config: &str) -> SettingsLayer {
    let mut layer = SettingsLayer::default();
    let mut known = false;
    if let Some(rest) = config.split("allowedRegistries").nth(1) {
        let list = rest.split(']').next().unwrap_or_default();
        layer.trusted_registries = quoted(list);
        known = true;
    }
    if let Some(rest) = config.split("labelSchema").nth(1) {
        let list = rest.split(")]").next().unwrap_or(rest);
        let mut schema = BTreeMap::new();
        for entry in list.split('(').skip(1) {
            let name = quoted(entry).into_iter().next().expect("label name");
            let ty = entry.rsplit(',').next().unwrap_or_default();
            let ty = ty
                .trim()
                .trim_end_matches([')', ']', ' ', '}'])
                .rsplit('.')
                .next()
                .unwrap_or_default();
            let kind = match ty {
                "RawText" => LabelType::Text,
                "Url" => LabelType::Url,
                "Rfc3339" => LabelType::Rfc3339,
                "Spdx" => LabelType::Spdx,
                "GitHash" => LabelType::Hash,
                "SemVer" => LabelType::Semver,
                "Email" => LabelType::Email,
                other => panic!("unknown label type {other} in {config}"),
            };
            schema.insert(name, kind);
        }
        layer.label_schema = schema;
        known = true;
    }
    if config.contains("strictLabels = True") {
        layer.strict_labels = Some(true);
        known = true;
    }
    if let Some(rest) = config.split("ignoreRules").nth(1) {
        layer.ignore = quoted(rest.split(']').next().unwrap_or_default());
        known = true;
    }
    assert!(known, "unsupported case config: {config}");
    layer
}

/// (case id, rule) → reason, from `hadolint_differences.tsv`.
fn differences() -> HashMap<(String, String), String> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hadolint_differences.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = HashMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.splitn(3, '\t');
        let (Some(id), Some(rule), Some(reason)) = (cols.next(), cols.next(), cols.next()) else {
            panic!("bad line in hadolint_differences.tsv: {line}");
        };
        assert!(
            !reason.trim().is_empty(),
            "difference without a reason: {line}"
        );
        out.insert((id.to_string(), rule.to_string()), reason.to_string());
    }
    out
}

enum Outcome {
    Agree,
    Differ(String),
    /// ShellCheck cases when no `shellcheck` binary is installed.
    NotRun,
}

fn run_case(case: &Case) -> Outcome {
    let mut settings = Settings::default();
    if case.rule == "ALL" {
        // Default rule set; the case demands no hadolint finding at all.
    } else if case.rule == "SC" {
        if let Err(why) = dlint_linter::shellcheck::status() {
            println!("{}: {why}", case.id);
            return Outcome::NotRun;
        }
        settings.apply(&SettingsLayer {
            select: Some(vec!["ShellCheck".into()]),
            ..SettingsLayer::default()
        });
    } else {
        settings.apply(&SettingsLayer {
            select: Some(vec![case.rule.clone()]),
            ..SettingsLayer::default()
        });
    }
    if let Some(config) = &case.config {
        settings.apply(&layer_for(config));
    }
    let result = lint(&case.dockerfile, None, &settings);
    let found: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| {
            if case.rule == "ALL" {
                d.code.starts_with("DL") || d.code.starts_with("SC")
            } else if case.rule == "SC" {
                d.code.starts_with("SC")
            } else {
                d.code == case.rule
            }
        })
        .collect();
    let n = found.len() as u64;
    let ok = match (case.catches, case.count) {
        (true, None) => n >= 1,
        (true, Some(want)) => n == want,
        (false, _) => n == 0,
    };
    if ok {
        Outcome::Agree
    } else {
        let detail: Vec<String> = found
            .iter()
            .map(|d| format!("{}@{:?} {}", d.code, d.span, d.message))
            .collect();
        Outcome::Differ(format!("found {n}: {detail:?}"))
    }
}

#[test]
fn hadolint_cases_agree() {
    let cases = load_cases();
    assert_eq!(cases.len(), 1104, "cases.jsonl changed size");
    let listed = differences();
    // rule → (agree, listed difference, unexpected difference, not run)
    let mut table: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    for case in &cases {
        let row = table.entry(case.rule.clone()).or_default();
        let key = (case.id.clone(), case.rule.clone());
        match run_case(case) {
            Outcome::Agree => {
                row[0] += 1;
                if listed.contains_key(&key) {
                    stale.push(format!("{} {}", case.id, case.rule));
                }
            }
            Outcome::Differ(detail) if listed.contains_key(&key) => {
                row[1] += 1;
                let _ = detail;
            }
            Outcome::Differ(detail) => {
                row[2] += 1;
                unexpected.push(format!(
                    "{} {} expected {}{}: {detail}\n{}",
                    case.id,
                    case.rule,
                    if case.catches { "catch" } else { "pass" },
                    case.count.map(|c| format!(" x{c}")).unwrap_or_default(),
                    case.dockerfile
                ));
            }
            Outcome::NotRun => row[3] += 1,
        }
    }
    println!(
        "{:<8} {:>6} {:>9} {:>10} {:>7}",
        "rule", "agree", "listed", "unexpected", "not-run"
    );
    let mut totals = [0usize; 4];
    for (rule, row) in &table {
        println!(
            "{rule:<8} {:>6} {:>9} {:>10} {:>7}",
            row[0], row[1], row[2], row[3]
        );
        for i in 0..4 {
            totals[i] += row[i];
        }
    }
    let evaluated = totals[0] + totals[1] + totals[2];
    let agreement = totals[0] as f64 / evaluated as f64;
    println!(
        "total: {} agree, {} listed differences, {} unexpected, {} not run (ShellCheck cases); agreement {:.2}%",
        totals[0], totals[1], totals[2], totals[3], agreement * 100.0
    );
    assert!(
        stale.is_empty(),
        "listed differences that now agree (remove them):\n{}",
        stale.join("\n")
    );
    assert!(
        unexpected.is_empty(),
        "{} unexpected differences:\n\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        agreement >= 0.99,
        "agreement {:.2}% is below 99%",
        agreement * 100.0
    );
}
