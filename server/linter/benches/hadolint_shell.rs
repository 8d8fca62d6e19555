//! The shell analysis behind hadolint's rules: parsing RUN scripts with the bash grammar
//! (without the parse cache), and the DL rules over real Dockerfiles (ShellCheck off,
//! since it runs an external program).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dlint_linter::shell::{parse_script, SourceMap};
use dlint_linter::{lint, Settings, SettingsLayer};
use dlint_syntax::{Command, InstructionKind};

fn corpus() -> Vec<String> {
    dlint_test_support::real_dockerfiles()
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .take(300)
        .collect()
}

fn bench(c: &mut Criterion) {
    let files = corpus();
    // Every shell-form RUN of those files, with its source map.
    let mut scripts = Vec::new();
    for f in &files {
        let df = dlint_syntax::parse_text(f);
        for ins in df
            .instructions
            .iter()
            .filter(|i| i.kind == InstructionKind::Run)
        {
            if let Some(Command::Shell(text)) = ins.command() {
                scripts.push((text.text.clone(), SourceMap::from_logical(text)));
            }
        }
    }
    let script_bytes: usize = scripts.iter().map(|(t, _)| t.len()).sum();
    let mut group = c.benchmark_group("hadolint");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(script_bytes as u64));
    group.bench_function(format!("parse_{}_run_scripts", scripts.len()), |b| {
        b.iter(|| {
            scripts
                .iter()
                .map(|(t, m)| parse_script(t, m).commands.len())
                .sum::<usize>()
        })
    });
    let bytes: usize = files.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    let mut settings = Settings::default();
    settings.apply(&SettingsLayer {
        select: Some(vec!["Hadolint".into()]),
        ignore: vec!["ShellCheck".into()],
        ..SettingsLayer::default()
    });
    group.bench_function("dl_rules_300_files", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| lint(f, None, &settings).diagnostics.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
