//! `role-cli check`: every finding, in rustc's layout, then one line saying how it went.

use std::path::PathBuf;

use super::Scanned;
use crate::exit::{Error, Exit};
use crate::report::Reporter;

pub fn run(paths: &[PathBuf], reporter: &mut Reporter) -> Result<Exit, Error> {
    let scanned = Scanned::read(paths)?;
    reporter.project(&scanned.files, &scanned.project);
    let summary = format!("{}: {}", scanned.checked(), reporter.tally(false));
    if reporter.errors() > 0 {
        return Err(Error::roles(summary));
    }
    reporter.status(&summary);
    Ok(Exit::Success)
}
