//! `--out DIR`: the rendered files are written whole or not at all, and `--check` compares them
//! with DIR without writing.
//!
//! Writing goes in three steps. The new files are written and synced into a staging folder
//! beside DIR (same file system, so a rename is atomic); the files they replace are linked (or
//! copied) into it too; then each new file is renamed into place. When a rename fails, the ones
//! done are undone from the saved copies, so DIR is left as it was. The staging folder is removed
//! in every case. Files of DIR that the render does not produce are left alone.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use role_core::render::OutputFile;

use crate::exit::Error;
use crate::scan::describe;

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub changed: usize,
    pub unchanged: usize,
}

/// A file of DIR that is not what the render would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    Missing(PathBuf),
    Differs(PathBuf),
}

/// Writes `files` into `dir`, whole or not at all. Files whose bytes are already right are not
/// touched.
pub fn write_all(dir: &Path, files: &[OutputFile]) -> Result<Written, Error> {
    let paths = checked_paths(files)?;
    let existed = match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => true,
        Ok(_) => {
            return Err(Error::io(format!(
                "cannot write to {}: it is not a folder",
                dir.display()
            )));
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => false,
        Err(err) => {
            return Err(Error::io(format!(
                "cannot write to {}: {}",
                dir.display(),
                describe(&err)
            )));
        }
    };
    // Through a symlink, the staging folder goes beside the real folder, on its file system.
    let target = if existed {
        fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
    } else {
        dir.to_path_buf()
    };
    let changed: Vec<(&Path, &OutputFile)> = paths
        .iter()
        .zip(files)
        .filter(|(path, file)| {
            fs::read(target.join(path)).map_or(true, |old| old != file.contents.as_bytes())
        })
        .map(|(path, file)| (path.as_path(), file))
        .collect();
    let written = Written {
        changed: changed.len(),
        unchanged: files.len() - changed.len(),
    };
    if changed.is_empty() && existed {
        return Ok(written);
    }

    let cannot = |what: &Path, err: io::Error| {
        Error::io(format!(
            "cannot write {}: {}",
            what.display(),
            describe(&err)
        ))
    };
    let (parent, name) = split(&target).ok_or_else(|| {
        Error::io(format!(
            "cannot write to {}: not a folder name",
            dir.display()
        ))
    })?;
    fs::create_dir_all(&parent).map_err(|err| cannot(&parent, err))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.role-cli-"))
        .tempdir_in(&parent)
        .map_err(|err| {
            Error::io(format!(
                "cannot create a staging folder in {}: {}",
                parent.display(),
                describe(&err)
            ))
        })?;
    let new = staging.path().join("new");
    let old = staging.path().join("old");

    for (path, file) in &changed {
        write_synced(&new.join(path), file.contents.as_bytes())
            .map_err(|err| cannot(&dir.join(path), err))?;
    }
    for (path, _) in &changed {
        let current = target.join(path);
        if fs::symlink_metadata(&current).is_ok_and(|m| m.is_file()) {
            let saved = old.join(path);
            create_parent(&saved).map_err(|err| cannot(&saved, err))?;
            if fs::hard_link(&current, &saved).is_err() {
                fs::copy(&current, &saved).map_err(|err| cannot(&saved, err))?;
            }
        }
    }

    let mut commit = Commit {
        target: &target,
        old: &old,
        created: Vec::new(),
        placed: Vec::new(),
    };
    if !existed {
        fs::create_dir(&target).map_err(|err| cannot(dir, err))?;
        commit.created.push(target.clone());
    }
    for (path, _) in &changed {
        if let Err(err) = commit.place(&new, path) {
            commit.undo();
            return Err(cannot(&dir.join(path), err));
        }
    }
    sync_dir(&target);
    Ok(written)
}

/// The files of `dir` that differ from `files` or are missing, in the order of `files`.
pub fn drift(dir: &Path, files: &[OutputFile]) -> Result<Vec<Drift>, Error> {
    let paths = checked_paths(files)?;
    let mut drift = Vec::new();
    for (path, file) in paths.into_iter().zip(files) {
        let shown = dir.join(&path);
        match fs::read(&shown) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(_) => drift.push(Drift::Differs(shown)),
            Err(err) if err.kind() == io::ErrorKind::NotFound => drift.push(Drift::Missing(shown)),
            Err(_) if shown.is_dir() => drift.push(Drift::Differs(shown)),
            Err(err) => {
                return Err(Error::io(format!(
                    "cannot read {}: {}",
                    shown.display(),
                    describe(&err)
                )));
            }
        }
    }
    Ok(drift)
}

/// The renames done so far, and how to undo them.
struct Commit<'a> {
    target: &'a Path,
    old: &'a Path,
    /// Folders this run created, outermost first.
    created: Vec<PathBuf>,
    placed: Vec<PathBuf>,
}

impl Commit<'_> {
    fn place(&mut self, new: &Path, path: &Path) -> io::Result<()> {
        let destination = self.target.join(path);
        let mut missing = Vec::new();
        let mut folder = destination.parent();
        while let Some(f) = folder.filter(|f| *f != self.target && !f.exists()) {
            missing.push(f.to_path_buf());
            folder = f.parent();
        }
        for f in missing.into_iter().rev() {
            fs::create_dir(&f)?;
            self.created.push(f);
        }
        fs::rename(new.join(path), &destination)?;
        self.placed.push(path.to_path_buf());
        Ok(())
    }

    /// Puts back what the renames replaced, and removes what they and this run created.
    fn undo(self) {
        for path in self.placed.iter().rev() {
            let saved = self.old.join(path);
            let destination = self.target.join(path);
            if saved.exists() {
                let _ = fs::rename(&saved, &destination);
            } else {
                let _ = fs::remove_file(&destination);
            }
        }
        for folder in self.created.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Each file's path as a relative path inside DIR; a path that would leave DIR, or two files
/// at one path, are refused before anything is written.
fn checked_paths(files: &[OutputFile]) -> Result<Vec<PathBuf>, Error> {
    let mut paths: Vec<PathBuf> = Vec::with_capacity(files.len());
    for file in files {
        let path = PathBuf::from(&file.path);
        let plain = path.components().count() > 0
            && path.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain {
            return Err(Error::roles(format!(
                "refusing to write `{}`: not a plain file name inside DIR",
                file.path
            )));
        }
        if paths.contains(&path) {
            return Err(Error::roles(format!(
                "two of the rendered files are `{}`",
                file.path
            )));
        }
        paths.push(path);
    }
    Ok(paths)
}

/// The folder that holds `dir`, and `dir`'s own name.
fn split(dir: &Path) -> Option<(PathBuf, String)> {
    let name = dir.file_name()?.to_string_lossy().into_owned();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some((parent, name))
}

fn create_parent(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(parent) => fs::create_dir_all(parent),
        None => Ok(()),
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create_parent(path)?;
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes the renames durable where the platform allows it; a failure here changes nothing.
fn sync_dir(dir: &Path) {
    if let Ok(folder) = fs::File::open(dir) {
        let _ = folder.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    /// Every file under `dir`, with its contents, sorted.
    fn snapshot(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(folder) = stack.pop() {
            for entry in fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                if path.is_dir() {
                    out.push((name + "/", String::new()));
                    stack.push(path);
                } else {
                    out.push((name, fs::read_to_string(&path).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn writes_create_the_folder_and_leave_no_staging_behind() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/out");
        let written = write_all(&dir, &[file("x.json", "1"), file("sub/y.json", "2")]).unwrap();
        assert_eq!(
            written,
            Written {
                changed: 2,
                unchanged: 0
            }
        );
        assert_eq!(
            snapshot(&dir),
            [
                ("sub/".into(), "".into()),
                ("sub/y.json".into(), "2".into()),
                ("x.json".into(), "1".into())
            ]
        );
        assert_eq!(
            snapshot(&root.path().join("a")).len(),
            4,
            "only out/ and its files: {:?}",
            snapshot(root.path())
        );
    }

    #[test]
    fn unchanged_files_are_not_rewritten_and_others_are_kept() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("keep.txt"), "mine").unwrap();
        fs::write(dir.join("x.json"), "1").unwrap();
        let written = write_all(&dir, &[file("x.json", "1"), file("y.json", "2")]).unwrap();
        assert_eq!(
            written,
            Written {
                changed: 1,
                unchanged: 1
            }
        );
        assert_eq!(
            snapshot(&dir),
            [
                ("keep.txt".into(), "mine".into()),
                ("x.json".into(), "1".into()),
                ("y.json".into(), "2".into())
            ]
        );
    }

    #[test]
    fn a_failed_rename_puts_everything_back() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir_all(dir.join("b.json/blocker")).unwrap();
        fs::write(dir.join("a.json"), "old a").unwrap();
        let before = snapshot(&dir);
        let err = write_all(
            &dir,
            &[
                file("a.json", "new a"),
                file("new/c.json", "c"),
                file("b.json", "new b"),
            ],
        )
        .unwrap_err();
        assert!(err.message.starts_with("cannot write "), "{}", err.message);
        assert_eq!(snapshot(&dir), before);
        assert_eq!(
            snapshot(root.path()).len(),
            before.len() + 1,
            "no staging folder is left: {:?}",
            snapshot(root.path())
        );
    }

    #[test]
    fn a_failure_in_a_new_folder_removes_it() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        // `x` is both a file and a folder: the second rename cannot happen.
        let err = write_all(&dir, &[file("x", "1"), file("x/y", "2")]);
        assert!(err.is_err());
        assert!(!dir.exists());
        assert!(
            snapshot(root.path()).is_empty(),
            "{:?}",
            snapshot(root.path())
        );
    }

    #[test]
    fn paths_outside_the_folder_are_refused() {
        let root = tempfile::tempdir().unwrap();
        for bad in ["../x", "/etc/x", "", "a/../../x", "./x"] {
            assert!(
                write_all(&root.path().join("out"), &[file(bad, "")]).is_err(),
                "{bad}"
            );
        }
        assert!(!root.path().join("out").exists());
    }

    #[test]
    fn drift_lists_missing_and_different_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path();
        fs::write(dir.join("same"), "1").unwrap();
        fs::write(dir.join("other"), "old").unwrap();
        let files = [file("same", "1"), file("other", "new"), file("gone", "x")];
        assert_eq!(
            drift(dir, &files).unwrap(),
            [
                Drift::Differs(dir.join("other")),
                Drift::Missing(dir.join("gone"))
            ]
        );
    }
}
