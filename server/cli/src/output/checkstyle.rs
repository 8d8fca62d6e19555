//! `--format checkstyle`: Checkstyle XML, one `<file>` per linted file (clean files
//! included, as Checkstyle does, so consumers see what was checked).

use super::xml::escape;
use super::FileReport;
use dlint_linter::Severity;
use std::io::{self, Write};

fn checkstyle_severity(s: Severity) -> &'static str {
    // Checkstyle knows error, warning, info and ignore.
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "info",
    }
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<checkstyle version=\"4.3\">")?;
    for r in reports {
        writeln!(out, "  <file name=\"{}\">", escape(&r.display_path()))?;
        for f in &r.findings {
            writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"dlint.{}\"/>",
                f.start.line,
                f.start.column,
                checkstyle_severity(f.severity),
                escape(&f.message),
                escape(f.code)
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(crate::output::fixtures::render(super::write));
    }
}
