//! Prints one Rust file rendered in one format, with the values of `targets::full_env`.
//! `cargo run -p role-fuzz --example print -- FILE FORMAT`
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let source = std::fs::read_to_string(&args[0]).expect("readable");
    let format: role_model::render::Format = args[1].parse().expect("a format");
    let project = role_fuzz::targets::scan_case(&source);
    let mut env = role_fuzz::targets::full_env();
    for param in project.bundle().params() {
        let value = format!("<{}>", param.name);
        match param.kind {
            role_model::model::ParamKind::Text => env.values.insert(param.name, value).map(drop),
            role_model::model::ParamKind::List => {
                env.lists.insert(param.name, vec![value]).map(drop)
            }
        };
    }
    match role_model::render::render(&project.bundle(), format, &env) {
        Ok(rendered) => print!("{}", rendered.stdout),
        Err(e) => println!("error: {e}"),
    }
}
