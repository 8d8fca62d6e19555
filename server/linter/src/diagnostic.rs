//! What a rule reports: a diagnostic with a byte range, a severity and maybe a fix.
//!
//! Everything here is plain data in byte offsets; the CLI and the language server convert
//! to lines and columns (and to UTF-16) at their own boundary.

use dlint_syntax::Span;
use std::fmt;

/// How serious a finding is. The names and order are hadolint's (`style` is the lowest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Style,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Style,
    ];

    /// The lower-case name used in configuration files and output (`error`, `style`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }

    /// Parses a level name case-insensitively.
    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied without the user looking at it (ruff's model).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Applicability {
    /// Keeps the meaning of the Dockerfile; `--fix` applies it.
    Safe,
    /// May change the build's behaviour; applied only on explicit request.
    Unsafe,
    /// Shown to the user as a suggestion, never applied automatically.
    DisplayOnly,
}

/// Replace the bytes of `span` with `replacement` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(Span::empty(at), text)
    }
    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }
}

/// A set of non-overlapping edits that together fix one finding. The edits may touch
/// several instructions (e.g. renaming a stage and its references).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// Imperative, shown in editors: "Lowercase the stage name".
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(title: impl Into<String>, applicability: Applicability, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            applicability,
            edits,
        }
    }
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Safe, edits)
    }
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(title, Applicability::Unsafe, edits)
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule code: `DL3008`, `SC2086`, `StageNameCasing`, `DF001`.
    pub code: &'static str,
    /// The rule's kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Byte range in the source text.
    pub span: Span,
    pub fix: Option<Fix>,
    /// Documentation of the rule, when it has a page.
    pub url: Option<String>,
}

impl Diagnostic {
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }
}

/// Applies edits to `source` (used by `--fix` and by tests). Edits must not overlap;
/// overlapping or out-of-range edits are an error rather than a corrupted file.
pub fn apply_edits(source: &str, edits: &[Edit]) -> Result<String, String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for edit in sorted {
        let Span { start, end } = edit.span;
        if start < at || end < start || end > source.len() {
            return Err(format!("edit {start}..{end} overlaps or is out of range"));
        }
        if !source.is_char_boundary(start) || !source.is_char_boundary(end) {
            return Err(format!("edit {start}..{end} splits a character"));
        }
        out.push_str(&source[at..start]);
        out.push_str(&edit.replacement);
        at = end;
    }
    out.push_str(&source[at..]);
    Ok(out)
}
