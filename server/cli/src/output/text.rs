//! The default format: rustc/ruff-style code frames with the range underlined.
//!
//! ```text
//! warning[StageNameCasing]: Stage name 'Build' should be lowercase
//!  --> svc/Dockerfile:1:16
//!   |
//! 1 | FROM ubuntu AS Build
//!   |                ^^^^^
//!   = fix [*]: Lowercase the stage name
//!   = docs: https://docs.docker.com/go/dockerfile/rule/stage-name-casing/
//! ```

use super::{all_findings, is_applicable, FileReport, Finding, TextOptions};
use dlint_linter::{Applicability, Severity};
use dlint_syntax::line_index::LineIndex;
use std::io::{self, Write};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const GUTTER: &str = "\x1b[1;34m";
const TAB_WIDTH: usize = 4;
/// Spans longer than this many lines show their first and last lines only.
const MAX_FRAME_LINES: usize = 4;

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;34m",
        Severity::Style => "\x1b[1;36m",
    }
}

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

pub fn write(reports: &[FileReport], style: TextOptions, out: &mut dyn Write) -> io::Result<()> {
    let p = Painter { color: style.color };
    for report in reports {
        let index = LineIndex::new(&report.source);
        for f in &report.findings {
            write_finding(report, &index, f, style, &p, out)?;
        }
        if let Some(failure) = &report.buildkit_failure {
            writeln!(
                out,
                "{}: {}: BuildKit would fail this build: {failure}\n",
                p.paint(severity_color(Severity::Error), "error"),
                report.display_path()
            )?;
        }
    }
    write_summary(reports, style, &p, out)
}

fn write_finding(
    report: &FileReport,
    index: &LineIndex,
    f: &Finding,
    style: TextOptions,
    p: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let color = severity_color(f.severity);
    let marker = if is_applicable(&f.fix, style.unsafe_fixes) {
        " [*]"
    } else {
        ""
    };
    writeln!(
        out,
        "{}{}{} {}",
        p.paint(color, &format!("{}[{}]", f.severity, f.code)),
        p.paint(BOLD, ":"),
        marker,
        p.paint(BOLD, &f.message.replace('\n', " "))
    )?;
    let lines = frame_lines(&report.source, index, f);
    let width = lines.last().map_or(1, |l| digits(l.number));
    let pad = " ".repeat(width);
    writeln!(
        out,
        "{pad}{} {}:{}:{}",
        p.paint(GUTTER, "-->"),
        report.display_path(),
        f.start.line,
        f.start.column
    )?;
    writeln!(out, "{pad} {}", p.paint(GUTTER, "|"))?;
    let mut previous = None;
    for line in &lines {
        if previous.is_some_and(|n| n + 1 != line.number) {
            writeln!(out, "{}", p.paint(GUTTER, "..."))?;
        }
        previous = Some(line.number);
        let number = format!("{:>width$} |", line.number);
        writeln!(
            out,
            "{}{}",
            p.paint(GUTTER, &number),
            prefix_space(&line.text)
        )?;
        writeln!(
            out,
            "{pad} {} {}{}",
            p.paint(GUTTER, "|"),
            " ".repeat(line.underline_from),
            p.paint(color, &"^".repeat(line.underline_len))
        )?;
    }
    if let Some((title, applicability)) = &f.fix {
        let kind = match applicability {
            Applicability::Safe => "fix [*]",
            Applicability::Unsafe if style.unsafe_fixes => "unsafe fix [*]",
            Applicability::Unsafe => "unsafe fix (--unsafe-fixes)",
            Applicability::DisplayOnly => "suggestion",
        };
        writeln!(out, "{pad} {} {kind}: {title}", p.paint(GUTTER, "="))?;
    }
    if let Some(url) = &f.url {
        writeln!(out, "{pad} {} docs: {url}", p.paint(GUTTER, "="))?;
    }
    writeln!(out)
}

/// The source line after the gutter: a space, unless the line is empty (no trailing
/// whitespace in the output).
fn prefix_space(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(" {text}")
    }
}

struct FrameLine {
    /// 1-based.
    number: usize,
    /// Tabs expanded.
    text: String,
    underline_from: usize,
    underline_len: usize,
}

/// The lines of a finding's range, each with the part to underline (in display columns).
fn frame_lines(source: &str, index: &LineIndex, f: &Finding) -> Vec<FrameLine> {
    let first = index.line_of(f.byte_start);
    let mut last = index.line_of(f.byte_end);
    // A range ending at the very start of a line ends, visibly, on the line before.
    if last > first && index.line_start(last) == Some(f.byte_end) {
        last -= 1;
    }
    let mut numbers: Vec<usize> = (first..=last).collect();
    if numbers.len() > MAX_FRAME_LINES {
        numbers = vec![first, first + 1, last];
    }
    numbers
        .into_iter()
        .map(|n| {
            let start = index.line_start(n).unwrap_or(source.len());
            let end = index.line_start(n + 1).unwrap_or(source.len());
            let raw = source[start..end].trim_end_matches(['\n', '\r']);
            let from = f.byte_start.clamp(start, start + raw.len()) - start;
            let to = f.byte_end.clamp(start, start + raw.len()) - start;
            let (from, to) = (floor_char(raw, from), floor_char(raw, to));
            let col_from = display_width(&raw[..from]);
            let col_to = display_width(&raw[..to]);
            // Continuation lines underline from their first non-blank character.
            let indent = display_width(&raw[..raw.len() - raw.trim_start().len()]);
            let col_from = if n == first {
                col_from
            } else {
                col_from.max(indent)
            };
            FrameLine {
                number: n + 1,
                text: expand_tabs(raw),
                underline_from: col_from,
                underline_len: col_to.saturating_sub(col_from).max(1),
            }
        })
        .collect()
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { TAB_WIDTH } else { 1 })
        .sum()
}

fn expand_tabs(s: &str) -> String {
    s.replace('\t', &" ".repeat(TAB_WIDTH))
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

fn write_summary(
    reports: &[FileReport],
    style: TextOptions,
    p: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let fixed: usize = reports.iter().map(|r| r.fixes_applied).sum();
    let total = all_findings(reports).count();
    let files = reports.iter().filter(|r| !r.findings.is_empty()).count();
    let fixable = all_findings(reports)
        .filter(|(_, f)| is_applicable(&f.fix, style.unsafe_fixes))
        .count();
    let hidden_unsafe = all_findings(reports)
        .filter(|(_, f)| !style.unsafe_fixes && matches!(f.fix, Some((_, Applicability::Unsafe))))
        .count();
    if total == 0 {
        if style.unlinted > 0 {
            writeln!(out, "No problems found in the files that could be linted.")?;
        } else if fixed > 0 {
            writeln!(out, "Fixed {} (nothing left).", plural(fixed, "problem"))?;
        } else {
            writeln!(out, "{}", p.paint(BOLD, "All checks passed!"))?;
        }
        return Ok(());
    }
    let mut line = format!(
        "Found {} in {}",
        plural(total, "problem"),
        plural(files, "file")
    );
    if fixed > 0 {
        line.push_str(&format!(" after fixing {}", plural(fixed, "problem")));
    }
    line.push('.');
    writeln!(out, "{}", p.paint(BOLD, &line))?;
    if fixable > 0 {
        writeln!(out, "[*] {fixable} fixable with `--fix`.")?;
    }
    if hidden_unsafe > 0 {
        writeln!(
            out,
            "{hidden_unsafe} more fixable with `--fix --unsafe-fixes`."
        )?;
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures::reports;

    fn render(color: bool) -> String {
        let mut out = Vec::new();
        let style = TextOptions {
            color,
            ..TextOptions::default()
        };
        write(&reports(), style, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(false));
    }

    #[test]
    fn colour_only_when_asked() {
        assert!(!render(false).contains('\x1b'));
        let coloured = render(true);
        assert!(coloured.contains("\x1b[1;33mwarning[DL3008]"), "{coloured}");
    }

    #[test]
    fn clean_run_says_so_unless_files_were_skipped() {
        let summary = |unlinted| {
            let mut out = Vec::new();
            let options = TextOptions {
                unlinted,
                ..TextOptions::default()
            };
            write(&reports()[1..], options, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(summary(0), "All checks passed!\n");
        assert!(!summary(1).contains("All checks passed"));
    }
}
