//! Applying fixes: choosing the fixes of one round that do not clash, re-linting after
//! each round until nothing changes, and keeping the file's line endings. `dlint check
//! --fix` and the server's `source.fixAll.dlint` both fix through [`fix_until_stable`].

use crate::{apply_edits, Applicability, Diagnostic, Edit, LintResult};

/// Fixing stops after this many lint–fix rounds even if fixes keep coming (a fix that
/// re-creates its own finding must not loop forever).
pub const MAX_ROUNDS: usize = 10;

/// The outcome of fixing one text.
#[derive(Debug)]
pub struct Fixed {
    pub text: String,
    /// The lint result of `text` (so nothing is linted twice).
    pub result: LintResult,
    pub applied: usize,
}

/// Whether a fix of this applicability is applied.
fn wanted(a: Applicability, unsafe_fixes: bool) -> bool {
    match a {
        Applicability::Safe => true,
        Applicability::Unsafe => unsafe_fixes,
        Applicability::DisplayOnly => false,
    }
}

/// The edits of the fixes to apply in one round: a fix is taken whole or not at all, and
/// only if none of its edits overlaps or touches an edit already taken (the rest wait for
/// the next round, after re-linting).
fn choose_edits(diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (Vec<Edit>, usize) {
    let mut taken: Vec<Edit> = Vec::new();
    let mut count = 0;
    for fix in diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        if !wanted(fix.applicability, unsafe_fixes) || fix.edits.is_empty() {
            continue;
        }
        let clashes = fix.edits.iter().any(|e| {
            taken
                .iter()
                .any(|t| e.span.start <= t.span.end && t.span.start <= e.span.end)
        });
        let self_overlap = fix.edits.iter().enumerate().any(|(i, a)| {
            fix.edits[i + 1..]
                .iter()
                .any(|b| a.span.start < b.span.end && b.span.start < a.span.end)
        });
        if clashes || self_overlap {
            continue;
        }
        taken.extend(fix.edits.iter().cloned());
        count += 1;
    }
    (taken, count)
}

/// Applies fixes to `source` until none applies or [`MAX_ROUNDS`] is reached,
/// re-linting with `lint` after each round (the caller's lint, so that findings from
/// outside the linter, like `--registry`'s, are fixed too). `first` is the lint result
/// of `source`.
pub fn fix_until_stable(
    source: &str,
    lint: impl Fn(&str) -> LintResult,
    unsafe_fixes: bool,
    first: LintResult,
) -> Fixed {
    let mut text = source.to_string();
    let mut result = first;
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let (edits, count) = choose_edits(&result.diagnostics, unsafe_fixes);
        if count == 0 {
            break;
        }
        // A rule producing an invalid edit must not corrupt the file: stop fixing.
        let Ok(next) = apply_edits(&text, &edits) else {
            break;
        };
        let next = keep_layout(source, next);
        if next == text {
            break;
        }
        text = next;
        applied += count;
        result = lint(&text);
    }
    Fixed {
        text,
        result,
        applied,
    }
}

/// Makes `fixed` keep `original`'s line endings (CRLF stays CRLF) and its final newline
/// or the absence of one, whatever the fixes' replacement texts used.
pub fn keep_layout(original: &str, fixed: String) -> String {
    let crlf = original.contains("\r\n") && !original.replace("\r\n", "").contains('\n');
    let mut out = if crlf && fixed.replace("\r\n", "").contains('\n') {
        fixed.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        fixed
    };
    let newline = if crlf { "\r\n" } else { "\n" };
    let had_final = original.ends_with('\n');
    if !had_final && !original.is_empty() {
        while out.ends_with('\n') {
            out.truncate(out.len() - if out.ends_with("\r\n") { 2 } else { 1 });
        }
    } else if had_final && !out.is_empty() && !out.ends_with('\n') {
        out.push_str(newline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fix;
    use dlint_syntax::Span;

    #[test]
    fn layout_is_kept() {
        assert_eq!(
            keep_layout("a\r\nb\r\n", "a\r\nx\ny\r\n".into()),
            "a\r\nx\r\ny\r\n"
        );
        assert_eq!(keep_layout("a\nb", "a\nc\n".into()), "a\nc");
        assert_eq!(keep_layout("a\nb\n", "a\nc".into()), "a\nc\n");
        assert_eq!(keep_layout("a\r\nb\r\n", "a\r\nc".into()), "a\r\nc\r\n");
        // Mixed endings are left as the fixes made them.
        assert_eq!(keep_layout("a\r\nb\n", "a\r\nx\n".into()), "a\r\nx\n");
    }

    fn diag_with(fix: Fix) -> Diagnostic {
        Diagnostic {
            code: "X",
            name: "x",
            severity: crate::Severity::Warning,
            message: String::new(),
            span: Span::empty(0),
            fix: Some(fix),
            url: None,
        }
    }

    #[test]
    fn overlapping_and_unwanted_fixes_wait() {
        let a = diag_with(Fix::safe("a", vec![Edit::replace(Span::new(0, 4), "x")]));
        let b = diag_with(Fix::safe("b", vec![Edit::replace(Span::new(2, 6), "y")]));
        let c = diag_with(Fix::unsafe_(
            "c",
            vec![Edit::replace(Span::new(10, 12), "z")],
        ));
        let d = diag_with(Fix::new(
            "d",
            Applicability::DisplayOnly,
            vec![Edit::insert(20, "w")],
        ));
        let all = [a, b, c, d];
        let (edits, n) = choose_edits(&all, false);
        assert_eq!((edits.len(), n), (1, 1));
        let (edits, n) = choose_edits(&all, true);
        assert_eq!((edits.len(), n), (2, 2));
    }
}
