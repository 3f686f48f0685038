//! Renders one Rust file in every format, as `role-cli render` would, printing each error.
//! `cargo run -p role-fuzz --example render_file -- FILE`
use role_model::render::{self, Format};
fn main() {
    let file = std::env::args().nth(1).expect("FILE");
    let source = std::fs::read_to_string(file).expect("readable");
    let project = role_fuzz::targets::scan_case(&source);
    for f in &project.findings {
        println!("{:?}: {}", f.finding.code, f.finding.message);
    }
    let env = role_fuzz::targets::full_env();
    for format in Format::ALL {
        match render::render(&project.bundle(), format, &env) {
            Ok(r) => println!("{format}: ok, {} bytes", r.stdout.len()),
            Err(e) => println!("{format}: error: {e}"),
        }
    }
}
