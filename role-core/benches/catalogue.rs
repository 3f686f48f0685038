//! How long loading the catalogue takes: the proc macro pays it once per build process.
//! `cargo bench -p role-core --bench catalogue`

use criterion::{Criterion, criterion_group, criterion_main};
use role_core::catalogue::Catalogue;

const TEXT: &str = include_str!("../data/catalogue.txt");

fn load(c: &mut Criterion) {
    c.bench_function("load the embedded catalogue", |b| {
        b.iter(Catalogue::load_embedded_uncached)
    });
    c.bench_function("load it, then read 8 common services", |b| {
        b.iter(|| {
            let catalogue = Catalogue::load_embedded_uncached();
            for prefix in [
                "s3", "logs", "lambda", "sts", "iam", "kms", "dynamodb", "ec2",
            ] {
                assert!(
                    catalogue
                        .service(prefix)
                        .and_then(|s| s.actions().next())
                        .is_some()
                );
            }
        })
    });
    c.bench_function("parse all of it, as a user-given file", |b| {
        b.iter(|| Catalogue::parse(std::hint::black_box(TEXT)).expect("parses"))
    });
}

criterion_group!(benches, load);
criterion_main!(benches);
