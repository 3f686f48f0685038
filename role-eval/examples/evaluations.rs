//! Decides the typical role's requests (`benches/typical.rs`) a given number of times, for a
//! CPU-time measure that the machine's load does not skew:
//!
//! `cargo build --release -p role-eval --example evaluations`
//! `perf stat -e task-clock,instructions:u target/release/examples/evaluations 2000000`
//!
//! evaluations per second per core = the count / the task-clock seconds.

#[path = "../benches/typical.rs"]
mod typical;

use role_eval::Compiled;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let simulation = typical::typical();
    let compiled = Compiled::new(&simulation).expect("the typical simulation compiles");
    let requests = typical::requests(&simulation.request);
    let start = std::time::Instant::now();
    let mut allowed = 0usize;
    for round in 0..rounds {
        let request = &requests[round % requests.len()];
        let outcome = compiled
            .outcome(std::hint::black_box(request))
            .expect("decides");
        allowed += usize::from(outcome == role_eval::Outcome::Allow);
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{rounds} evaluations ({allowed} allowed) in {seconds:.3} s wall: {:.0} a second",
        rounds as f64 / seconds
    );
}
