//! Analysis speed: the whole real corpus, and one generated 5,000-line, 50-stage file
//! (the size the editor budget is set for: well under 1 ms per analysis).
//!
//! The generated file comes from the shared `lspdrive gen` tool; without python3 or the
//! tool the benchmark fails with a message rather than measuring something else.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dlint_syntax::{parse_text, Dockerfile};

fn corpus_files() -> Vec<Dockerfile> {
    dlint_test_support::real_dockerfiles()
        .iter()
        .map(|p| {
            parse_text(&String::from_utf8_lossy(
                &std::fs::read(p).expect("corpus file readable"),
            ))
        })
        .collect()
}

fn bench_analyze(c: &mut Criterion) {
    let files = corpus_files();
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.bench_function("real_corpus", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| {
                    dlint_semantic::analyze(std::hint::black_box(f))
                        .references
                        .len()
                })
                .sum::<usize>()
        })
    });
    let big = parse_text(&dlint_test_support::lspdrive_generated(5000, 50));
    group.throughput(Throughput::Elements(1));
    group.bench_function("generated_5000_lines_50_stages", |b| {
        b.iter(|| {
            dlint_semantic::analyze(std::hint::black_box(&big))
                .references
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_analyze);
criterion_main!(benches);
