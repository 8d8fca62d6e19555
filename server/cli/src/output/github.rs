//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request's diff.

use super::{all_findings, FileReport};
use dlint_linter::Severity;
use std::io::{self, Write};

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "notice",
    }
}

/// Escaping of a command's message (GitHub's runner decodes these).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value, where `:` and `,` are separators too.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for (r, f) in all_findings(reports) {
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            escape_property(&r.display_path()),
            f.start.line,
            f.start.column,
            f.end.line,
            f.end.column,
            escape_property(&format!("{} ({})", f.code, f.name)),
            escape_data(&format!("{}: {}", f.code, f.message))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(crate::output::fixtures::render(super::write));
    }

    #[test]
    fn escapes() {
        assert_eq!(super::escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
