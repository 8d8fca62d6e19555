//! `--fix` and `--diff`: applying fixes until the file is stable, keeping the file's
//! layout, writing it atomically, and rendering the change as a unified diff.

use dlint_linter::{apply_edits, Applicability, Diagnostic, Edit, LintResult};
use std::io::Write;
use std::path::Path;

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

/// Replaces `path`'s content by writing a temporary file beside it and renaming it over
/// the original, so a crash never leaves half a file. The original's permissions are
/// kept; a symbolic link is followed and its target rewritten.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".dlint-fix-")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), permissions)?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff (3 lines of context) of one file, empty when nothing changes.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dlint_linter::Fix;
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
            severity: dlint_linter::Severity::Warning,
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

    #[test]
    fn diff_is_unified() {
        let d = unified_diff("Dockerfile", "FROM a\nRUN b\n", "FROM a\nRUN c\n");
        assert!(
            d.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n"),
            "{d}"
        );
        assert!(d.contains("-RUN b\n+RUN c\n"), "{d}");
        assert_eq!(unified_diff("x", "same", "same"), "");
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("Dockerfile");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&file, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_through_a_symlink_rewrites_the_target() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("Dockerfile.real");
        let link = tmp.path().join("Dockerfile");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, "new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }
}
