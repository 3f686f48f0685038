//! `--out DIR`: the rendered files are written whole or not at all, even when the run is killed,
//! and `--check` compares them with DIR without writing.
//!
//! Runs writing into one DIR take turns: each holds an flock'd file beside DIR while it works
//! (inside DIR when DIR's parent is read-only), removed when done. Under it, a run first clears
//! what a killed run left, then writes in one of three ways:
//!
//! - DIR is missing: the files are written and synced into a staging folder beside DIR, which
//!   is then renamed to DIR, an atomic step.
//! - DIR exists: the staging folder is filled with the whole new DIR: the files the render
//!   changes, written and synced, and hard links to every other entry of DIR (files the render
//!   does not produce are kept, unchanged ones keep their inode), with DIR's folders, modes and
//!   owner. One `renameat2(RENAME_EXCHANGE)` swaps it with DIR, then the old tree is removed.
//!   A reader sees the old DIR or the new one, never a mix. DIR is a new folder afterwards,
//!   with DIR's mode and owner but not its ACL or extended attributes; a process whose working
//!   folder was DIR is left in the removed old one. Files that others add to DIR while the copy
//!   is made are carried over after the swap.
//! - Where the swap cannot be done (DIR's parent is read-only, DIR is another user's, not Linux,
//!   a file system without the exchange, DIR holding a mount point or files this user cannot
//!   link), a journal inside DIR: the new files and a commit marker go into
//!   `DIR/.role-cli-txn-*/`, then each file is renamed into place. A run killed after the
//!   commit leaves DIR half-written until the next run, which finishes it before anything else;
//!   one killed before the commit changed nothing.
//!
//! Files whose bytes are already right are not rewritten, and when none changes nothing is
//! touched.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
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

/// The lock file beside DIR is `.<name>.role-cli.lock`; inside DIR, this.
const LOCK_INSIDE: &str = ".role-cli.lock";
/// The journal folders inside DIR start with this.
const TXN_PREFIX: &str = ".role-cli-txn-";
/// A staging folder is `.<name>.role-cli-` and this many letters or digits, as earlier releases
/// named theirs too, so their leftovers are cleared as well.
const STAGING_RANDOM: usize = 6;

/// Writes `files` into `dir`, whole or not at all. Files whose bytes are already right are not
/// touched.
pub fn write_all(dir: &Path, files: &[OutputFile]) -> Result<Written, Error> {
    test_hook::pause("write");
    write_with(dir, files, test_hook::forced_journal())
}

fn write_with(dir: &Path, files: &[OutputFile], journal_only: bool) -> Result<Written, Error> {
    let paths = checked_paths(files)?;
    let up_to_date = Written {
        changed: 0,
        unchanged: files.len(),
    };
    // Most runs change nothing: they decide so without the lock, and touch nothing.
    let place = Place::find(dir)?;
    if place.exists && !place.has_leftovers() && unchanged(&place.target, &paths, files) {
        return Ok(up_to_date);
    }
    // A DIR that appears while a new one is being put in place is written again, as existing.
    for _ in 0..3 {
        if let Some(written) = write_locked(dir, &paths, files, journal_only)? {
            return Ok(written);
        }
    }
    Err(Error::io(format!(
        "cannot write to {}: another program keeps creating and removing it",
        dir.display()
    )))
}

/// One attempt under the lock; `None` when DIR was created by someone else meanwhile.
fn write_locked(
    dir: &Path,
    paths: &[PathBuf],
    files: &[OutputFile],
    journal_only: bool,
) -> Result<Option<Written>, Error> {
    let mut place = Place::find(dir)?;
    if !place.exists {
        fs::create_dir_all(&place.parent).map_err(|err| cannot_write(&place.parent, &err))?;
        place = Place::find(dir)?;
    }
    let (_lock, beside) = match Lock::acquire(&place.beside_lock()) {
        Ok(lock) => (lock, true),
        Err(err) if place.exists && cannot_create_in(&err) => {
            let lock = Lock::acquire(&place.target.join(LOCK_INSIDE))
                .map_err(|err| cannot_lock(dir, &err))?;
            (lock, false)
        }
        Err(err) if cannot_create_in(&err) => return Err(cannot_write(dir, &err)),
        Err(err) => return Err(cannot_lock(dir, &err)),
    };
    // DIR may have been created, or replaced, while this run waited.
    let place = Place::find(dir)?;
    place.clear_leftovers(dir, beside)?;

    let rendered: Vec<(&Path, &OutputFile)> =
        paths.iter().map(PathBuf::as_path).zip(files).collect();
    let changed: Vec<(&Path, &OutputFile)> = rendered
        .iter()
        .copied()
        .filter(|(path, file)| !place.exists || !same_bytes(&place.target.join(path), file))
        .collect();
    let written = Written {
        changed: changed.len(),
        unchanged: files.len() - changed.len(),
    };
    if place.exists && changed.is_empty() {
        return Ok(Some(written));
    }
    let job = Job {
        target: &place.target,
        shown: dir,
        rendered: &rendered,
        changed: &changed,
    };
    if !place.exists {
        return Ok(job.create(&place)?.then_some(written));
    }
    job.check_in_the_way()?;
    let swapped =
        beside && !journal_only && matches!(swap::replace(&job, &place)?, swap::Outcome::Swapped);
    if !swapped {
        journal::write(&job)?;
    }
    Ok(Some(written))
}

/// Where DIR is: through a symlink, the real folder, so that the staging folder goes beside
/// it, on its file system, and the link stays.
struct Place {
    target: PathBuf,
    parent: PathBuf,
    name: String,
    exists: bool,
}

impl Place {
    fn find(dir: &Path) -> Result<Place, Error> {
        let (target, exists) = match fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => (
                fs::canonicalize(dir).map_err(|err| cannot_write(dir, &err))?,
                true,
            ),
            Ok(_) => {
                return Err(Error::io(format!(
                    "cannot write to {}: it is not a folder",
                    dir.display()
                )));
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if fs::symlink_metadata(dir).is_ok() {
                    return Err(Error::io(format!(
                        "cannot write to {}: it is a symbolic link to a folder that does not exist",
                        dir.display()
                    )));
                }
                let (parent, name) = split(dir).ok_or_else(|| not_a_folder_name(dir))?;
                let parent = fs::canonicalize(&parent).unwrap_or(parent);
                (parent.join(name), false)
            }
            Err(err) => return Err(cannot_write(dir, &err)),
        };
        let (parent, name) = split(&target).ok_or_else(|| not_a_folder_name(dir))?;
        let name = name.to_string_lossy().into_owned();
        Ok(Place {
            target,
            parent,
            name,
            exists,
        })
    }

    fn beside_lock(&self) -> PathBuf {
        self.parent.join(format!(".{}.role-cli.lock", self.name))
    }

    fn staging_prefix(&self) -> String {
        format!(".{}.role-cli-", self.name)
    }

    fn is_staging(&self, entry: &OsStr) -> bool {
        let prefix = self.staging_prefix();
        entry.to_str().is_some_and(|entry| {
            entry.strip_prefix(&prefix).is_some_and(|random| {
                random.len() == STAGING_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
            })
        })
    }

    /// What a killed run may have left: its lock file, its staging folder, its journal.
    fn has_leftovers(&self) -> bool {
        let beside = fs::read_dir(&self.parent).is_ok_and(|entries| {
            entries.flatten().any(|entry| {
                self.is_staging(&entry.file_name()) || entry.path() == self.beside_lock()
            })
        });
        beside
            || fs::read_dir(&self.target)
                .is_ok_and(|entries| entries.flatten().any(|entry| is_ours(&entry.file_name())))
    }

    /// Under the lock, no other run is at work here: a staging folder beside DIR is a killed
    /// run's, and so is a journal inside it, which is finished when it was committed.
    fn clear_leftovers(&self, shown: &Path, beside: bool) -> Result<(), Error> {
        if let Ok(entries) = fs::read_dir(&self.parent) {
            for entry in entries.flatten() {
                if self.is_staging(&entry.file_name()) {
                    // Beside DIR, a leftover does not change DIR: one that cannot go stays.
                    let _ = remove_tree(&entry.path());
                }
            }
        }
        if self.exists {
            journal::recover(&self.target, shown)?;
            if beside {
                Lock::remove_if_stale(&self.target.join(LOCK_INSIDE));
            }
        }
        Ok(())
    }
}

/// The names this program keeps inside DIR: the lock and the journals of the read-only-parent
/// mode. They are never carried into a new DIR, nor compared.
fn is_ours(name: &OsStr) -> bool {
    name == LOCK_INSIDE || name.to_str().is_some_and(|n| n.starts_with(TXN_PREFIX))
}

/// One write into an existing or missing DIR, decided under the lock.
struct Job<'a> {
    /// DIR as found (the real folder).
    target: &'a Path,
    /// DIR as given, for messages.
    shown: &'a Path,
    rendered: &'a [(&'a Path, &'a OutputFile)],
    changed: &'a [(&'a Path, &'a OutputFile)],
}

impl Job<'_> {
    fn cannot(&self, path: &Path, err: &io::Error) -> Error {
        cannot_write(&self.shown.join(path), err)
    }

    /// Writes the changed files under `root`, at their paths inside DIR.
    fn write_changed(&self, root: &Path) -> Result<(), Error> {
        fs::create_dir_all(root).map_err(|err| cannot_write(self.shown, &err))?;
        let mut folders = HashSet::new();
        for (path, file) in self.changed {
            if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty())
                && folders.insert(folder)
            {
                fs::create_dir_all(root.join(folder)).map_err(|err| self.cannot(path, &err))?;
            }
            write_file(&root.join(path), file.contents.as_bytes())
                .map_err(|err| self.cannot(path, &err))?;
        }
        flush(root).map_err(|err| cannot_write(self.shown, &err))
    }

    /// A missing DIR: a staging folder filled, then renamed into place. `false` when DIR was
    /// created meanwhile by another program.
    fn create(&self, place: &Place) -> Result<bool, Error> {
        let staging = Staging::create(&place.parent, &place.staging_prefix(), 0o777)
            .map_err(|err| cannot_stage(self.shown, &err))?;
        self.write_changed(&staging.path)?;
        test_hook::pause("before-swap");
        match rename_new(&staging.path, self.target) {
            Ok(true) => {
                staging.keep();
                sync_dir(&place.parent);
                Ok(true)
            }
            Ok(false) => Ok(false),
            Err(err) => Err(cannot_write(self.shown, &err)),
        }
    }

    /// A rendered file cannot replace a folder, nor go under a file or through a symlink out
    /// of DIR: refused before anything is written.
    fn check_in_the_way(&self) -> Result<(), Error> {
        for (path, _) in self.changed {
            let mut inside = PathBuf::new();
            let mut parts = path.components().peekable();
            while let Some(part) = parts.next() {
                inside.push(part);
                let last = parts.peek().is_none();
                let meta = match fs::symlink_metadata(self.target.join(&inside)) {
                    Ok(meta) => meta,
                    Err(err) if err.kind() == io::ErrorKind::NotFound => break,
                    Err(err) => return Err(self.cannot(path, &err)),
                };
                let problem = if last {
                    meta.is_dir().then_some("a folder is in the way")
                } else if meta.file_type().is_symlink() {
                    Some("a folder on the way is a symbolic link")
                } else {
                    (!meta.is_dir()).then_some("a file is in the way of its folder")
                };
                if let Some(problem) = problem {
                    return Err(Error::io(format!(
                        "cannot write {}: {problem}",
                        self.shown.join(path).display()
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Renames the filled staging folder to the missing DIR, never over one that appeared:
/// `Ok(false)` then.
fn rename_new(staging: &Path, target: &Path) -> io::Result<bool> {
    let taken = |err: &io::Error| {
        matches!(
            err.kind(),
            io::ErrorKind::AlreadyExists | io::ErrorKind::DirectoryNotEmpty
        )
    };
    match swap::rename_no_replace(staging, target) {
        Ok(()) => Ok(true),
        Err(err) if taken(&err) => Ok(false),
        Err(err) if err.kind() != io::ErrorKind::Unsupported => Err(err),
        // Without a no-replace rename: a folder that appears in between is empty, or refused.
        Err(_) if fs::symlink_metadata(target).is_ok() => Ok(false),
        Err(_) => match fs::rename(staging, target) {
            Ok(()) => Ok(true),
            Err(err) if taken(&err) => Ok(false),
            Err(err) => Err(err),
        },
    }
}

/// A folder this run fills; removed when dropped unless kept.
struct Staging {
    path: PathBuf,
    armed: bool,
}

impl Staging {
    /// `mode` is narrowed by the umask, as for any new folder.
    fn create(parent: &Path, prefix: &str, mode: u32) -> io::Result<Staging> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(prefix).rand_bytes(STAGING_RANDOM);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(mode));
        }
        #[cfg(not(unix))]
        let _ = mode;
        let path = builder.tempdir_in(parent)?.keep();
        Ok(Staging { path, armed: true })
    }

    fn keep(mut self) {
        self.armed = false;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.armed {
            let _ = remove_tree(&self.path);
        }
    }
}

/// The file that makes runs into one DIR take turns. It is removed on release, so nothing
/// stays behind; a run that gets the lock on a file removed meanwhile opens it again.
struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    fn acquire(path: &Path) -> io::Result<Lock> {
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            // A lock held by a live process is waited for; the kernel drops it when the holder dies.
            file.lock()?;
            let held = file.metadata()?;
            if fs::metadata(path).is_ok_and(|now| same_file(&held, &now)) {
                return Ok(Lock {
                    path: path.to_path_buf(),
                    _file: file,
                });
            }
        }
    }

    /// Removes a lock file that no live process holds.
    fn remove_if_stale(path: &Path) {
        if let Ok(file) = OpenOptions::new().read(true).write(true).open(path)
            && file.try_lock().is_ok()
        {
            let _ = fs::remove_file(path);
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, then released when the file closes.
        if cfg!(unix) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

/// Without inode numbers the lock file is never removed, so it is always the same file.
#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    true
}

/// The swap of a filled copy of DIR with DIR: Linux's `renameat2`.
#[cfg(any(target_os = "linux", target_os = "android"))]
mod swap {
    use std::collections::{HashMap, HashSet};
    use std::fs;
    use std::io;
    use std::os::unix::fs::MetadataExt;
    use std::path::{Path, PathBuf};

    use rustix::fs::{Access, AtFlags, CWD, RenameFlags};

    use super::{Job, Place, Staging, cannot_stage, cannot_write, is_ours, sync_dir, test_hook};
    use crate::exit::Error;

    pub(super) enum Outcome {
        Swapped,
        /// The journal does it instead.
        Cannot,
    }

    pub(super) fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
        match rustix::fs::renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => Ok(()),
            Err(err) if unsupported(err) => Err(io::ErrorKind::Unsupported.into()),
            Err(err) => Err(err.into()),
        }
    }

    fn unsupported(err: rustix::io::Errno) -> bool {
        use rustix::io::Errno;
        [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP, Errno::OPNOTSUPP].contains(&err)
    }

    /// Fills a staging folder with the whole new DIR and swaps it in, or says it cannot.
    pub(super) fn replace(job: &Job, place: &Place) -> Result<Outcome, Error> {
        let dir = fs::symlink_metadata(job.target).map_err(|err| cannot_write(job.shown, &err))?;
        // The swap would let a run replace a folder it may not write into; refuse as a write would.
        if let Err(err) = rustix::fs::accessat(
            CWD,
            job.target,
            Access::WRITE_OK | Access::EXEC_OK,
            AtFlags::EACCESS,
        ) {
            return Err(cannot_write(job.shown, &err.into()));
        }
        let staging = match Staging::create(&place.parent, &place.staging_prefix(), 0o700) {
            Ok(staging) => staging,
            Err(err) if super::cannot_create_in(&err) => return Ok(Outcome::Cannot),
            Err(err) => return Err(cannot_stage(job.shown, &err)),
        };
        let rendered: HashSet<&Path> = job.rendered.iter().map(|(path, _)| *path).collect();
        let changed: HashSet<&Path> = job.changed.iter().map(|(path, _)| *path).collect();
        let mut copy = Copy {
            from: job.target,
            to: &staging.path,
            dev: dir.dev(),
            skip: &changed,
            linked: HashMap::new(),
            folders: Vec::new(),
        };
        if !same_owner(&staging.path, &dir) || copy.folder(Path::new("")).is_err() {
            return Ok(Outcome::Cannot);
        }
        job.write_changed(&staging.path)?;
        for (folder, meta) in copy.folders.iter().rev() {
            fs::set_permissions(staging.path.join(folder), meta.permissions())
                .map_err(|err| cannot_stage(job.shown, &err))?;
        }
        fs::set_permissions(&staging.path, dir.permissions())
            .map_err(|err| cannot_stage(job.shown, &err))?;
        test_hook::pause("before-swap");
        match rustix::fs::renameat_with(CWD, &staging.path, CWD, job.target, RenameFlags::EXCHANGE)
        {
            Ok(()) => {}
            Err(err)
                if unsupported(err)
                    || [rustix::io::Errno::XDEV, rustix::io::Errno::BUSY].contains(&err) =>
            {
                return Ok(Outcome::Cannot);
            }
            Err(err) => return Err(cannot_write(job.shown, &err.into())),
        }
        sync_dir(&place.parent);
        test_hook::pause("after-swap");
        // The staging path now holds the old tree.
        copy.carry_late(&staging.path, job.target, Path::new(""), &rendered);
        drop(staging);
        Ok(Outcome::Swapped)
    }

    /// The copy keeps DIR's owner; a user who cannot give it (DIR is someone else's) leaves
    /// DIR in place and uses the journal.
    fn same_owner(path: &Path, like: &fs::Metadata) -> bool {
        match fs::symlink_metadata(path) {
            Ok(meta) if (meta.uid(), meta.gid()) == (like.uid(), like.gid()) => true,
            Ok(_) => std::os::unix::fs::lchown(path, Some(like.uid()), Some(like.gid())).is_ok(),
            Err(_) => false,
        }
    }

    /// DIR re-created under the staging folder by hard links, except the files the render
    /// changes.
    struct Copy<'a> {
        from: &'a Path,
        to: &'a Path,
        dev: u64,
        skip: &'a HashSet<&'a Path>,
        /// Each linked entry and its inode, to notice what changes in DIR until the swap.
        linked: HashMap<PathBuf, (u64, u64)>,
        /// The folders made, outermost first, with DIR's metadata to give them when filled.
        folders: Vec<(PathBuf, fs::Metadata)>,
    }

    impl Copy<'_> {
        /// `Err` when DIR holds what a link cannot carry: the journal does it then.
        fn folder(&mut self, inside: &Path) -> io::Result<()> {
            for entry in fs::read_dir(self.from.join(inside))? {
                let entry = entry?;
                if inside.as_os_str().is_empty() && is_ours(&entry.file_name()) {
                    continue;
                }
                let path = inside.join(entry.file_name());
                let meta = entry.metadata()?;
                if meta.is_dir() {
                    if meta.dev() != self.dev {
                        return Err(io::ErrorKind::CrossesDevices.into());
                    }
                    let made = self.to.join(&path);
                    fs::create_dir(&made)?;
                    if !same_owner(&made, &meta) {
                        return Err(io::ErrorKind::PermissionDenied.into());
                    }
                    self.folders.push((path.clone(), meta));
                    self.folder(&path)?;
                } else if !self.skip.contains(path.as_path()) {
                    fs::hard_link(self.from.join(&path), self.to.join(&path))?;
                    self.linked.insert(path, (meta.dev(), meta.ino()));
                }
            }
            Ok(())
        }

        /// Files of DIR that others created, replaced or removed between the copy and the swap
        /// are carried into the new DIR, so that none is lost. The rendered files stay the
        /// render's. Best effort: the window is the few milliseconds before the swap.
        fn carry_late(&self, old: &Path, new: &Path, inside: &Path, rendered: &HashSet<&Path>) {
            let Ok(entries) = fs::read_dir(old.join(inside)) else {
                return;
            };
            for entry in entries.flatten() {
                if inside.as_os_str().is_empty() && is_ours(&entry.file_name()) {
                    continue;
                }
                let path = inside.join(entry.file_name());
                let Ok(meta) = entry.metadata() else { continue };
                if rendered.contains(path.as_path()) {
                    continue;
                }
                let in_new = fs::symlink_metadata(new.join(&path));
                if meta.is_dir() && in_new.as_ref().is_ok_and(fs::Metadata::is_dir) {
                    self.carry_late(old, new, &path, rendered);
                } else if (meta.is_dir() && in_new.is_err())
                    || (!meta.is_dir() && self.linked.get(&path) != Some(&(meta.dev(), meta.ino())))
                {
                    let _ = fs::rename(old.join(&path), new.join(&path));
                }
            }
            if inside.as_os_str().is_empty() {
                for path in self.linked.keys() {
                    if !rendered.contains(path.as_path())
                        && fs::symlink_metadata(old.join(path)).is_err()
                    {
                        let _ = fs::remove_file(new.join(path));
                    }
                }
            }
        }
    }

    /// Makes all written under `folder` durable at once: far cheaper than a sync per file.
    pub(super) fn flush(folder: &Path) -> io::Result<()> {
        rustix::fs::syncfs(fs::File::open(folder)?)?;
        Ok(())
    }

    pub(super) const SYNC_EACH_FILE: bool = false;
}

/// Elsewhere there is no exchange: the journal does it.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod swap {
    use std::io;
    use std::path::Path;

    use super::{Job, Place};
    use crate::exit::Error;

    #[allow(dead_code)]
    pub(super) enum Outcome {
        Swapped,
        Cannot,
    }

    pub(super) fn rename_no_replace(_: &Path, _: &Path) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }

    pub(super) fn replace(_: &Job, _: &Place) -> Result<Outcome, Error> {
        Ok(Outcome::Cannot)
    }

    pub(super) fn flush(_: &Path) -> io::Result<()> {
        Ok(())
    }

    pub(super) const SYNC_EACH_FILE: bool = true;
}

/// The write inside DIR when the swap cannot be done: new files and a commit marker in a
/// journal folder, then renamed into place one by one. Killed before the commit, nothing
/// changed; after it, the next run renames the rest.
mod journal {
    use std::fs::{self, File};
    use std::io;
    use std::path::{Path, PathBuf};

    use super::{
        Job, Staging, TXN_PREFIX, cannot_write, create_parent, remove_tree, sync_dir, test_hook,
    };
    use crate::exit::Error;

    const COMMITTED: &str = "committed";

    pub(super) fn write(job: &Job) -> Result<(), Error> {
        let txn = prepare(job)?;
        apply_or_undo(job, txn)
    }

    /// Puts the committed files in place; after a failure, puts back what was there.
    pub(super) fn apply_or_undo(job: &Job, txn: Staging) -> Result<(), Error> {
        let new = txn.path.join("new");
        let mut placed = Placed::default();
        if let Err((path, err)) = apply(&new, job.target, &mut placed) {
            placed.undo(&new, &txn.path.join("old"), job.target);
            // Undone: the next run must not finish it.
            let _ = fs::remove_file(txn.path.join(COMMITTED));
            return Err(job.cannot(&path, &err));
        }
        sync_dir(job.target);
        drop(txn);
        Ok(())
    }

    /// The journal, committed: the new files, links to the ones they replace, the marker.
    pub(super) fn prepare(job: &Job) -> Result<Staging, Error> {
        let txn = Staging::create(job.target, TXN_PREFIX, 0o700).map_err(|err| {
            Error::io(format!(
                "cannot create a journal folder in {}: {}",
                job.shown.display(),
                super::describe(&err)
            ))
        })?;
        let old = txn.path.join("old");
        for (path, _) in job.changed {
            let current = job.target.join(path);
            if fs::symlink_metadata(&current).is_ok() {
                let saved = old.join(path);
                create_parent(&saved)
                    .and_then(|()| {
                        fs::hard_link(&current, &saved)
                            .or_else(|_| fs::copy(&current, &saved).map(drop))
                    })
                    .map_err(|err| job.cannot(path, &err))?;
            }
        }
        job.write_changed(&txn.path.join("new"))?;
        let marker = File::create(txn.path.join(COMMITTED)).and_then(|file| file.sync_all());
        marker.map_err(|err| cannot_write(job.shown, &err))?;
        sync_dir(&txn.path);
        test_hook::pause("journal-commit");
        Ok(txn)
    }

    /// Finishes the committed journals a killed run left in DIR, and removes the others.
    pub(super) fn recover(target: &Path, shown: &Path) -> Result<(), Error> {
        let Ok(entries) = fs::read_dir(target) else {
            return Ok(());
        };
        for entry in entries.flatten() {
            let txn = entry.path();
            let ours = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(TXN_PREFIX));
            if !ours || !txn.is_dir() {
                continue;
            }
            if txn.join(COMMITTED).exists() {
                apply(&txn.join("new"), target, &mut Placed::default()).map_err(
                    |(path, err)| {
                        Error::io(format!(
                            "cannot finish writing {}, for a run that was stopped (its journal is {}): {}",
                            shown.join(path).display(),
                            txn.display(),
                            super::describe(&err)
                        ))
                    },
                )?;
                sync_dir(target);
            }
            remove_tree(&txn).map_err(|err| {
                Error::io(format!(
                    "cannot remove {}, left by a run into {} that was stopped: {}",
                    txn.display(),
                    shown.display(),
                    super::describe(&err)
                ))
            })?;
        }
        Ok(())
    }

    /// What `apply` did, to undo it after a failure.
    #[derive(Default)]
    struct Placed {
        files: Vec<PathBuf>,
        /// Folders it made, outermost first.
        folders: Vec<PathBuf>,
    }

    impl Placed {
        /// Each placed file goes back into the journal before its old copy returns, so a run
        /// killed while undoing is finished by the next one, whole.
        fn undo(self, new: &Path, old: &Path, target: &Path) {
            for path in self.files.iter().rev() {
                if fs::rename(target.join(path), new.join(path)).is_ok()
                    && fs::symlink_metadata(old.join(path)).is_ok()
                {
                    let _ = fs::rename(old.join(path), target.join(path));
                }
            }
            for folder in self.folders.iter().rev() {
                let _ = fs::remove_dir(target.join(folder));
            }
        }
    }

    /// Renames every file under `new` into `target`; a file already moved is not there any
    /// more, so it can run again after a kill. An error names the file it was at.
    fn apply(new: &Path, target: &Path, placed: &mut Placed) -> Result<(), (PathBuf, io::Error)> {
        let mut files = Vec::new();
        list_files(new, Path::new(""), &mut files).map_err(|err| (PathBuf::new(), err))?;
        files.sort();
        let half = files.len() / 2;
        for (at, path) in files.into_iter().enumerate() {
            if at == half {
                test_hook::pause("journal-apply");
            }
            let mut missing = Vec::new();
            let mut folder = path.parent();
            while let Some(f) = folder.filter(|f| !f.as_os_str().is_empty()) {
                if target.join(f).is_dir() {
                    break;
                }
                missing.push(f.to_path_buf());
                folder = f.parent();
            }
            for f in missing.into_iter().rev() {
                fs::create_dir(target.join(&f)).map_err(|err| (path.clone(), err))?;
                placed.folders.push(f);
            }
            if let Err(err) = fs::rename(new.join(&path), target.join(&path)) {
                return Err((path, err));
            }
            placed.files.push(path);
        }
        Ok(())
    }

    fn list_files(root: &Path, inside: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
        let entries = match fs::read_dir(root.join(inside)) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(err) => return Err(err),
        };
        for entry in entries {
            let entry = entry?;
            let path = inside.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                list_files(root, &path, out)?;
            } else {
                out.push(path);
            }
        }
        Ok(())
    }
}

/// Points where the kill test stops a debug build on purpose; nothing in a release build.
mod test_hook {
    /// `ROLE_CLI_TEST_PAUSE=POINT:MS[,POINT:MS]` sleeps MS milliseconds at POINT (`write`
    /// when the writing starts, `before-swap`, `after-swap`, `journal-commit`, `journal-apply`),
    /// after saying so on stderr.
    pub(super) fn pause(point: &str) {
        if cfg!(debug_assertions)
            && let Ok(spec) = std::env::var("ROLE_CLI_TEST_PAUSE")
        {
            for item in spec.split(',') {
                if let Some((at, ms)) = item.split_once(':')
                    && at == point
                    && let Ok(ms) = ms.parse()
                {
                    eprintln!("role-cli: test pause at {point}");
                    std::thread::sleep(std::time::Duration::from_millis(ms));
                }
            }
        }
    }

    /// `ROLE_CLI_TEST_JOURNAL=1` uses the journal even where the swap would do.
    pub(super) fn forced_journal() -> bool {
        cfg!(debug_assertions) && std::env::var_os("ROLE_CLI_TEST_JOURNAL").is_some()
    }
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

fn same_bytes(path: &Path, file: &OutputFile) -> bool {
    fs::read(path).is_ok_and(|old| old == file.contents.as_bytes())
}

fn unchanged(target: &Path, paths: &[PathBuf], files: &[OutputFile]) -> bool {
    paths
        .iter()
        .zip(files)
        .all(|(path, file)| same_bytes(&target.join(path), file))
}

/// Each file's path as a relative path inside DIR; a path that would leave DIR, two files at
/// one path, or a file at another's folder, are refused before anything is written.
fn checked_paths(files: &[OutputFile]) -> Result<Vec<PathBuf>, Error> {
    let mut paths: Vec<PathBuf> = Vec::with_capacity(files.len());
    let mut seen = HashSet::new();
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
        if !seen.insert(path.clone()) {
            return Err(Error::roles(format!(
                "two of the rendered files are `{}`",
                file.path
            )));
        }
        paths.push(path);
    }
    let folders: HashMap<&Path, &Path> = paths
        .iter()
        .flat_map(|path| path.ancestors().skip(1).map(move |a| (a, path.as_path())))
        .collect();
    if let Some(clash) = paths
        .iter()
        .find(|path| folders.contains_key(path.as_path()))
    {
        return Err(Error::roles(format!(
            "the rendered file `{}` is also the folder of `{}`",
            clash.display(),
            folders[clash.as_path()].display()
        )));
    }
    Ok(paths)
}

/// The folder that holds `dir`, and `dir`'s own name.
fn split(dir: &Path) -> Option<(PathBuf, &OsStr)> {
    let name = dir.file_name()?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some((parent, name))
}

/// A folder where this user may not create anything: the journal inside DIR is the way left.
fn cannot_create_in(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

fn cannot_write(path: &Path, err: &io::Error) -> Error {
    Error::io(format!(
        "cannot write {}: {}",
        path.display(),
        describe(err)
    ))
}

fn cannot_stage(dir: &Path, err: &io::Error) -> Error {
    Error::io(format!(
        "cannot create a staging folder beside {}: {}",
        dir.display(),
        describe(err)
    ))
}

fn cannot_lock(dir: &Path, err: &io::Error) -> Error {
    Error::io(format!(
        "cannot lock {} against other runs writing into it: {}",
        dir.display(),
        describe(err)
    ))
}

fn not_a_folder_name(dir: &Path) -> Error {
    Error::io(format!(
        "cannot write to {}: not a folder name",
        dir.display()
    ))
}

fn create_parent(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(parent) => fs::create_dir_all(parent),
        None => Ok(()),
    }
}

/// Writes a new file, its folder made already.
fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    if swap::SYNC_EACH_FILE {
        file.sync_all()?;
    }
    Ok(())
}

/// Makes what was written under `folder` durable before it is put in place.
fn flush(folder: &Path) -> io::Result<()> {
    swap::flush(folder)
}

/// Makes renames durable where the platform allows it; a failure here changes nothing.
fn sync_dir(dir: &Path) {
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// Removes a folder and all in it; a read-only folder inside (copied from DIR) is made
/// writable first.
fn remove_tree(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::PermissionDenied => {
            make_writable(path);
            fs::remove_dir_all(path)
        }
        Err(err) => Err(err),
    }
}

fn make_writable(folder: &Path) {
    let Ok(meta) = fs::symlink_metadata(folder) else {
        return;
    };
    if !meta.is_dir() {
        return;
    }
    let mut permissions = meta.permissions();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        permissions.set_mode(permissions.mode() | 0o700);
    }
    #[cfg(not(unix))]
    permissions.set_readonly(false);
    let _ = fs::set_permissions(folder, permissions);
    if let Ok(entries) = fs::read_dir(folder) {
        for entry in entries.flatten() {
            make_writable(&entry.path());
        }
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

    /// The files a run leaves beside DIR or inside it that are not the user's: none, after a
    /// run that was not killed.
    fn leftovers(root: &Path, dir: &str) -> Vec<String> {
        let mut found: Vec<String> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(&format!(".{dir}.")))
            .collect();
        if let Ok(entries) = fs::read_dir(root.join(dir)) {
            found.extend(
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|name| name.starts_with(".role-cli")),
            );
        }
        found
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::symlink_metadata(path).unwrap().ino()
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    fn set_mode(path: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    /// Whether a read-only folder stops this user: not for root (as in many containers and
    /// CI), so the tests of a read-only folder say they are skipped then.
    #[cfg(unix)]
    fn read_only_binds() -> bool {
        let root = tempfile::tempdir().unwrap();
        set_mode(root.path(), 0o555);
        let binds = fs::create_dir(root.path().join("probe")).is_err();
        set_mode(root.path(), 0o755);
        binds
    }

    /// DIR with a file of the user's in a subfolder, a symlink, a file the render leaves as it
    /// is and one it changes.
    #[cfg(unix)]
    fn lived_in(root: &Path) -> PathBuf {
        let dir = root.join("out");
        fs::create_dir_all(dir.join("notes")).unwrap();
        fs::write(dir.join("notes/mine.md"), "mine").unwrap();
        std::os::unix::fs::symlink("notes/mine.md", dir.join("link")).unwrap();
        fs::write(dir.join("x.json"), "1").unwrap();
        fs::write(dir.join("y.json"), "old").unwrap();
        set_mode(&dir.join("notes"), 0o750);
        set_mode(&dir, 0o751);
        dir
    }

    #[cfg(unix)]
    fn assert_lived_in_written(dir: &Path, written: Written) {
        assert_eq!(
            written,
            Written {
                changed: 2,
                unchanged: 1
            }
        );
        assert_eq!(
            snapshot(dir),
            [
                ("link".into(), "mine".into()),
                ("notes/".into(), "".into()),
                ("notes/mine.md".into(), "mine".into()),
                ("x.json".into(), "1".into()),
                ("y.json".into(), "2".into()),
                ("z.json".into(), "3".into()),
            ]
        );
        assert!(fs::symlink_metadata(dir.join("link")).unwrap().is_symlink());
        assert_eq!(mode(dir), 0o751);
        assert_eq!(mode(&dir.join("notes")), 0o750);
    }

    #[cfg(unix)]
    fn lived_in_files() -> [OutputFile; 3] {
        [
            file("x.json", "1"),
            file("y.json", "2"),
            file("z.json", "3"),
        ]
    }

    #[test]
    #[cfg(unix)]
    fn an_existing_folder_is_replaced_whole_and_keeps_the_user_s_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = lived_in(root.path());
        let kept = [
            dir.join("notes/mine.md"),
            dir.join("link"),
            dir.join("x.json"),
        ];
        let before: Vec<u64> = kept.iter().map(|p| inode(p)).collect();
        let changed = inode(&dir.join("y.json"));
        let written = write_all(&dir, &lived_in_files()).unwrap();
        assert_lived_in_written(&dir, written);
        let after: Vec<u64> = kept.iter().map(|p| inode(p)).collect();
        assert_eq!(before, after, "kept and unchanged files are the same files");
        assert_ne!(inode(&dir.join("y.json")), changed);
        assert_eq!(leftovers(root.path(), "out"), Vec::<String>::new());
    }

    #[test]
    #[cfg(unix)]
    fn the_journal_writes_the_same_in_place() {
        let root = tempfile::tempdir().unwrap();
        let dir = lived_in(root.path());
        let folder = inode(&dir);
        let unchanged = inode(&dir.join("x.json"));
        let written = write_with(&dir, &lived_in_files(), true).unwrap();
        assert_lived_in_written(&dir, written);
        assert_eq!(inode(&dir), folder, "the journal writes inside DIR");
        assert_eq!(inode(&dir.join("x.json")), unchanged);
        assert_eq!(leftovers(root.path(), "out"), Vec::<String>::new());
    }

    #[test]
    fn the_journal_puts_everything_back_when_a_rename_fails() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("a.json"), "old a").unwrap();
        fs::write(dir.join("c.json"), "old c").unwrap();
        let before = snapshot(&dir);
        let files = [
            file("a.json", "new a"),
            file("b/x.json", "new x"),
            file("c.json", "new c"),
        ];
        let paths = checked_paths(&files).unwrap();
        let rendered: Vec<(&Path, &OutputFile)> =
            paths.iter().map(PathBuf::as_path).zip(&files).collect();
        let job = Job {
            target: &dir,
            shown: &dir,
            rendered: &rendered,
            changed: &rendered,
        };
        let txn = journal::prepare(&job).unwrap();
        // Something takes `c.json`'s place after the commit: its rename fails.
        fs::remove_file(dir.join("c.json")).unwrap();
        fs::create_dir_all(dir.join("c.json/blocker")).unwrap();
        let err = journal::apply_or_undo(&job, txn).unwrap_err();
        assert!(err.message.starts_with("cannot write "), "{}", err.message);
        fs::remove_dir_all(dir.join("c.json")).unwrap();
        fs::write(dir.join("c.json"), "old c").unwrap();
        assert_eq!(snapshot(&dir), before);
        assert_eq!(leftovers(root.path(), "out"), Vec::<String>::new());
    }

    #[test]
    fn a_committed_journal_is_finished_by_the_next_run() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("a.json"), "old a").unwrap();
        fs::write(dir.join("b.json"), "old b").unwrap();
        let files = [
            file("a.json", "new a"),
            file("b.json", "new b"),
            file("sub/c.json", "new c"),
        ];
        let paths = checked_paths(&files).unwrap();
        let rendered: Vec<(&Path, &OutputFile)> =
            paths.iter().map(PathBuf::as_path).zip(&files).collect();
        let job = Job {
            target: &dir,
            shown: &dir,
            rendered: &rendered,
            changed: &rendered,
        };
        // Killed after the commit and the first rename.
        let txn = journal::prepare(&job).unwrap();
        fs::rename(txn.path.join("new/a.json"), dir.join("a.json")).unwrap();
        txn.keep();
        assert_eq!(fs::read_to_string(dir.join("b.json")).unwrap(), "old b");
        // The next run finishes it before it compares: nothing is left to write.
        let written = write_all(&dir, &files).unwrap();
        assert_eq!(
            written,
            Written {
                changed: 0,
                unchanged: 3
            }
        );
        assert_eq!(
            snapshot(&dir),
            [
                ("a.json".into(), "new a".into()),
                ("b.json".into(), "new b".into()),
                ("sub/".into(), "".into()),
                ("sub/c.json".into(), "new c".into()),
            ]
        );
        assert_eq!(leftovers(root.path(), "out"), Vec::<String>::new());
    }

    #[test]
    fn an_uncommitted_journal_is_dropped_and_changes_nothing() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir_all(dir.join(".role-cli-txn-Ab12Cd/new")).unwrap();
        fs::write(dir.join(".role-cli-txn-Ab12Cd/new/a.json"), "half").unwrap();
        fs::write(dir.join("a.json"), "1").unwrap();
        let written = write_all(&dir, &[file("a.json", "1")]).unwrap();
        assert_eq!(written.changed, 0);
        assert_eq!(snapshot(&dir), [("a.json".into(), "1".into())]);
    }

    #[test]
    fn what_killed_runs_left_beside_dir_is_removed_and_nothing_else() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("a.json"), "1").unwrap();
        for staging in [".out.role-cli-Ab12Cd", ".out.role-cli-xYz789/new"] {
            fs::create_dir_all(root.path().join(staging)).unwrap();
            fs::write(root.path().join(staging).join("a.json"), "2").unwrap();
        }
        fs::write(root.path().join(".out.role-cli.lock"), "").unwrap();
        let others = [".out.role-cli-toolong", ".other.role-cli-Ab12Cd", "out2"];
        for other in others {
            fs::create_dir(root.path().join(other)).unwrap();
        }
        let written = write_all(&dir, &[file("a.json", "1")]).unwrap();
        assert_eq!(written.changed, 0);
        let mut left: Vec<String> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".other.role-cli-Ab12Cd",
                ".out.role-cli-toolong",
                "out",
                "out2"
            ]
        );
    }

    #[test]
    fn a_dir_already_right_is_not_touched() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        write_all(&dir, &[file("a.json", "1")]).unwrap();
        let folder = fs::metadata(&dir).unwrap().modified().unwrap();
        let parent = fs::metadata(root.path()).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let written = write_all(&dir, &[file("a.json", "1")]).unwrap();
        assert_eq!(
            written,
            Written {
                changed: 0,
                unchanged: 1
            }
        );
        assert_eq!(fs::metadata(&dir).unwrap().modified().unwrap(), folder);
        assert_eq!(
            fs::metadata(root.path()).unwrap().modified().unwrap(),
            parent
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_symlinked_dir_keeps_its_link_and_the_real_folder_is_written() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("real")).unwrap();
        fs::write(root.path().join("real/keep.txt"), "mine").unwrap();
        let link = root.path().join("out");
        std::os::unix::fs::symlink("real", &link).unwrap();
        write_all(&link, &[file("a.json", "1")]).unwrap();
        write_all(&link, &[file("a.json", "2")]).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(
            snapshot(&root.path().join("real")),
            [
                ("a.json".into(), "2".into()),
                ("keep.txt".into(), "mine".into())
            ]
        );
        assert_eq!(leftovers(root.path(), "real"), Vec::<String>::new());
        assert_eq!(leftovers(root.path(), "out"), Vec::<String>::new());
    }

    #[test]
    fn a_run_waits_for_a_live_run_and_leaves_its_staging_alone() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        write_all(&dir, &[file("a.json", "1")]).unwrap();
        // A live run: it holds the lock and is filling its staging folder.
        let lock = Lock::acquire(&root.path().join(".out.role-cli.lock")).unwrap();
        let staging = root.path().join(".out.role-cli-L1ve00");
        fs::create_dir(&staging).unwrap();
        let (done, finished) = std::sync::mpsc::channel();
        let writer = {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let written = write_all(&dir, &[file("a.json", "2")]);
                done.send(()).unwrap();
                written
            })
        };
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(finished.try_recv().is_err(), "the lock is waited for");
        assert!(staging.exists(), "a live run's staging folder is kept");
        fs::remove_dir(&staging).unwrap();
        drop(lock);
        assert_eq!(writer.join().unwrap().unwrap().changed, 1);
        assert_eq!(snapshot(&dir), [("a.json".into(), "2".into())]);
        assert_eq!(leftovers(root.path(), "out"), Vec::<String>::new());
    }

    /// Files `0.json`.. `N.json` holding the version's letter.
    fn version(letter: &str) -> Vec<OutputFile> {
        (0..40)
            .map(|n| file(&format!("{n}.json"), &format!("{letter}{n}")))
            .collect()
    }

    /// The letter of every file read through an open handle on DIR: one folder, old or new.
    #[cfg(target_os = "linux")]
    fn letters_seen(dir: &Path) -> Vec<char> {
        let Ok(folder) = File::open(dir) else {
            return Vec::new();
        };
        use std::os::fd::AsRawFd;
        let through = PathBuf::from(format!("/proc/self/fd/{}", folder.as_raw_fd()));
        let mut letters: Vec<char> = (0..40)
            .filter_map(|n| fs::read_to_string(through.join(format!("{n}.json"))).ok())
            .filter_map(|text| text.chars().next())
            .collect();
        letters.dedup();
        letters
    }

    #[test]
    fn racing_writers_into_a_missing_dir_all_succeed_and_never_mix() {
        race(false);
    }

    /// The journal writes file by file, so a reader may see a mix while it works; racing
    /// runs still all succeed, one after the other.
    #[test]
    fn racing_writers_with_the_journal_all_succeed() {
        race(true);
    }

    fn race(journal: bool) {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("new/out");
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        #[cfg(target_os = "linux")]
        let reader = {
            let (dir, stop) = (dir.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut mixes = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let letters = letters_seen(&dir);
                    if letters.len() > 1 {
                        mixes.push(letters);
                    }
                }
                mixes
            })
        };
        let writers: Vec<_> = (0..6)
            .map(|n| {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let files = version(if n % 2 == 0 { "a" } else { "b" });
                    (0..5)
                        .map(|_| write_with(&dir, &files, journal && n % 3 == 2).map(|_| ()))
                        .collect::<Result<Vec<()>, Error>>()
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap().unwrap();
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        #[cfg(target_os = "linux")]
        {
            let mixes = reader.join().unwrap();
            assert!(journal || mixes.is_empty(), "{mixes:?}");
        }
        let last = snapshot(&dir);
        assert!(
            last == snapshot_of(&version("a")) || last == snapshot_of(&version("b")),
            "{last:?}"
        );
        assert_eq!(
            leftovers(&root.path().join("new"), "out"),
            Vec::<String>::new()
        );
    }

    fn snapshot_of(files: &[OutputFile]) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect();
        out.sort();
        out
    }

    #[test]
    #[cfg(unix)]
    fn a_read_only_parent_falls_back_to_the_journal() {
        if !read_only_binds() {
            eprintln!("skipped: permission bits do not bind this user (root)");
            return;
        }
        let root = tempfile::tempdir().unwrap();
        let dir = lived_in(root.path());
        let folder = inode(&dir);
        set_mode(root.path(), 0o555);
        let written = write_all(&dir, &lived_in_files());
        set_mode(root.path(), 0o755);
        assert_lived_in_written(&dir, written.unwrap());
        assert_eq!(inode(&dir), folder);
        assert_eq!(leftovers(root.path(), "out"), Vec::<String>::new());
    }

    #[test]
    #[cfg(unix)]
    fn a_missing_dir_under_a_read_only_parent_is_an_io_error() {
        if !read_only_binds() {
            eprintln!("skipped: permission bits do not bind this user (root)");
            return;
        }
        let root = tempfile::tempdir().unwrap();
        set_mode(root.path(), 0o555);
        let err = write_all(&root.path().join("out"), &[file("a.json", "1")]).unwrap_err();
        set_mode(root.path(), 0o755);
        assert_eq!(err.exit, crate::exit::Exit::Usage);
        assert!(err.message.starts_with("cannot write "), "{}", err.message);
    }

    #[test]
    #[cfg(unix)]
    fn a_read_only_dir_is_refused() {
        if !read_only_binds() {
            eprintln!("skipped: permission bits do not bind this user (root)");
            return;
        }
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        write_all(&dir, &[file("a.json", "1")]).unwrap();
        set_mode(&dir, 0o555);
        let err = write_all(&dir, &[file("a.json", "2")]).unwrap_err();
        set_mode(&dir, 0o755);
        assert_eq!(err.exit, crate::exit::Exit::Usage);
        assert_eq!(snapshot(&dir), [("a.json".into(), "1".into())]);
    }

    #[test]
    fn a_dangling_symlink_or_a_file_is_not_a_dir() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("file"), "").unwrap();
        let err = write_all(&root.path().join("file"), &[file("a", "1")]).unwrap_err();
        assert!(
            err.message.ends_with("it is not a folder"),
            "{}",
            err.message
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("missing", root.path().join("link")).unwrap();
            let err = write_all(&root.path().join("link"), &[file("a", "1")]).unwrap_err();
            assert!(err.message.contains("symbolic link"), "{}", err.message);
            assert_eq!(err.exit, crate::exit::Exit::Usage);
        }
    }
}
