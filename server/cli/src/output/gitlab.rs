//! `--format gitlab`: GitLab Code Quality, a JSON array of Code Climate issues.
//!
//! Fingerprints hash the file, the rule, the message and the flagged text (not the line
//! number), so a finding keeps its fingerprint when lines above it move; repeats of the
//! same text in a file are told apart by their occurrence number.

use super::{all_findings, FileReport, Finding};
use dlint_linter::Severity;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{self, Write};

fn gitlab_severity(s: Severity) -> &'static str {
    // hadolint's mapping, so dashboards look the same after switching.
    match s {
        Severity::Error => "blocker",
        Severity::Warning => "major",
        Severity::Info => "info",
        Severity::Style => "minor",
    }
}

/// 64-bit FNV-1a; two differently seeded runs give a 128-bit fingerprint. Not
/// cryptographic, which fingerprints need not be.
fn fnv1a(seed: u64, parts: &[&[u8]]) -> u64 {
    let mut h = seed;
    for part in parts {
        for &b in part.iter().chain(&[0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn fingerprint(file: &str, f: &Finding, text: &str, occurrence: usize) -> String {
    let occurrence = occurrence.to_string();
    let parts: [&[u8]; 5] = [
        file.as_bytes(),
        f.code.as_bytes(),
        f.message.as_bytes(),
        text.as_bytes(),
        occurrence.as_bytes(),
    ];
    format!(
        "{:016x}{:016x}",
        fnv1a(0xcbf2_9ce4_8422_2325, &parts),
        fnv1a(0x6c62_272e_07bb_0142, &parts)
    )
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let items: Vec<Value> = all_findings(reports)
        .map(|(r, f)| {
            let file = r.display_path();
            let text = r.source.get(f.byte_start..f.byte_end).unwrap_or("");
            let base = fingerprint(&file, f, text, 0);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let fp = if *n == 1 {
                base
            } else {
                fingerprint(&file, f, text, *n)
            };
            json!({
                "type": "issue",
                "check_name": f.code,
                "description": format!("{}: {}", f.code, f.message),
                "categories": ["Style"],
                "severity": gitlab_severity(f.severity),
                "fingerprint": fp,
                "location": {
                    "path": file,
                    "lines": { "begin": f.start.line, "end": f.end.line },
                },
            })
        })
        .collect();
    super::write_json(&items, out)
}

#[cfg(test)]
mod tests {
    use crate::output::fixtures::{render_reports, reports};

    #[test]
    fn snapshot_and_unique_fingerprints() {
        let mut rs = reports();
        // The same finding twice in one file must still get two fingerprints.
        let dup = rs[0].findings[0].clone();
        rs[0].findings.push(dup);
        let text = render_reports(super::write, &rs);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let fps: std::collections::HashSet<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert_eq!(fps.len(), 4);
        insta::assert_snapshot!(text);
    }
}
