//! Editor requests on one generated 5,000-line, 50-stage file (the size the editor
//! budget is set for), computed from a kept snapshot as the server does. `symbols_json`
//! adds the serialisation the server does for the outline (straight to bytes, see
//! `dlint_lsp::direct`); `symbols_via_value` is what tower-lsp-server would do instead
//! (`serde_json::to_value`, then the bytes), kept to show why the outline bypasses it.
//!
//! The file comes from the shared `lspdrive gen` tool; without python3 or the tool the
//! benchmark fails with a message rather than measuring something else.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use dlint_lsp::convert::Encoding;
use dlint_lsp::store::{Snapshot, Store};

/// A snapshot of the generated file with its semantic model already built, as it is
/// after the first diagnostics.
fn snapshot() -> Arc<Snapshot> {
    let uri = "file:///bench/Dockerfile".parse().expect("valid URI");
    let snap = Store::default()
        .open(uri, &dlint_test_support::lspdrive_generated(5000, 50), 1)
        .expect("the generated file parses");
    snap.model();
    snap
}

fn bench_features(c: &mut Criterion) {
    let snap = snapshot();
    let enc = Encoding::Utf16;
    let middle = snap.text.len() / 2;
    let mut group = c.benchmark_group("features_5k");
    group.bench_function("document_symbols", |b| {
        b.iter(|| dlint_lsp::symbols::document_symbols(&snap, enc).len())
    });
    group.bench_function("symbols_json", |b| {
        b.iter(|| {
            let symbols = dlint_lsp::symbols::document_symbols(&snap, enc);
            serde_json::to_vec(&symbols)
                .expect("symbols serialize")
                .len()
        })
    });
    group.bench_function("symbols_via_value", |b| {
        b.iter(|| {
            let symbols = dlint_lsp::symbols::document_symbols(&snap, enc);
            let value = serde_json::to_value(&symbols).expect("symbols serialize");
            serde_json::to_vec(&value).expect("value serializes").len()
        })
    });
    group.bench_function("semantic_tokens_full", |b| {
        b.iter(|| dlint_lsp::semantic_tokens::tokens(&snap, enc, None).len())
    });
    group.bench_function("folding_ranges", |b| {
        b.iter(|| dlint_lsp::folding::folding_ranges(&snap).len())
    });
    group.bench_function("selection_range", |b| {
        b.iter(|| dlint_lsp::hints::selection_range(&snap, enc, middle))
    });
    group.bench_function("hover", |b| {
        b.iter(|| dlint_lsp::hover::hover(&snap, enc, middle, &[]))
    });
    group.finish();
}

criterion_group!(benches, bench_features);
criterion_main!(benches);
