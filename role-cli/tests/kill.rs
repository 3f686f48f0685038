//! The built `role-cli`, killed with SIGKILL or SIGTERM while it writes rendered roles into
//! `--out DIR`: afterwards DIR holds the old files or the new ones, never a mix, the user's own
//! file in DIR is kept, and the next run leaves nothing of the killed ones behind.
//!
//! The debug build says `role-cli: test pause at POINT` on stderr and sleeps there when
//! `ROLE_CLI_TEST_PAUSE=POINT:MS` is set. The random kills wait for the point `write` (reached
//! once rendering is done, with no sleep) and then a random delay over the write, so that each
//! kill lands in the phase that used to leave a mix (the seed is printed; `ROLE_CLI_KILL_SEED`
//! replays one); they render 400 roles, as a debug build renders 2,000 in seconds. The kills at
//! named points render 2,000 roles (4,000 files) just before and just after the swap, and
//! 1,000 after the journal's commit and halfway through its renames (`ROLE_CLI_TEST_JOURNAL=1`).
#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process};

const USER_FILE: &str = "keep.txt";

/// A folder's files and their bytes; `None` when the folder is missing.
type Tree = Option<BTreeMap<String, Vec<u8>>>;

/// Two versions of the roles, in 20 files: they differ in every policy, not in the trusts.
fn write_sources(root: &Path, version: usize, roles: usize) -> PathBuf {
    let src = root.join(format!("v{version}"));
    fs::create_dir_all(&src).unwrap();
    let action = ["s3:GetObject", "s3:PutObject"][version];
    for chunk in 0..20 {
        let mut text = String::from("use role_dsl::role;\n");
        for n in chunk * (roles / 20)..(chunk + 1) * (roles / 20) {
            text.push_str(&format!(
                "\n/// Role {n}.\n#[role(name = \"role-{n:04}\", trust(service = \"lambda.amazonaws.com\"), \
                 allow(\"{action}\", on = \"arn:{{partition}}:s3:::{{bucket}}/r{n}/*\"))]\n\
                 pub struct Role{n} {{ pub bucket: String }}\n"
            ));
        }
        fs::write(src.join(format!("roles_{chunk:02}.rs")), text).unwrap();
    }
    src
}

fn render(src: &Path, out: &Path, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_role-cli"));
    command
        .arg("render")
        .arg(src)
        .args(["--format", "iam", "--set", "bucket=logs", "--account-id"])
        .arg("123456789012")
        .arg("--out")
        .arg(out)
        .env("NO_COLOR", "1")
        .env_remove("ROLE_DSL_CATALOGUE")
        .env_remove("ROLE_CLI_TEST_PAUSE")
        .env_remove("ROLE_CLI_TEST_JOURNAL")
        .envs(env.iter().copied())
        .stdout(Stdio::null());
    command
}

fn run_to_end(src: &Path, out: &Path, env: &[(&str, &str)]) -> String {
    let output = render(src, out, env).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

fn tree(dir: &Path) -> Tree {
    let entries = fs::read_dir(dir).ok()?;
    let mut files = BTreeMap::new();
    for entry in entries {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".role-cli") {
            // A journal: `leftovers` looks for those.
            continue;
        }
        assert!(
            !entry.file_type().unwrap().is_dir(),
            "a folder in DIR: {name}"
        );
        files.insert(name, fs::read(entry.path()).unwrap());
    }
    Some(files)
}

/// What DIR holds after `version` was written over `before`: the user's file stays.
fn written_over(rendered: &Tree, before: &Tree) -> Tree {
    let mut files = rendered.clone().unwrap();
    if let Some(user) = before.as_ref().and_then(|b| b.get(USER_FILE)) {
        files.insert(USER_FILE.into(), user.clone());
    }
    Some(files)
}

fn describe(tree: &Tree, versions: &[Tree; 2]) -> String {
    let Some(files) = tree else {
        return "missing".into();
    };
    let of = |v: usize| {
        let rendered = versions[v].as_ref().unwrap();
        files
            .iter()
            .filter(|(name, bytes)| rendered.get(*name) == Some(bytes))
            .count()
    };
    format!(
        "{} files, {} as in v0, {} as in v1",
        files.len(),
        of(0),
        of(1)
    )
}

/// Leftovers of killed runs: beside DIR (anything but DIR and the sources) and inside it.
fn leftovers(root: &Path, out: &Path) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !["out", "v0", "v1", "ref0", "ref1"].contains(&name.as_str()))
        .collect();
    if let Ok(entries) = fs::read_dir(out) {
        found.extend(
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with('.')),
        );
    }
    found
}

fn signal(child: &Child, term: bool) {
    let signal = if term { Signal::TERM } else { Signal::KILL };
    // The child may have finished already: then there is nothing to kill.
    let _ = kill_process(Pid::from_child(child), signal);
}

/// Starts a run that stops at `point` for `ms`, and returns once it is there, with its stderr
/// (kept open, so that the run can still write to it).
fn paused_at(src: &Path, out: &Path, point: &str, ms: u64, journal: bool) -> (Child, impl BufRead) {
    let pause = format!("{point}:{ms}");
    let mut env = vec![("ROLE_CLI_TEST_PAUSE", pause.as_str())];
    if journal {
        env.push(("ROLE_CLI_TEST_JOURNAL", "1"));
    }
    let mut child = render(src, out, &env)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        if line.trim_end() == format!("role-cli: test pause at {point}") {
            return (child, stderr);
        }
        line.clear();
    }
    panic!("the run ended before {point}: {:?}", child.wait());
}

/// A small xorshift: random enough to spread delays, and replayable from its seed.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

struct Setup {
    _root: tempfile::TempDir,
    root: PathBuf,
    sources: [PathBuf; 2],
    versions: [Tree; 2],
    out: PathBuf,
}

fn setup(roles: usize) -> Setup {
    let root_dir = tempfile::tempdir().unwrap();
    let root = root_dir.path().to_path_buf();
    let sources = [0, 1].map(|v| write_sources(&root, v, roles));
    let versions = [0, 1].map(|v| {
        let reference = root.join(format!("ref{v}"));
        run_to_end(&sources[v], &reference, &[]);
        tree(&reference)
    });
    assert_eq!(versions[0].as_ref().unwrap().len(), 2 * roles);
    assert_ne!(versions[0], versions[1]);
    Setup {
        out: root.join("out"),
        _root: root_dir,
        root,
        sources,
        versions,
    }
}

impl Setup {
    /// DIR is the old set or the new one; on a mix, says how much of each.
    fn assert_old_or_new(&self, what: &str, before: &Tree, version: usize) -> Tree {
        let after = tree(&self.out);
        let new = written_over(&self.versions[version], before);
        assert!(
            after == *before || after == new,
            "{what}: DIR is neither the old set ({}) nor the new one: {}",
            describe(before, &self.versions),
            describe(&after, &self.versions)
        );
        after
    }

    fn add_user_file(&self) {
        if self.out.is_dir() && !self.out.join(USER_FILE).exists() {
            fs::write(self.out.join(USER_FILE), "the user's\n").unwrap();
        }
    }

    fn assert_clean_after_a_run(&self, version: usize) {
        let before = tree(&self.out);
        run_to_end(&self.sources[version], &self.out, &[]);
        assert_eq!(
            tree(&self.out),
            written_over(&self.versions[version], &before)
        );
        assert_eq!(leftovers(&self.root, &self.out), Vec::<String>::new());
    }
}

#[test]
fn killed_at_random_points_of_the_write_dir_is_old_or_new() {
    let setup = setup(400);
    let seed = std::env::var("ROLE_CLI_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("ROLE_CLI_KILL_SEED={seed}");
    let mut random = Random(seed);

    // How long the write takes here, to spread the kills over all of it.
    run_to_end(&setup.sources[0], &setup.out, &[]);
    let (mut child, mut stderr) = paused_at(&setup.sources[1], &setup.out, "write", 0, false);
    let started = Instant::now();
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{rest}");
    let write = (started.elapsed().as_millis() as u64).max(1);

    let kills = 30;
    let mut version = 0;
    let mut landed = [0; 2];
    for n in 0..kills {
        if n % 8 == 0 {
            // A missing DIR too: created whole or not at all.
            let _ = fs::remove_dir_all(&setup.out);
        }
        setup.add_user_file();
        let before = tree(&setup.out);
        let (mut child, _stderr) =
            paused_at(&setup.sources[version], &setup.out, "write", 0, false);
        // Up to twice the measured write: a run first clears what the killed one left.
        let delay = random.below(write * 2);
        std::thread::sleep(Duration::from_millis(delay));
        signal(&child, n % 3 == 2);
        let status = child.wait().unwrap();
        let after = setup.assert_old_or_new(
            &format!("kill {n}, {delay} ms into the write ({status})"),
            &before,
            version,
        );
        landed[usize::from(after != before)] += 1;
        eprintln!(
            "kill {n} at {delay} ms: {}",
            describe(&after, &setup.versions)
        );
        version = 1 - version;
    }
    eprintln!(
        "{kills} kills over writes of {write} ms: DIR kept the old files {} times, had the new ones {} times",
        landed[0], landed[1]
    );
    setup.assert_clean_after_a_run(version);
}

#[test]
fn killed_just_before_and_just_after_the_swap() {
    let setup = setup(2000);
    run_to_end(&setup.sources[1], &setup.out, &[]);
    for (n, (point, term)) in [
        ("before-swap", false),
        ("after-swap", true),
        ("before-swap", true),
        ("after-swap", false),
    ]
    .into_iter()
    .enumerate()
    {
        // Each run writes the version DIR does not hold.
        let version = n % 2;
        if n == 2 {
            // The first write into a missing DIR is a rename, its `before-swap` point too.
            fs::remove_dir_all(&setup.out).unwrap();
        }
        setup.add_user_file();
        let before = tree(&setup.out);
        let (mut child, _stderr) =
            paused_at(&setup.sources[version], &setup.out, point, 30_000, false);
        assert!(
            !leftovers(&setup.root, &setup.out).is_empty(),
            "a staging folder is at work"
        );
        signal(&child, term);
        child.wait().unwrap();
        let after = setup.assert_old_or_new(point, &before, version);
        let expected = if point == "before-swap" {
            before
        } else {
            written_over(&setup.versions[version], &before)
        };
        assert_eq!(after, expected, "{point}");
        setup.assert_clean_after_a_run(version);
    }
}

#[test]
fn killed_inside_the_journal_the_next_run_finishes_it() {
    let setup = setup(1000);
    run_to_end(&setup.sources[0], &setup.out, &[]);
    setup.add_user_file();
    let before = tree(&setup.out);

    // Killed after the commit, before any rename: DIR is still the old set.
    let (mut child, _stderr) = paused_at(
        &setup.sources[1],
        &setup.out,
        "journal-commit",
        30_000,
        true,
    );
    signal(&child, false);
    child.wait().unwrap();
    assert_eq!(
        tree(&setup.out).map(|t| t.len()),
        before.as_ref().map(|t| t.len())
    );
    assert!(
        leftovers(&setup.root, &setup.out)
            .iter()
            .any(|l| l.starts_with(".role-cli-txn-"))
    );
    // The next run finishes that write first; then its own render has nothing left to do.
    let stderr = run_to_end(&setup.sources[1], &setup.out, &[]);
    assert!(stderr.contains("is up to date"), "{stderr}");
    let new = written_over(&setup.versions[1], &before);
    assert_eq!(tree(&setup.out), new);
    assert_eq!(leftovers(&setup.root, &setup.out), Vec::<String>::new());

    // Killed halfway through the renames: half-written until the next run, which finishes it.
    let (mut child, _stderr) =
        paused_at(&setup.sources[0], &setup.out, "journal-apply", 30_000, true);
    signal(&child, true);
    child.wait().unwrap();
    let half = tree(&setup.out);
    assert!(half != new && half != written_over(&setup.versions[0], &new));
    let stderr = run_to_end(
        &setup.sources[0],
        &setup.out,
        &[("ROLE_CLI_TEST_JOURNAL", "1")],
    );
    assert!(stderr.contains("is up to date"), "{stderr}");
    assert_eq!(tree(&setup.out), written_over(&setup.versions[0], &new));
    assert_eq!(leftovers(&setup.root, &setup.out), Vec::<String>::new());
}
