//! The `role-cli` binary: reads the command line, runs one command and turns its outcome into
//! the exit code the contract promises (0 success, 1 the roles have errors or drifted, 2 usage
//! or I/O error).

mod cli;
mod commands;
mod exit;
mod literal;
mod locate;
mod report;
mod sarif;
mod scan;
mod write;

use std::process::ExitCode;

use clap::Parser;

/// Parsing deeply nested source recurses; the work runs on a thread with room for it.
const STACK_SIZE: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    // Usage errors exit 2 here; `--help` and `--version` exit 0.
    let cli = cli::Cli::parse();
    let worker = std::thread::Builder::new()
        .name("role-cli".into())
        .stack_size(STACK_SIZE)
        .spawn(move || commands::run(cli));
    let exit = match worker {
        Ok(handle) => match handle.join() {
            Ok(exit) => exit,
            // The panic message is already on stderr.
            Err(_) => return ExitCode::from(101),
        },
        // No thread to be had: run here, with the stack there is.
        Err(_) => commands::run(cli::Cli::parse()),
    };
    exit.into()
}
