//! What the embedded AWS managed policies cost on first use (`role_eval::managed`), and why a
//! document is parsed only when asked for: parsing them all at once costs four times the rest.

use criterion::{Criterion, criterion_group};
use std::hint::black_box;
use std::time::Instant;

const DATA: &[u8] = include_bytes!("../data/managed-policies.json.zlib");

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("managed");
    // What the first call does: inflate, check the JSON and index the documents.
    group.bench_function("first-use", |b| b.iter(role_eval::managed::load_uncached));
    group.bench_function("decompress", |b| {
        b.iter(|| miniz_oxide::inflate::decompress_to_vec_zlib(black_box(DATA)).unwrap())
    });
    // The road not taken: every document built at first use.
    group.bench_function("decompress+parse-all", |b| {
        b.iter(|| {
            let text = miniz_oxide::inflate::decompress_to_vec_zlib(black_box(DATA)).unwrap();
            serde_json::from_slice::<serde_json::Value>(&text).unwrap()
        })
    });
    // What each further policy's first request adds: ReadOnlyAccess is one of the largest.
    let text = serde_json::to_string(
        role_eval::managed::document("ReadOnlyAccess").expect("ReadOnlyAccess is embedded"),
    )
    .unwrap();
    group.bench_function("parse-one/ReadOnlyAccess", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap())
    });
    group.bench_function("cached/ReadOnlyAccess", |b| {
        b.iter(|| role_eval::managed::document(black_box("arn:aws:iam::aws:policy/ReadOnlyAccess")))
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    // The real first call happens once a process, so criterion cannot repeat it: time it here,
    // before anything else has touched the data.
    let started = Instant::now();
    let document = role_eval::managed::document("arn:aws:iam::aws:policy/ReadOnlyAccess");
    let first = started.elapsed();
    assert!(document.is_some());
    eprintln!(
        "managed/first-call (this process, once): {:.2} ms for document(ReadOnlyAccess)",
        first.as_secs_f64() * 1000.0
    );
    benches();
    Criterion::default().configure_from_args().final_summary();
}
