//! Tag ordering and reference parsing at editor scale: completion sorts a repository's
//! whole tag list (Docker Hub's popular images have thousands of tags).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use dlint_registry::tags::{completion_order, nearest, sort_newest_first};
use dlint_registry::ImageRef;

fn tag_list(n: usize) -> Vec<String> {
    let variants = [
        "",
        "-alpine",
        "-alpine3.20",
        "-slim-bookworm",
        "-rc1",
        "-windowsservercore",
    ];
    (0..n)
        .map(|i| {
            format!(
                "{}.{}.{}{}",
                i % 7,
                (i / 7) % 40,
                i % 13,
                variants[i % variants.len()]
            )
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let tags = tag_list(5000);
    c.bench_function("sort_newest_first 5000 tags", |b| {
        b.iter(|| {
            let mut copy = tags.clone();
            sort_newest_first(&mut copy);
            black_box(copy)
        })
    });
    c.bench_function("completion_order 5000 tags", |b| {
        b.iter(|| black_box(completion_order(&tags, Some("3.19-alpine"))))
    });
    c.bench_function("nearest 5000 tags", |b| {
        b.iter(|| black_box(nearest(&tags, "3.19.2-alpin", 3)))
    });
    let refs = [
        "alpine",
        "ghcr.io/owner/image:1.2.3-alpine",
        "localhost:5000/a/b/c@sha256:256bfe68946c28aa0f0a42034717fbb33e8d705ce88ffcfd497c0e5bd33951e7",
    ];
    c.bench_function("ImageRef::parse", |b| {
        b.iter(|| {
            for r in refs {
                black_box(ImageRef::parse(black_box(r)).ok());
            }
        })
    });
}

criterion_group!(registry, benches);
criterion_main!(registry);
