//! Every real Dockerfile of the shared corpus analyses without panicking, and every span
//! the model hands out lies inside the text on character boundaries.

use dlint_semantic::{analyze, Model};
use dlint_syntax::{parse_text, Span};
use std::path::Path;

fn check_span(src: &str, span: Span, what: &str, path: &Path) {
    assert!(
        span.start <= span.end
            && span.end <= src.len()
            && src.is_char_boundary(span.start)
            && src.is_char_boundary(span.end),
        "{what} span {span:?} is not a valid range of {} ({} bytes)",
        path.display(),
        src.len()
    );
}

/// Checks every span; returns how many reference spans do not start with `$`.
fn check_model(src: &str, m: &Model, path: &Path) -> usize {
    let mut inexact = 0;
    for r in &m.references {
        check_span(src, r.span, "reference", path);
        check_span(src, r.name_span, "reference name", path);
        if !src[r.span.range()].starts_with('$') {
            inexact += 1;
        }
    }
    for d in &m.declarations {
        check_span(src, d.name_span, "declaration", path);
        check_span(src, d.span, "declaration", path);
    }
    for s in &m.stage_refs {
        check_span(src, s.span, "stage reference", path);
    }
    for e in &m.expansion_errors {
        check_span(src, e.span, "expansion error", path);
    }
    for s in &m.stages {
        check_span(src, s.span, "stage", path);
    }
    inexact
}

#[test]
fn real_corpus_analyses_with_valid_spans() {
    let files = dlint_test_support::real_dockerfiles();
    assert!(
        files.len() > 100,
        "expected the real corpus, found {} files",
        files.len()
    );
    let (mut refs, mut inexact) = (0, 0);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let src = String::from_utf8_lossy(&bytes);
        let m = analyze(&parse_text(&src));
        inexact += check_model(&src, &m, path);
        refs += m.references.len();
        assert_eq!(m.instruction_stage.len(), m.instruction_spans.len());
    }
    assert!(refs > 1000, "only {refs} references found in the corpus");
    // Tab-stripped `<<-` heredoc bodies and escaped JSON strings would map to a whole
    // span rather than to the `$` itself; the corpus has no references in either.
    assert_eq!(
        inexact, 0,
        "{inexact} of {refs} reference spans do not start at `$`"
    );
}

/// The BuildKit parser cases and documentation snippets hold the odd inputs (escapes,
/// heredocs, broken JSON, unusual continuations).
#[test]
fn buildkit_cases_and_doc_snippets_analyse() {
    let mut files = Vec::new();
    for dir in ["buildkit-parser", "buildkit-doc-snippets"] {
        for entry in walk(&dlint_test_support::corpus(dir)) {
            if entry
                .file_name()
                .is_some_and(|n| n.to_string_lossy().contains("Dockerfile"))
            {
                files.push(entry);
            }
        }
    }
    assert!(
        files.len() > 50,
        "found only {} BuildKit cases",
        files.len()
    );
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let src = String::from_utf8_lossy(&bytes);
        let m = analyze(&parse_text(&src));
        check_model(&src, &m, path);
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
