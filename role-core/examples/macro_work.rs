//! What the proc macro does for each `#[role]`, in one process, for profiling in the profile the
//! macro is built with (`cargo build --example macro_work`, then `valgrind --tool=callgrind`):
//! parse the file's items, check each declaration, serialize its model.
//!
//! `macro_work FILE [ROUNDS]`

use role_core::check::{self, Checked};
use role_core::diag::Findings;
use role_core::syntax;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a .rs file");
    let rounds: usize = args.next().map_or(1, |r| r.parse().expect("a number"));
    let text = std::fs::read_to_string(path).expect("readable");
    let mut bytes = 0;
    for _ in 0..rounds {
        for decl in syntax::scan_file(&text, &mut Findings::default()) {
            let json = match check::decl(&decl, &mut Findings::default()) {
                Some(Checked::Role(role)) => serde_json::to_string(&role),
                Some(Checked::Policy(policy)) => serde_json::to_string(&policy),
                None => panic!("{} is valid", decl.ident),
            };
            bytes += json.expect("serializes").len();
        }
    }
    println!("{bytes}");
}
