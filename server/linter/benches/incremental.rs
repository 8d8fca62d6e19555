//! The language server's keystroke path on a big file: a full lint against an
//! incremental one (`LintCache`) after a one-character edit in a RUN in the middle.
//!
//! The file is `DLINT_BENCH_FILE` when set (e.g. the output of
//! `lspdrive.py gen --lines 5000 --stages 50`), else a generated file of the same shape.

use criterion::{criterion_group, criterion_main, Criterion};
use dlint_linter::{lint_parsed_full, LintCache, Settings};
use dlint_syntax::document::Document;
use dlint_syntax::Span;

/// About 5,000 lines in 50 stages, many built on earlier ones, as `lspdrive gen` writes.
fn generated() -> String {
    let mut out = String::from("# syntax=docker/dockerfile:1\nARG BASE=debian:bookworm-slim\n");
    for s in 0..50 {
        let base = if s % 4 == 0 {
            "${BASE}".to_string()
        } else {
            format!("stage{}", s / 2)
        };
        out.push_str(&format!(
            "FROM {base} AS stage{s}\nARG V{s}=1\nENV STAGE={s}\n"
        ));
        for i in 0..30 {
            out.push_str(&match i % 5 {
                0 => format!("RUN echo \"step {i} of {s}\" && ls -la /opt > /tmp/o{i}\n"),
                1 => format!(
                    "RUN apt-get update && \\\n    apt-get install -y --no-install-recommends p{i} && \\\n    rm -rf /var/lib/apt/lists/*\n"
                ),
                2 => format!("ENV VAR_{i}=\"${{V{s}}}-{i}\" OTHER_{i}=$STAGE\n"),
                3 => format!("RUN <<EOF\necho heredoc {s}\necho $V{s}\nEOF\n"),
                _ => format!("LABEL k{i}=\"v\" stage=\"{s}\"\n# note {i}\n"),
            });
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let text = match std::env::var("DLINT_BENCH_FILE") {
        Ok(path) => std::fs::read_to_string(&path).expect("DLINT_BENCH_FILE is readable"),
        Err(_) => generated(),
    };
    let settings = Settings {
        shellcheck: false,
        ..Settings::default()
    };
    // A single-line RUN near the middle, as lspdrive edits.
    let middle = text.len() / 2;
    let line = middle
        + text[middle..]
            .find("\nRUN echo")
            .expect("a RUN in the second half")
        + 1;
    let at = line + text[line..].find('\n').expect("a line end");

    let mut group = c.benchmark_group("lint_5k");
    group.sample_size(10);
    let doc = Document::new(&text, 0);
    group.bench_function("full", |b| {
        b.iter(|| {
            lint_parsed_full(doc.text(), doc.syntax(), None, &settings)
                .diagnostics
                .len()
        })
    });
    let mut doc = Document::new(&text, 0);
    let mut cache = LintCache::new();
    cache.lint(doc.text(), doc.syntax(), None, &settings);
    let mut typed = false;
    group.bench_function("incremental_after_one_char_edit", |b| {
        b.iter(|| {
            // Type a character, or delete it again: every run sees a new text.
            if typed {
                doc.apply_edit(Span::new(at, at + 1), "").unwrap();
            } else {
                doc.apply_edit(Span::new(at, at), "x").unwrap();
            }
            typed = !typed;
            cache
                .lint(doc.text(), doc.syntax(), None, &settings)
                .diagnostics
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
