//! An application that embeds its roles: prints every role it links, rendered at run time with
//! the same renderers as `role-cli`, and one role's documents through the `Role` trait.
//!
//! `cargo run -p role-examples --bin print-roles -- [iam|cloudformation|cloudformation-yaml|terraform]`

use std::process::ExitCode;

use role_dsl::{Env, Format, Role};
use role_examples::log_writer::LogWriter;

fn main() -> ExitCode {
    let format = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "cloudformation".to_owned());
    let Ok(format) = format.parse::<Format>() else {
        eprintln!(
            "error: unknown format `{format}`; expected iam, cloudformation, cloudformation-yaml or terraform"
        );
        return ExitCode::from(2);
    };
    let env = Env {
        account_id: Some("123456789012".to_owned()),
        region: Some("eu-west-1".to_owned()),
        values: [
            ("bucket", "acme-logs"),
            ("data_bucket", "acme-data"),
            ("repository", "acme/site"),
            ("site_bucket", "acme-site"),
            ("config_bucket", "acme-config"),
            ("reports_bucket", "acme-reports"),
            ("table", "reports"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
        ..Env::default()
    };

    println!("# roles linked into this binary:");
    for role in role_dsl::roles() {
        println!("#   {} ({})", role.name, role.ident);
    }

    let writer = LogWriter {
        bucket: "acme-logs".to_owned(),
    };
    let inline = writer
        .name(&env)
        .and_then(|name| Ok((name, writer.inline_policy(&env)?)));
    match inline {
        Ok((name, Some(policy))) => println!("# {name}'s inline policy: {policy}"),
        Ok((_, None)) => {}
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(1);
        }
    }

    match role_dsl::render(format, &env) {
        Ok(rendered) => {
            print!("{}", rendered.stdout);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}
