//! The commands. Each reads the files, scans them with role-core and reports; this module
//! holds what they share and turns an early [`Error`] into its message and exit code.

mod can;
mod check;
mod diff;
mod explain;
mod import;
pub mod lint;
mod list;
mod placeholders;
mod render;
mod simulate;

use std::io::{self, Write};

use role_core::project::{Project, SourceFile};
use role_core::syntax::DeclKind;

use crate::cli::{Cli, Command};
use crate::exit::{Error, Exit};
use crate::report::{Reporter, count};
use crate::scan;

pub fn run(cli: Cli) -> Exit {
    let mut reporter = Reporter::new();
    let outcome = match &cli.command {
        Command::Render(args) => render::run(args, &mut reporter),
        Command::Check(args) => {
            reporter.verbose = args.verbose;
            check::run(&args.paths.paths, &mut reporter)
        }
        Command::List(args) => list::run(&args.paths, &mut reporter),
        Command::Lint(args) => {
            reporter.verbose = args.verbose;
            lint::run(args, &mut reporter)
        }
        Command::Import(args) => import::run(args, &mut reporter),
        Command::Explain(args) => explain::run(&args.codes),
        Command::Simulate(args) => simulate::run(args, &mut reporter),
        Command::Can(args) => can::run(args, &mut reporter),
        Command::Diff(args) => diff::run(args, &mut reporter),
    };
    outcome.unwrap_or_else(|error| {
        reporter.fatal(&error);
        error.exit
    })
}

/// The files read and what role-core found in them.
pub struct Scanned {
    pub files: Vec<SourceFile>,
    pub project: Project,
}

impl Scanned {
    pub fn read(paths: &[std::path::PathBuf]) -> Result<Scanned, Error> {
        let files = scan::read(paths)?;
        let project = Project::scan(&files);
        Ok(Scanned { files, project })
    }

    /// `checked 6 roles and 1 policy in 4 files`, and `2 policy documents` when JSON files were
    /// among them.
    pub fn checked(&self) -> String {
        let roles = self
            .project
            .found
            .iter()
            .filter(|f| f.decl.kind == DeclKind::Role)
            .count();
        let policies = self.project.found.len() - roles;
        let declarations = format!(
            "{} and {}",
            count(roles, "role", "roles"),
            count(policies, "policy", "policies")
        );
        let what = match (self.project.documents, self.project.found.len()) {
            (0, _) => declarations,
            (n, 0) => count(n, "policy document", "policy documents"),
            (n, _) => format!(
                "{}, {} and {}",
                count(roles, "role", "roles"),
                count(policies, "policy", "policies"),
                count(n, "policy document", "policy documents")
            ),
        };
        format!(
            "checked {what} in {}",
            count(self.files.len(), "file", "files")
        )
    }
}

/// Writes `text` to stdout. A reader that went away (`| head`) ends the output quietly.
pub fn print(text: &str) -> Result<(), Error> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Error::io(format!(
            "cannot write to stdout: {}",
            scan::describe(&err)
        ))),
    }
}
