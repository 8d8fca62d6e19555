//! Reports: the findings of a run in a format-neutral shape ([`FileReport`]) and one
//! writer per output format.

pub mod checkstyle;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;
pub mod text;
mod xml;

use crate::args::Format;
use dlint_linter::{Applicability, Diagnostic, LintResult, Severity};
use dlint_syntax::line_index::{Encoding, LineIndex};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A 1-based line and a 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// One finding with its positions resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub url: Option<String>,
    pub start: Pos,
    /// Exclusive: the character after the range (equal to `start` for an empty range).
    pub end: Pos,
    /// Byte offsets in the file's text, for code frames.
    pub byte_start: usize,
    pub byte_end: usize,
    /// The fix on offer, if any: its title and whether `--fix` applies it.
    pub fix: Option<(String, Applicability)>,
}

/// The outcome for one linted file.
#[derive(Clone, Debug, PartialEq)]
pub struct FileReport {
    /// As given on the command line or found in a directory (stdin: its name or `-`).
    pub path: PathBuf,
    /// The text the findings refer to (after fixes, when fixes were applied).
    pub source: String,
    pub findings: Vec<Finding>,
    /// BuildKit would fail the build (`# check=error=true`).
    pub buildkit_failure: Option<String>,
    /// Fixes applied to the file by `--fix`.
    pub fixes_applied: usize,
    /// Whether this file's findings fail the run under its settings.
    pub fails: bool,
}

impl FileReport {
    pub fn new(
        path: PathBuf,
        source: String,
        result: LintResult,
        fails: bool,
        fixes_applied: usize,
    ) -> FileReport {
        let index = LineIndex::new(&source);
        let findings = result
            .diagnostics
            .iter()
            .map(|d| finding(&source, &index, d))
            .collect();
        FileReport {
            path,
            source,
            findings,
            buildkit_failure: result.buildkit_failure,
            fixes_applied,
            fails,
        }
    }

    pub fn display_path(&self) -> String {
        display_path(&self.path)
    }
}

/// A path as reports show it: forward slashes, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}

fn finding(source: &str, index: &LineIndex, d: &Diagnostic) -> Finding {
    let pos = |offset: usize| {
        let (line, col) = index.position(source, offset, Encoding::Utf32);
        Pos {
            line: line + 1,
            column: col + 1,
        }
    };
    let byte_end = d.span.end.max(d.span.start).min(source.len());
    let byte_start = d.span.start.min(byte_end);
    Finding {
        code: d.code,
        name: d.name,
        severity: d.severity,
        message: d.message.clone(),
        url: d.url.clone(),
        start: pos(byte_start),
        end: pos(byte_end),
        byte_start,
        byte_end,
        fix: d.fix.as_ref().map(|f| (f.title.clone(), f.applicability)),
    }
}

/// What the text format needs beyond the reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextOptions {
    pub color: bool,
    /// Files that could not be linted (so the summary must not claim success).
    pub unlinted: usize,
    /// Whether unsafe fixes were enabled, so `[*]` marks them as applicable too.
    pub unsafe_fixes: bool,
}

/// Writes the findings of all files in `format`.
pub fn write_report(
    format: Format,
    reports: &[FileReport],
    style: TextOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => text::write(reports, style, out),
        Format::Json => json::write(reports, out),
        Format::Sarif => sarif::write(reports, out),
        Format::Checkstyle => checkstyle::write(reports, out),
        Format::Gitlab => gitlab::write(reports, out),
        Format::Github => github::write(reports, out),
        Format::Junit => junit::write(reports, out),
    }
}

/// All findings of all files with their file, in report order.
pub fn all_findings(reports: &[FileReport]) -> impl Iterator<Item = (&FileReport, &Finding)> {
    reports
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| (r, f)))
}

/// Writes pretty-printed JSON followed by a newline.
pub fn write_json(value: &impl serde::Serialize, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// Whether `--fix` (with `unsafe_fixes` as given) would apply this finding's fix.
pub fn is_applicable(fix: &Option<(String, Applicability)>, unsafe_fixes: bool) -> bool {
    match fix {
        Some((_, Applicability::Safe)) => true,
        Some((_, Applicability::Unsafe)) => unsafe_fixes,
        _ => false,
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
