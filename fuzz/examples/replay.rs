//! Replays a folder of inputs through a target, several passes, timing each: a target that
//! slows down from pass to pass keeps something between inputs.
//! `cargo run --release -p role-fuzz --example replay -- TARGET DIR [PASSES]`
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let run = role_fuzz::targets::by_name(&args[0]).expect("a target");
    let inputs: Vec<Vec<u8>> = std::fs::read_dir(&args[1])
        .expect("a folder")
        .map(|e| std::fs::read(e.expect("entry").path()).expect("readable"))
        .collect();
    let passes: usize = args.get(2).map_or(3, |p| p.parse().expect("a number"));
    for pass in 1..=passes {
        let start = Instant::now();
        let mut slowest = (0.0, 0);
        for (i, input) in inputs.iter().enumerate() {
            let one = Instant::now();
            run(input);
            let took = one.elapsed().as_secs_f64();
            if took > slowest.0 {
                slowest = (took, i);
            }
        }
        let took = start.elapsed().as_secs_f64();
        println!(
            "pass {pass}: {} inputs in {took:.2} s ({:.0}/s), slowest {:.4} s (#{})",
            inputs.len(),
            inputs.len() as f64 / took,
            slowest.0,
            slowest.1
        );
    }
}
