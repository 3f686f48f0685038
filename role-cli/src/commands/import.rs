//! `role-cli import`: reads every input first (one that cannot be read stops the run, nothing
//! written), reports what the DSL could not say, checks the source it wrote as `check` would,
//! then prints it as one file or writes one file per input into `--out DIR`, whole or not at all.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use role_core::import::{self, Imported, Input, Note, NoteKind};
use role_core::project::{Project, SourceFile};
use role_core::render::OutputFile;

use super::print;
use crate::cli::ImportArgs;
use crate::exit::{Error, Exit};
use crate::report::{Reporter, count};
use crate::{scan, write};

pub fn run(args: &ImportArgs, reporter: &mut Reporter) -> Result<Exit, Error> {
    let (inputs, joins): (Vec<Input>, Vec<Joined>) = args
        .files
        .iter()
        .map(|path| read_input(path))
        .collect::<Result<Vec<_>, Error>>()?
        .into_iter()
        .unzip();
    let imported = import::import(&inputs).map_err(|unreadable| {
        let e = &unreadable.error;
        let at = match (e.place.line, e.place.column) {
            (Some(line), Some(column)) => format!(":{line}:{column}"),
            (Some(line), None) => format!(":{line}"),
            _ => String::new(),
        };
        let path = if e.place.path.is_empty() {
            String::new()
        } else {
            format!(" ({})", e.place.path)
        };
        Error::io(format!(
            "cannot import {}{at}{path}: {}; nothing was written",
            unreadable.path, e.message
        ))
    })?;
    for done in &imported {
        let input = done.inputs.last().map_or("", String::as_str);
        let joined = inputs
            .iter()
            .position(|i| i.path == input)
            .map(|i| &joins[i]);
        for note in &done.notes {
            report_note(reporter, input, joined, note);
        }
    }
    let files = output_files(&inputs, &imported, args.out.is_some());
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|f| SourceFile {
            path: match &args.out {
                Some(dir) => dir.join(&f.path).display().to_string(),
                None => f.path.clone(),
            },
            text: f.contents.clone(),
        })
        .collect();
    let project = Project::scan(&sources);
    reporter.project(&sources, &project);
    let items: usize = imported.iter().map(|i| i.items.len()).sum();
    let unexpressible = imported
        .iter()
        .flat_map(|i| &i.notes)
        .filter(|n| n.kind == NoteKind::Unexpressible)
        .count();
    match &args.out {
        None => print(&files[0].contents)?,
        Some(dir) => {
            if !args.force {
                refuse_overwriting(dir, &files)?;
            }
            write::write_all(dir, &files)?;
        }
    }
    let mut status = format!(
        "imported {} from {}",
        count(items, "role or policy", "roles and policies"),
        count(inputs.len(), "file", "files")
    );
    if let Some(dir) = &args.out {
        status.push_str(&format!(
            " into {} in {}",
            count(files.len(), "file", "files"),
            dir.display()
        ));
    }
    if unexpressible > 0 {
        status.push_str(&format!(
            "; {} left as TODO(import)",
            count(
                unexpressible,
                "thing the DSL cannot say",
                "things the DSL cannot say"
            )
        ));
    }
    reporter.status(&status);
    if reporter.errors() > 0 {
        reporter.status(&format!(
            "the imported IAM has {}: the source is written; fix them there",
            reporter.tally(false)
        ));
        return Ok(Exit::Failure);
    }
    Ok(Exit::Success)
}

/// What every file the import writes starts with: a file that does not is the user's own.
const HEADER: &str = "//! Imported by `role-cli import`";

/// `--out` replaces files an earlier import wrote, never one of the user's own.
fn refuse_overwriting(dir: &Path, files: &[OutputFile]) -> Result<(), Error> {
    for file in files {
        let path = dir.join(&file.path);
        let Ok(existing) = std::fs::read_to_string(&path) else {
            continue;
        };
        if existing != file.contents && !existing.starts_with(HEADER) {
            return Err(Error::usage(format!(
                "{} exists and was not written by role-cli import; nothing was written",
                path.display()
            ))
            .with_help("choose another --out DIR, or pass --force to replace it"));
        }
    }
    Ok(())
}

/// The files a folder's text was joined from: each path with the line of the joined text it
/// starts on, so that a note's line is shown in its own file.
type Joined = Vec<(String, usize)>;

/// A file, or a folder read as a Terraform module: its `.tf` files as one body, `main.tf` first.
fn read_input(path: &Path) -> Result<(Input, Joined), Error> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("cannot read {shown}: {}", scan::describe(&e))))?;
    if !meta.is_dir() {
        let file = scan::read_one(path)?;
        return Ok((Input::new(file.path, file.text), Vec::new()));
    }
    let mut tf: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Error::io(format!("cannot read {shown}: {}", scan::describe(&e))))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tf") && p.is_file())
        .collect();
    tf.sort_by_key(|p| (p.file_name().is_none_or(|n| n != "main.tf"), p.clone()));
    if tf.is_empty() {
        return Err(
            Error::usage(format!("{shown} is a folder with no .tf files")).with_help(
                "name the files to import: policy documents, CloudFormation templates, Terraform",
            ),
        );
    }
    let mut text = String::new();
    let mut joined = Vec::new();
    for file in &tf {
        let file = scan::read_one(file)?;
        joined.push((file.path, text.lines().count() + 1));
        text.push_str(&file.text);
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    let input = Input {
        path: shown,
        text,
        format: Some(import::Format::Terraform),
    };
    Ok((input, joined))
}

/// One file for stdout, or one per input for `--out`, each named after its input.
fn output_files(inputs: &[Input], imported: &[Imported], per_input: bool) -> Vec<OutputFile> {
    if !per_input {
        let paths: Vec<&str> = inputs.iter().map(|i| i.path.as_str()).collect();
        let header: Vec<String> = imported
            .iter()
            .flat_map(|i| i.header.iter().cloned())
            .collect();
        let items: Vec<_> = imported
            .iter()
            .flat_map(|i| i.items.iter().cloned())
            .collect();
        let contents = import::source::file(&paths, &header, &items);
        return vec![OutputFile {
            path: "<stdout>".into(),
            contents,
        }];
    }
    let mut taken = HashSet::new();
    imported
        .iter()
        .map(|done| {
            let base = import::names::module_name(&done.inputs[0]);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            OutputFile {
                path: format!("{name}.rs"),
                contents: done.source(),
            }
        })
        .collect()
}

fn report_note(reporter: &Reporter, input: &str, joined: Option<&Joined>, note: &Note) {
    let mut at = input.to_owned();
    let mut line = note.place.line;
    if let (Some(l), Some(joined)) = (line, joined)
        && let Some((file, start)) = joined.iter().rev().find(|(_, start)| *start <= l)
    {
        at = file.clone();
        line = Some(l - start + 1);
    }
    if let Some(line) = line {
        at.push_str(&format!(":{line}"));
        if let Some(column) = note.place.column {
            at.push_str(&format!(":{column}"));
        }
    }
    if !note.place.path.is_empty() {
        at.push_str(&format!(" ({})", note.place.path));
    }
    let message = format!("{at}: {}", note.message);
    match note.kind {
        NoteKind::Unexpressible => reporter.warning(&message),
        NoteKind::Changed | NoteKind::Skipped => reporter.note(&message),
    }
}
