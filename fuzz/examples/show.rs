//! Shows what a fuzz input means: for `dsl` and `equivalence`, the generated source and `Env`;
//! then replays it through its target, so that a crash shows its stack here.
//!
//! `cargo run -p role-fuzz --example show -- TARGET FILE [SAVE]`: with SAVE (a path without
//! extension), a generated case is also written as SAVE.rs and SAVE.env.json, the form in which
//! `fuzz/regressions/` keeps it.

use role_fuzz::choices::Choices;
use role_fuzz::dsl::{self, Flavour};
use role_fuzz::targets;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (target, file, save) = match args.as_slice() {
        [target, file] => (target, file, None),
        [target, file, save] => (target, file, Some(save)),
        _ => {
            eprintln!("usage: show TARGET FILE [SAVE]");
            std::process::exit(2);
        }
    };
    let data = std::fs::read(file).expect("readable input");
    let flavour = match target.as_str() {
        "dsl" => Some(Flavour::Mixed),
        "equivalence" => Some(Flavour::Valid),
        _ => None,
    };
    match flavour {
        Some(flavour) => {
            let case = dsl::case(&mut Choices::new(&data), flavour);
            println!("{}\n{:#?}", case.source, case.env);
            if let Some(save) = save {
                std::fs::write(format!("{save}.rs"), &case.source).expect("writable");
                std::fs::write(format!("{save}.env.json"), targets::env_to_json(&case.env))
                    .expect("writable");
            }
            for f in &targets::scan_case(&case.source).findings {
                println!("{:?}: {}", f.finding.code, f.finding.message);
            }
        }
        None => println!("{}", String::from_utf8_lossy(&data)),
    }
    let run = targets::by_name(target).expect("a target name");
    run(&data);
    println!("no crash");
}
