//! What the CLI's tests share: a temporary folder of files, and the binary run in it as a user
//! would run it (no colours, the embedded catalogue), its exit code checked.

#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// A temporary folder; it goes when the value does.
pub struct Folder(pub tempfile::TempDir);

impl Folder {
    pub fn new() -> Folder {
        Folder(tempfile::tempdir().unwrap())
    }

    /// A folder holding `files` (relative path, text).
    pub fn with(files: &[(&str, &str)]) -> Folder {
        let folder = Folder::new();
        for (path, text) in files {
            folder.write(path, text);
        }
        folder
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.0.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Output {
        run_in(self.0.path(), args)
    }

    /// Runs, and checks the exit code, showing both outputs when it differs.
    #[track_caller]
    pub fn expect(&self, code: i32, args: &[&str]) -> (String, String) {
        let output = self.run(args);
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(
            output.status.code(),
            Some(code),
            "role-cli {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
            args.join(" ")
        );
        (stdout, stderr)
    }
}

/// role-cli run in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_role-cli"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("ROLE_DSL_CATALOGUE")
        .output()
        .unwrap()
}
