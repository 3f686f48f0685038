//! The three outcomes a run can have, and the error that ends a run early with one of them.

use std::process::ExitCode;

/// The exit codes of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// 0: done.
    Success,
    /// 1: the roles have errors, a render failed on them, or `--check` found drift.
    Failure,
    /// 2: the command line or the file system is the problem.
    Usage,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
        })
    }
}

/// What stops a command: printed as `error: message` (and `= help: ...`), then the run exits
/// with `exit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub exit: Exit,
    pub message: String,
    pub help: Option<String>,
}

impl Error {
    /// A mistake on the command line: exit 2.
    pub fn usage(message: impl Into<String>) -> Error {
        Error {
            exit: Exit::Usage,
            message: message.into(),
            help: None,
        }
    }

    /// A file that cannot be read or written: exit 2.
    pub fn io(message: impl Into<String>) -> Error {
        Error {
            exit: Exit::Usage,
            message: message.into(),
            help: None,
        }
    }

    /// The roles cannot be rendered as asked: exit 1.
    pub fn roles(message: impl Into<String>) -> Error {
        Error {
            exit: Exit::Failure,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }
}
