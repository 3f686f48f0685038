//! How many requests a second `role_eval::simulate` decides on one thread: the Rust side of
//! `benches/eval-vs-iam-simulate.sh`, run over the very requests iam-simulate is timed on (the
//! JSONL that `tests/tests/evaluate_oracle.rs` writes). The input is parsed once, before the
//! clock starts, as iam-simulate's harness does, so both sides time evaluation alone.
//!
//!     cargo run --release -p role-eval --example throughput -- FILE [--seconds S] [--compiled]
//!     cargo run --release -p role-eval --example throughput -- FILE --decisions
//!     cargo run --release -p role-eval --example throughput -- --write-typical FILE [N]
//!
//! Prints one line of JSON: requests, passes, seconds, per_second, the CPU time of the timed
//! loop and the rate per CPU-second (what a shared, loaded machine skews least), and the count of
//! each outcome. `--write-typical` writes N Simulations (10,000 by default), the typical role of
//! `benches/typical.rs` with each of its requests in turn, for timing both evaluators on it. By default each request is a call of `simulate`, which reads the policies then
//! decides, as iam-simulate's entry points do on every call; with `--compiled` the policies of
//! each simulation are read once ([`role_eval::Compiled`]) before the clock starts and only
//! `Compiled::outcome` is timed: a role's policies read once, then asked about request after
//! request. `--decisions` prints each request's outcome instead, one a line, for comparing by
//! hand with the harness's output.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "../benches/typical.rs"]
mod typical;

use role_eval::{Compiled, Outcome, Simulation, simulate};

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Allow => "allow",
        Outcome::ExplicitDeny => "explicit_deny",
        Outcome::ImplicitDeny => "implicit_deny",
    }
}

/// CPU time this thread has run, in seconds (Linux's `/proc/thread-self/schedstat`, in ns);
/// `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--write-typical") {
        let path = args.get(1).expect("a file to write");
        let n: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(10_000);
        let base = typical::typical();
        let requests = typical::requests(&base.request);
        let mut out = String::new();
        for request in requests.iter().cycle().take(n) {
            let mut s = base.clone();
            s.request = request.clone();
            out.push_str(&serde_json::to_string(&s).unwrap());
            out.push('\n');
        }
        std::fs::write(path, out).expect("writable");
        return;
    }
    let Some(path) = args.first() else {
        eprintln!("usage: throughput FILE [--seconds S] [--decisions]");
        std::process::exit(2);
    };
    let seconds: f64 = args
        .iter()
        .position(|a| a == "--seconds")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let text = std::fs::read_to_string(path).expect("readable JSONL");
    let simulations: Vec<Simulation> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).expect("a Simulation a line"))
        .collect();

    if args.iter().any(|a| a == "--decisions") {
        for s in &simulations {
            match simulate(s) {
                Ok(d) => println!("{{\"decision\":\"{}\"}}", outcome(d.decision)),
                Err(e) => println!(
                    "{{\"decision\":null,\"error\":{}}}",
                    serde_json::to_string(&e.message).unwrap()
                ),
            }
        }
        return;
    }

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &simulations {
        let name = simulate(s).map_or("error", |d| outcome(d.decision));
        *counts.entry(name).or_default() += 1;
    }
    // Consecutive simulations with the same policies (a role asked about request after request)
    // share one Compiled, as iam-simulate's --preload shares one loading of them.
    let compiled: Option<Vec<std::rc::Rc<Compiled>>> =
        args.iter().any(|a| a == "--compiled").then(|| {
            let mut out: Vec<std::rc::Rc<Compiled>> = Vec::new();
            for (i, s) in simulations.iter().enumerate() {
                let same = i > 0 && {
                    let (mut a, mut b) = (simulations[i - 1].clone(), s.clone());
                    a.request = Default::default();
                    b.request = Default::default();
                    a == b
                };
                let c = if same {
                    out[i - 1].clone()
                } else {
                    std::rc::Rc::new(Compiled::new(s).expect("the policies read"))
                };
                out.push(c);
            }
            out
        });
    // Whole passes over the input until the time is spent, so that every request weighs the
    // same in the rate whatever the length of the run.
    let budget = Duration::from_secs_f64(seconds);
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let mut passes = 0usize;
    while start.elapsed() < budget || passes == 0 {
        match &compiled {
            None => {
                for s in &simulations {
                    let _ = black_box(simulate(black_box(s)));
                }
            }
            Some(compiled) => {
                for (c, s) in compiled.iter().zip(&simulations) {
                    let _ = black_box(c.outcome(black_box(&s.request)));
                }
            }
        }
        passes += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let cpu = cpu_start.zip(cpu_seconds()).map(|(a, b)| b - a);
    let requests = simulations.len() * passes;
    println!(
        "{}",
        serde_json::json!({
            "mode": if compiled.is_some() { "compiled" } else { "simulate" },
            "requests": simulations.len(),
            "passes": passes,
            "seconds": elapsed,
            "per_second": requests as f64 / elapsed,
            "cpu_seconds": cpu,
            "per_cpu_second": cpu.map(|c| requests as f64 / c),
            "counts": counts,
        })
    );
}
