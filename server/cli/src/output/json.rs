//! `--format json`: one array of flat objects, one per finding, in report order.
//!
//! Lines and columns are 1-based and count characters; `end_column` is exclusive (the
//! column just after the range). `level` repeats `severity` under hadolint's key so that
//! scripts written for `hadolint -f json` keep working.

use super::{all_findings, FileReport, Finding};
use dlint_linter::Applicability;
use serde_json::{json, Value};
use std::io::{self, Write};

pub fn finding_json(file: &str, f: &Finding) -> Value {
    json!({
        "file": file,
        "code": f.code,
        "name": f.name,
        "severity": f.severity.as_str(),
        "level": f.severity.as_str(),
        "message": f.message,
        "line": f.start.line,
        "column": f.start.column,
        "end_line": f.end.line,
        "end_column": f.end.column,
        "url": f.url,
        "fix": f.fix.as_ref().map(|(title, a)| json!({
            "title": title,
            "applicability": applicability_name(*a),
        })),
    })
}

pub fn applicability_name(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let items: Vec<Value> = all_findings(reports)
        .map(|(r, f)| finding_json(&r.display_path(), f))
        .collect();
    super::write_json(&items, out)
}

#[cfg(test)]
mod tests {
    use crate::output::fixtures::render;

    #[test]
    fn snapshot() {
        let text = render(super::write);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed.as_array().unwrap().len(), 3);
        insta::assert_snapshot!(text);
    }
}
