//! `--format junit`: one test suite per file; each finding is a failed test case, and a
//! clean file is one passing test case, so CI dashboards count checked files too.

use super::xml::escape;
use super::FileReport;
use std::io::{self, Write};

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let failures: usize = reports.iter().map(|r| r.findings.len()).sum();
    let tests: usize = reports.iter().map(|r| r.findings.len().max(1)).sum();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"dlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    )?;
    for r in reports {
        let file = escape(&r.display_path());
        writeln!(
            out,
            "  <testsuite name=\"{file}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            r.findings.len().max(1),
            r.findings.len()
        )?;
        if r.findings.is_empty() {
            writeln!(out, "    <testcase name=\"dlint\" classname=\"{file}\"/>")?;
        }
        for f in &r.findings {
            writeln!(
                out,
                "    <testcase name=\"{} at {}:{}\" classname=\"{file}\">",
                escape(f.code),
                f.start.line,
                f.start.column
            )?;
            writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{file}:{}:{}: {} {}: {}</failure>",
                f.severity,
                escape(&f.message),
                f.start.line,
                f.start.column,
                escape(f.code),
                f.severity,
                escape(&f.message)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(crate::output::fixtures::render(super::write));
    }
}
