//! How fast the evaluator decides requests for a typical role (`typical.rs`). `Compiled` reads
//! the policies once; `simulate` reads them on every call.
//!
//! `cargo bench -p role-eval --bench evaluate`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use role_eval::{Compiled, Simulation, simulate};

mod typical;
use typical::{requests, typical};

fn bench(c: &mut Criterion) {
    let simulation = typical();
    let compiled = Compiled::new(&simulation).expect("compiles");
    let requests = requests(&simulation.request);
    let mut group = c.benchmark_group("evaluate");
    group.throughput(Throughput::Elements(requests.len() as u64));
    group.bench_function("compiled outcome", |b| {
        b.iter(|| {
            requests
                .iter()
                .map(|r| compiled.outcome(r).unwrap() as u8 as usize)
                .sum::<usize>()
        })
    });
    group.bench_function("compiled decision with reasons", |b| {
        b.iter(|| {
            requests
                .iter()
                .map(|r| compiled.decide(r).unwrap().reasons.len())
                .sum::<usize>()
        })
    });
    group.bench_function("simulate (reads the policies each time)", |b| {
        let simulations: Vec<Simulation> = requests
            .iter()
            .map(|r| Simulation {
                request: r.clone(),
                ..simulation.clone()
            })
            .collect();
        b.iter(|| {
            simulations
                .iter()
                .map(|s| simulate(s).unwrap().reasons.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
