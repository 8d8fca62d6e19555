//! Every real-world Dockerfile of the corpus lowers without panicking, with every span
//! inside the text on char boundaries. Files with parse errors are listed: a file that
//! BuildKit accepts but we reject is a bug in the lowering.

use dlint_syntax::ast::*;
use dlint_syntax::parse_text;

fn check_span(src: &str, span: Span, what: &str, file: &str) {
    assert!(
        span.start <= span.end && span.end <= src.len(),
        "{file}: {what} span {span:?} outside text of {} bytes",
        src.len()
    );
    assert!(
        src.is_char_boundary(span.start) && src.is_char_boundary(span.end),
        "{file}: {what} span {span:?} not on char boundaries"
    );
}

fn check_instruction(src: &str, ins: &Instruction, file: &str) {
    check_span(src, ins.span, "instruction", file);
    check_span(src, ins.keyword_span, "keyword", file);
    assert_eq!(
        &src[ins.keyword_span.range()],
        ins.keyword,
        "{file}: keyword text"
    );
    for f in &ins.flags {
        check_span(src, f.span, "flag", file);
        check_span(src, f.name_span, "flag name", file);
        if let Some(v) = f.value_span {
            check_span(src, v, "flag value", file);
        }
    }
    let mut words: Vec<&Word> = Vec::new();
    match &ins.body {
        Body::From { words: w, .. } | Body::Words(w) | Body::Paths { paths: w, .. } => {
            words.extend(w)
        }
        Body::KeyValues { pairs, .. } => {
            pairs.iter().for_each(|p| words.extend([&p.key, &p.value]))
        }
        Body::Args(a) => a.iter().for_each(|a| words.extend([&a.word, &a.name])),
        Body::Text(t) => words.extend(t),
        Body::Healthcheck { kind, .. } => words.extend(kind),
        Body::Onbuild(Some(inner)) => check_instruction(src, inner, file),
        _ => {}
    }
    if let Some(Command::Exec(e)) = ins.command() {
        words.extend(&e.elements);
    }
    for w in words {
        check_span(src, w.span, "word", file);
    }
    for h in &ins.heredocs {
        check_span(src, h.word_span, "heredoc word", file);
        check_span(src, h.body_span, "heredoc body", file);
    }
    // Every logical byte maps into the source.
    for seg in &ins.rest.segments {
        assert_eq!(
            &src[seg.source..seg.source + seg.len],
            &ins.rest.text[seg.logical..seg.logical + seg.len],
            "{file}: segment text"
        );
    }
}

#[test]
fn real_corpus_lowers_with_valid_spans() {
    let files = dlint_test_support::real_dockerfiles();
    assert!(
        files.len() > 1000,
        "expected the real corpus, found {} files",
        files.len()
    );
    let mut with_errors = Vec::new();
    let mut not_utf8 = 0;
    let mut heredoc_files = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let src = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                not_utf8 += 1;
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file = parse_text(&src);
        for ins in &file.instructions {
            check_instruction(&src, ins, &name);
        }
        for c in &file.comments {
            check_span(&src, c.span, "comment", &name);
        }
        if file.instructions.iter().any(|i| !i.heredocs.is_empty()) {
            heredoc_files += 1;
        }
        if !file.errors.is_empty() {
            with_errors.push(format!("{name}: {:?}", file.errors[0].message));
        }
    }
    println!(
        "{} files ({not_utf8} not UTF-8), {} with parse errors:",
        files.len(),
        with_errors.len()
    );
    for e in &with_errors {
        println!("  {e}");
    }
    println!("{heredoc_files} files with heredocs");
    // BuildKit's own negative parser cases are the only files it rejects at parse time.
    let unexpected: Vec<&String> = with_errors
        .iter()
        .filter(|e| !e.contains("testfiles-negative"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "files BuildKit parses but we reject: {unexpected:#?}"
    );
    assert_eq!(
        with_errors.len(),
        4,
        "BuildKit's four negative cases must fail"
    );
    // The corpus README counts 49 files with a RUN/COPY/ADD heredoc line.
    assert!(
        heredoc_files >= 45,
        "only {heredoc_files} files with heredocs"
    );
}
