//! Finds and reads the `.rs` files named on the command line: a PATH is a file or a folder
//! searched recursively (skipping `target/` and hidden entries), in one sorted order so that
//! every run reads, reports and renders the same way.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use role_core::project::SourceFile;

use crate::exit::Error;

/// Every file under `paths`, read, in sorted order, each once.
pub fn read(paths: &[PathBuf]) -> Result<Vec<SourceFile>, Error> {
    let mut found = Vec::new();
    for path in paths {
        let shown = tidy(path);
        let meta = fs::metadata(path).map_err(|err| cannot_read(&shown, &err))?;
        if meta.is_dir() {
            walk(&shown, &is_rust, &mut found)?;
        } else {
            // A file named explicitly is read whatever its extension.
            found.push(shown);
        }
    }
    found.sort();
    found.dedup();
    // The same file reached by two spellings (`src/a.rs` and `./src/../src/a.rs`) is read once.
    let mut seen = HashSet::new();
    found.retain(|path| seen.insert(fs::canonicalize(path).unwrap_or_else(|_| path.clone())));
    found.iter().map(|path| read_one(path)).collect()
}

/// The files under `dir` that `keep` wants, recursively, sorted, searched as `.rs` files are.
pub fn files(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<Vec<PathBuf>, Error> {
    let mut found = Vec::new();
    walk(&tidy(dir), keep, &mut found)?;
    found.sort();
    Ok(found)
}

/// Adds the files under `dir` that `keep` wants (`.rs` files), recursively.
fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool, found: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = fs::read_dir(dir).map_err(|err| cannot_read(dir, &err))?;
    for entry in entries {
        let entry = entry.map_err(|err| cannot_read(dir, &err))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = tidy(&dir.join(&*name));
        let kind = entry.file_type().map_err(|err| cannot_read(&path, &err))?;
        if kind.is_dir() {
            if name != "target" {
                walk(&path, keep, found)?;
            }
        } else if keep(&path) {
            // A symlink is followed to a file, never to a folder (which could loop); a broken
            // one is skipped as editors leave them.
            if kind.is_file()
                || (kind.is_symlink() && fs::metadata(&path).is_ok_and(|m| m.is_file()))
            {
                found.push(path);
            }
        }
    }
    Ok(())
}

pub fn is_rust(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "rs")
}

pub fn read_one(path: &Path) -> Result<SourceFile, Error> {
    let bytes = fs::read(path).map_err(|err| cannot_read(path, &err))?;
    let text = String::from_utf8(bytes).map_err(|err| {
        Error::io(format!(
            "cannot read {}: not UTF-8 text (invalid byte at offset {})",
            path.display(),
            err.utf8_error().valid_up_to()
        ))
    })?;
    // rustc and syn ignore a byte order mark; dropping it keeps columns on line 1 right.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(SourceFile {
        path: path.display().to_string(),
        text,
    })
}

/// `./src/roles.rs` shown as `src/roles.rs`.
pub fn tidy(path: &Path) -> PathBuf {
    let tidy: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if tidy.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        tidy
    }
}

fn cannot_read(path: &Path, err: &io::Error) -> Error {
    Error::io(format!("cannot read {}: {}", path.display(), describe(err)))
}

/// An I/O error in words, without the `(os error 2)` tail.
pub fn describe(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_their_leading_dot() {
        assert_eq!(tidy(Path::new("./src/a.rs")), PathBuf::from("src/a.rs"));
        assert_eq!(tidy(Path::new(".")), PathBuf::from("."));
        assert_eq!(tidy(Path::new("./")), PathBuf::from("."));
        assert_eq!(tidy(Path::new("/abs/./x.rs")), PathBuf::from("/abs/x.rs"));
    }

    #[test]
    fn folders_are_searched_in_sorted_order_skipping_target_and_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "b.rs",
            "a/z.rs",
            "a/y.txt",
            "target/t.rs",
            ".git/g.rs",
            "a/.hidden.rs",
            "c/target/x.rs",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "").unwrap();
        }
        let files = read(&[root.to_path_buf(), root.join("b.rs")]).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                Path::new(&f.path)
                    .strip_prefix(root)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["a/z.rs", "b.rs"]);
    }

    #[test]
    fn a_missing_path_is_an_io_error() {
        let err = read(&[PathBuf::from("/no/such/place.rs")]).unwrap_err();
        assert_eq!(err.exit, crate::exit::Exit::Usage);
        assert_eq!(
            err.message,
            "cannot read /no/such/place.rs: No such file or directory"
        );
    }
}
