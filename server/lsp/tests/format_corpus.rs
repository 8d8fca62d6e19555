//! Formats every real Dockerfile of the shared corpus twice: the second pass must change
//! nothing, and BuildKit's dump must be the same before and after (modulo the width of
//! whitespace runs, which re-indenting continuation lines changes by design, and of the
//! case of FROM's `AS`; the formatter never re-indents inside quotes, so words and quoted
//! text are compared exactly).

use dlint_lsp::format::{format_edits, FormatOptions};

fn apply(text: &str, opts: &FormatOptions) -> String {
    let df = dlint_syntax::parse_text(text);
    let mut edits = format_edits(text, &df, opts);
    edits.sort_by_key(|(s, _)| s.start);
    for pair in edits.windows(2) {
        assert!(
            pair[0].0.end <= pair[1].0.start,
            "overlapping edits {pair:?}"
        );
    }
    let mut out = text.to_owned();
    for (span, new) in edits.iter().rev() {
        out.replace_range(span.range(), new);
    }
    out
}

/// The dump with every whitespace run (including Go-quoted `\t`) as one space.
fn squeeze(dump: &str) -> String {
    let mut plain = String::with_capacity(dump.len());
    let mut chars = dump.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('t') => plain.push(' '),
                Some(other) => {
                    plain.push('\\');
                    plain.push(other);
                }
                None => plain.push('\\'),
            },
            c => plain.push(c),
        }
    }
    // BuildKit reads FROM's `AS` in any case; the formatter writes it as `AS`.
    let mut head = "";
    plain
        .split_whitespace()
        .map(|word| {
            if word.starts_with('(') {
                head = word;
            }
            if head == "(from" && word.eq_ignore_ascii_case("\"as\"") {
                "\"AS\""
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn formatting_the_real_corpus_is_idempotent_and_keeps_the_buildkit_dump() {
    let files = dlint_test_support::real_dockerfiles();
    assert!(
        files.len() > 100,
        "expected the real corpus, found {} files",
        files.len()
    );
    let mut changed = 0;
    for opts in [
        FormatOptions::default(),
        FormatOptions {
            indent: "\t".into(),
        },
    ] {
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue; // Not UTF-8: nothing an editor would send us.
            };
            let once = apply(&text, &opts);
            let twice = apply(&once, &opts);
            assert_eq!(once, twice, "not idempotent: {}", path.display());
            if once != text {
                changed += 1;
            }
            let before = dlint_syntax::dump::buildkit_dump(&dlint_syntax::parse_text(&text));
            let after = dlint_syntax::dump::buildkit_dump(&dlint_syntax::parse_text(&once));
            match (before, after) {
                (Ok(b), Ok(a)) => {
                    assert_eq!(squeeze(&b), squeeze(&a), "dump changed: {}", path.display())
                }
                (Err(_), Err(_)) => {}
                (b, a) => panic!(
                    "formatting changed whether {} parses: {:?} -> {:?}",
                    path.display(),
                    b.is_ok(),
                    a.is_ok()
                ),
            }
        }
    }
    // The formatter must actually do something on real files.
    assert!(changed > 0);
}
