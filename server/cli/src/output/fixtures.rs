//! Hand-made reports for the format snapshot tests: fixed findings, so that the
//! snapshots change only when a writer changes, not when a rule's wording does.

use super::{FileReport, Finding, Pos};
use dlint_linter::{Applicability, Severity};
use std::path::PathBuf;

fn finding(
    source: &str,
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: &str,
    (byte_start, byte_end): (usize, usize),
    fix: Option<(&str, Applicability)>,
) -> Finding {
    let pos = |offset: usize| {
        let before = &source[..offset];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos {
            line,
            column: source[line_start..offset].chars().count() as u32 + 1,
        }
    };
    Finding {
        code,
        name,
        severity,
        message: message.to_string(),
        url: Some(format!("https://example.invalid/rules/{code}")),
        start: pos(byte_start),
        end: pos(byte_end),
        byte_start,
        byte_end,
        fix: fix.map(|(t, a)| (t.to_string(), a)),
    }
}

/// Two files: one with three findings (one multi-line, one fixable, one with characters
/// that need escaping in XML and JSON), one clean.
pub fn reports() -> Vec<FileReport> {
    let src = "FROM ubuntu AS Build\nRUN apt-get install -y \\\n    curl\nLABEL é=\"<&>\"\n";
    let stage = src.find("Build").unwrap();
    let run = src.find("RUN").unwrap();
    let run_end = src.find("curl").unwrap() + 4;
    let label = src.find("LABEL").unwrap();
    let findings = vec![
        finding(
            src,
            "StageNameCasing",
            "stage-name-casing",
            Severity::Warning,
            "Stage name 'Build' should be lowercase",
            (stage, stage + 5),
            Some(("Lowercase the stage name", Applicability::Safe)),
        ),
        finding(
            src,
            "DL3008",
            "pin-apt-versions",
            Severity::Warning,
            "Pin versions in apt get install",
            (run, run_end),
            None,
        ),
        finding(
            src,
            "DL3048",
            "label-key-format",
            Severity::Style,
            "Invalid label key \"é\" <&>",
            (label + 6, label + 6 + "é".len()),
            Some(("Rename the label", Applicability::Unsafe)),
        ),
    ];
    vec![
        FileReport {
            path: PathBuf::from("./svc/Dockerfile"),
            source: src.to_string(),
            findings,
            buildkit_failure: None,
            fixes_applied: 0,
            fails: true,
        },
        FileReport {
            path: PathBuf::from("clean.Dockerfile"),
            source: "FROM scratch\n".to_string(),
            findings: Vec::new(),
            buildkit_failure: None,
            fixes_applied: 0,
            fails: false,
        },
    ]
}

/// Runs a format writer on [`reports`] and returns its output.
pub fn render(write: fn(&[FileReport], &mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    render_reports(write, &reports())
}

/// Runs a format writer on the given reports and returns its output.
pub fn render_reports(
    write: fn(&[FileReport], &mut dyn std::io::Write) -> std::io::Result<()>,
    reports: &[FileReport],
) -> String {
    let mut out = Vec::new();
    write(reports, &mut out).expect("writing to memory succeeds");
    String::from_utf8(out).expect("reports are UTF-8")
}
