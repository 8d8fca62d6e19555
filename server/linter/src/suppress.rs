//! Edits that silence a finding: an ignore comment above its instruction, or for
//! BuildKit's checks a `# check=skip=` comment (per instruction or in the file's
//! directive). Existing comments are extended rather than duplicated: BuildKit fails on a
//! second `# check=` directive (`buildkit-checks.md` §5, trap 3).

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::pragma::{line_of, line_starts, parse_ignore, PragmaScope};
use crate::registry::find_rule;
use crate::rule::Origin;
use dlint_syntax::{Dockerfile, Span};

/// Fixes that suppress `diag`, most local first. Empty when the finding is not inside
/// an instruction and cannot be suppressed by a file-level comment either.
pub fn suppression_fixes(source: &str, df: &Dockerfile, diag: &Diagnostic) -> Vec<Fix> {
    let starts = line_starts(source);
    let is_buildkit = find_rule(diag.code).is_some_and(|r| r.origin == Origin::BuildKit);
    let mut fixes = Vec::new();
    if let Some(ins) = df
        .instructions
        .iter()
        .find(|i| i.span.touches(diag.span.start))
    {
        let line = line_of(&starts, ins.span.start);
        let line_start = starts[line];
        let indent: String = source[line_start..ins.span.start]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let newline = if source.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let above = line
            .checked_sub(1)
            .and_then(|l| comment_on_line(source, df, &starts, l));
        if is_buildkit {
            let edit = match above.and_then(|c| extend_check_comment(source, c, diag.code)) {
                Some(edit) => edit,
                None => Edit::insert(
                    line_start,
                    format!("{indent}# check=skip={}{newline}", diag.code),
                ),
            };
            fixes.push(fix(
                format!("Skip {} for this instruction", diag.code),
                edit,
            ));
        } else {
            let edit = match above.and_then(|c| extend_ignore_comment(source, c, diag.code)) {
                Some(edit) => edit,
                None => Edit::insert(
                    line_start,
                    format!("{indent}# dlint ignore={}{newline}", diag.code),
                ),
            };
            fixes.push(fix(
                format!("Ignore {} for this instruction", diag.code),
                edit,
            ));
        }
    }
    if is_buildkit {
        fixes.push(fix(
            format!("Skip {} in this file", diag.code),
            file_skip_edit(source, df, diag.code),
        ));
    }
    fixes
}

fn fix(title: String, edit: Edit) -> Fix {
    // Suppressing is a choice the user makes; never applied by `--fix`.
    Fix::new(title, Applicability::DisplayOnly, vec![edit])
}

/// The span of a comment that occupies the whole of line `line`, if any.
fn comment_on_line(source: &str, df: &Dockerfile, starts: &[usize], line: usize) -> Option<Span> {
    df.comments
        .iter()
        .find(|c| {
            line_of(starts, c.span.start) == line
                && source[starts[line]..c.span.start].trim().is_empty()
        })
        .map(|c| c.span)
}

/// `# dlint ignore=A` / `# hadolint ignore=A` → `…=A,CODE`.
fn extend_ignore_comment(source: &str, comment: Span, code: &str) -> Option<Edit> {
    let text = &source[comment.range()];
    let after_hash = text.find('#')? + 1;
    let (scope, codes) = parse_ignore(&text[after_hash..])?;
    if scope != PragmaScope::Next {
        return None;
    }
    let (_, _, end) = codes.last()?;
    Some(Edit::insert(
        comment.start + after_hash + end,
        format!(",{code}"),
    ))
}

/// `# check=skip=A` → `# check=skip=A,CODE` (a comment with other options is left alone).
fn extend_check_comment(source: &str, comment: Span, code: &str) -> Option<Edit> {
    let text = &source[comment.range()];
    let body = text.trim_start_matches('#').trim_start();
    let value = body.strip_prefix("check=")?.strip_prefix("skip=")?;
    let list_len = value.find([' ', ';']).unwrap_or(value.len());
    let list_end = comment.start + (text.len() - value.len()) + list_len;
    Some(Edit::insert(list_end, format!(",{code}")))
}

/// Adds the rule to the file's `# check=` directive, or writes one.
fn file_skip_edit(source: &str, df: &Dockerfile, code: &str) -> Edit {
    let newline = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let Some(directive) = df.directive("check") else {
        // After the existing directives (they must stay together at the top).
        let at = df
            .directives
            .last()
            .map(|d| {
                let rest = &source[d.span.end..];
                d.span.end + rest.find('\n').map_or(rest.len(), |i| i + 1)
            })
            .unwrap_or(if df.bom { 3 } else { 0 });
        let lead = if at == source.len() && !source.is_empty() && !source.ends_with('\n') {
            newline
        } else {
            ""
        };
        return Edit::insert(at, format!("{lead}# check=skip={code}{newline}"));
    };
    let value = &source[directive.value_span.range()];
    // Only the part before the first space counts; options are separated by `;`.
    let effective = value.split(' ').next().unwrap_or("");
    let mut offset = 0;
    for part in effective.split(';') {
        if let Some(list) = part.trim_start().strip_prefix("skip=") {
            let end = directive.value_span.start + offset + part.len();
            let sep = if list.trim().is_empty() { "" } else { "," };
            return Edit::insert(end, format!("{sep}{code}"));
        }
        offset += part.len() + 1;
    }
    let sep = if effective.is_empty() { "" } else { ";" };
    Edit::insert(directive.value_span.start, format!("skip={code}{sep}"))
}
