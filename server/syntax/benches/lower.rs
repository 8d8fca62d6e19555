//! Lowering speed: one iteration parses every file of the real corpus.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpus_texts() -> Vec<String> {
    dlint_test_support::real_dockerfiles()
        .iter()
        .map(|p| {
            String::from_utf8_lossy(&std::fs::read(p).expect("corpus file readable")).into_owned()
        })
        .collect()
}

fn bench_lower(c: &mut Criterion) {
    let texts = corpus_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("lower");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("real_corpus", |b| {
        b.iter(|| {
            let mut instructions = 0;
            for t in &texts {
                instructions += dlint_syntax::parse_text(std::hint::black_box(t))
                    .instructions
                    .len();
            }
            instructions
        })
    });
    group.bench_function("real_corpus_split_only", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    dlint_syntax::lower::split_instructions(std::hint::black_box(t))
                        .instructions
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_lower);
criterion_main!(benches);
