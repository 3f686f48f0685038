//! `role-cli can`: which roles of the project may perform one request. Every role is decided as
//! `simulate --role` would decide it; a role whose placeholders lack values cannot be, and is
//! named on stderr rather than guessed at.

use role_eval::Outcome;
use role_eval::roles::{Query, Surroundings};

use super::print;
use super::simulate::{self, Roles};
use crate::cli::{CanArgs, OutputFormat};
use crate::exit::{Error, Exit};
use crate::report::{Reporter, count};

pub fn run(args: &CanArgs, reporter: &mut Reporter) -> Result<Exit, Error> {
    let roles = Roles::read(&args.paths.paths, &args.env, reporter)?;
    let query = Query {
        action: args.request.action.clone().unwrap_or_default(),
        resource: args.request.resource.clone(),
        context: simulate::context(&args.request.context),
        ..Query::default()
    };
    let mut rows: Vec<[String; 3]> = Vec::new();
    let mut json = String::new();
    let mut undecided = 0;
    for role in &roles.bundle.roles {
        let resolved = match roles.resolve(role, None) {
            Ok(resolved) => resolved,
            Err(err) => {
                let error = simulate::role_error(&err);
                let help = error.help.map(|h| format!(" ({h})")).unwrap_or_default();
                reporter.warning(&format!("{}{help}", error.message));
                undecided += 1;
                continue;
            }
        };
        let simulation = resolved.simulation(&query, &Surroundings::default());
        let decision = role_eval::simulate(&simulation)
            .map_err(|err| Error::usage(format!("cannot simulate role `{}`: {err}", role.ident)))?;
        if decision.decision != Outcome::Allow {
            continue;
        }
        let reasons: Vec<&str> = decision
            .reasons
            .iter()
            .map(|r| r.message.as_str())
            .collect();
        let line = serde_json::json!({
            "role": resolved.ident,
            "name": resolved.name,
            "arn": resolved.arn,
            "decision": decision.decision,
            "reasons": decision.reasons,
        });
        json.push_str(&format!("{line}\n"));
        rows.push([resolved.ident, resolved.name, reasons.join("; ")]);
    }
    let may = rows.len();
    let out = match args.format {
        OutputFormat::Json => json,
        OutputFormat::Text => table(&rows),
    };
    print(&out)?;
    let total = roles.bundle.roles.len();
    let mut status = format!(
        "{} of {} may {} on {}",
        may,
        count(total, "role", "roles"),
        query.action,
        query.resource.as_deref().unwrap_or("*")
    );
    if undecided > 0 {
        status.push_str(&format!("; {undecided} could not be decided"));
    }
    reporter.status(&status);
    Ok(Exit::Success)
}

/// Identifier and RoleName padded to the widest, four spaces apart, as `list` lays out its rows.
fn table(rows: &[[String; 3]]) -> String {
    let width = |column: usize| {
        rows.iter()
            .map(|r| r[column].chars().count())
            .max()
            .unwrap_or(0)
    };
    let (ident, name) = (width(0), width(1));
    rows.iter()
        .map(|[i, n, reasons]| format!("{i:ident$}    {n:name$}    {reasons}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up() {
        let row = |cells: [&str; 3]| cells.map(str::to_owned);
        let rows = [row(["LogWriter", "log-writer", "a"]), row(["R", "r", "b"])];
        assert_eq!(
            table(&rows),
            "LogWriter    log-writer    a\nR            r             b\n"
        );
    }
}
