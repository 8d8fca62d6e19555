//! Lint throughput on real Dockerfiles from the corpus: the BuildKit and dlint checks
//! alone, and every rule (hadolint's shell analysis included).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dlint_linter::{lint, Settings, SettingsLayer};

fn corpus() -> Vec<String> {
    dlint_test_support::real_dockerfiles()
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .take(300)
        .collect()
}

fn bench(c: &mut Criterion) {
    let files = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    let mut own = Settings::default();
    own.apply(&SettingsLayer {
        select: Some(vec!["BuildKit".into(), "Dlint".into()]),
        ..SettingsLayer::default()
    });
    group.bench_function("buildkit_and_dlint_rules_300_files", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| lint(f, None, &own).diagnostics.len())
                .sum::<usize>()
        })
    });
    let all = Settings::default();
    group.bench_function("all_rules_300_files", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| lint(f, None, &all).diagnostics.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
