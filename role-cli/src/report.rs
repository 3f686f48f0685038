//! Everything the CLI says on stderr: findings in rustc's layout (`error[RD401]: ...`,
//! ` --> file:line:col`, the line, a caret under the exact text, `= help: ...`), fatal errors,
//! warnings and summaries. Colour only when stderr is a terminal and `NO_COLOR` is unset.

use std::io::{self, IsTerminal, Write};

use annotate_snippets::{
    AnnotationKind, Group, Level, Origin, Renderer, Snippet, normalize_untrusted_str,
};
use role_core::diag::Severity;
use role_core::lint::{self, FileLint};
use role_core::project::{FileFinding, Project, SourceFile};

use crate::exit::Error;
use crate::locate;

/// Writes diagnostics to stderr and counts them.
pub struct Reporter {
    renderer: Renderer,
    errors: usize,
    warnings: usize,
    silenced: usize,
    files_with_errors: Vec<usize>,
    /// Also show what `unchecked = [...]` silenced, and where.
    pub verbose: bool,
}

impl Reporter {
    pub fn new() -> Reporter {
        let renderer = if use_colour() {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        Reporter {
            renderer,
            errors: 0,
            warnings: 0,
            silenced: 0,
            files_with_errors: Vec::new(),
            verbose: false,
        }
    }

    /// Every finding of `project`, by file and then by place in the file.
    pub fn project(&mut self, files: &[SourceFile], project: &Project) {
        let mut located: Vec<(&FileFinding, Option<std::ops::Range<usize>>)> = project
            .findings
            .iter()
            .map(|f| {
                (
                    f,
                    files
                        .get(f.file)
                        .and_then(|file| locate::range(&file.text, &f.finding.spot)),
                )
            })
            .collect();
        located.sort_by_key(|(f, range)| (f.file, range.as_ref().map_or(0, |r| r.start)));
        for (finding, range) in located {
            self.finding(files, finding, range);
        }
    }

    fn finding(
        &mut self,
        files: &[SourceFile],
        found: &FileFinding,
        range: Option<std::ops::Range<usize>>,
    ) {
        let finding = &found.finding;
        if finding.silenced.is_some() {
            self.silenced += 1;
            if self.verbose {
                self.silenced_finding(files, found, range);
            }
            return;
        }
        let level = match finding.severity {
            Severity::Error => {
                self.errors += 1;
                if !self.files_with_errors.contains(&found.file) {
                    self.files_with_errors.push(found.file);
                }
                Level::ERROR
            }
            Severity::Warning => {
                self.warnings += 1;
                Level::WARNING
            }
        };
        let message = normalize_untrusted_str(&finding.message);
        let title = level.primary_title(message).id(finding.code.code());
        let mut notes = Vec::new();
        let mut group = match (files.get(found.file), range) {
            (Some(file), Some(range)) => {
                let mut snippet = Snippet::source(&file.text)
                    .path(&file.path)
                    .annotation(AnnotationKind::Primary.span(widen(&file.text, range)));
                for label in &finding.labels {
                    let here = label.file.is_none_or(|f| f == found.file);
                    match locate::range(&file.text, &label.spot).filter(|_| here) {
                        Some(at) => {
                            snippet = snippet.annotation(
                                AnnotationKind::Context
                                    .span(widen(&file.text, at))
                                    .label(normalize_untrusted_str(&label.message)),
                            );
                        }
                        None => notes.push(label.message.clone()),
                    }
                }
                title.element(snippet)
            }
            (Some(file), None) => title.element(Origin::path(&file.path)),
            (None, _) => Group::with_title(title),
        };
        for note in &notes {
            group = group.element(Level::NOTE.message(normalize_untrusted_str(note)));
        }
        if let Some(help) = &finding.help {
            group = group.element(Level::HELP.message(normalize_untrusted_str(help)));
        }
        // A blank line after each, as rustc does.
        write_stderr(&format!("{}\n\n", self.renderer.render(&[group])));
    }

    /// `--verbose`: a finding that `unchecked = [...]` silenced, with the entry that did.
    fn silenced_finding(
        &self,
        files: &[SourceFile],
        found: &FileFinding,
        range: Option<std::ops::Range<usize>>,
    ) {
        let finding = &found.finding;
        let message = format!("silenced: {}", finding.message);
        let title = Level::NOTE
            .primary_title(normalize_untrusted_str(&message))
            .id(finding.code.code());
        let group = match (files.get(found.file), range) {
            (Some(file), Some(range)) => {
                let mut snippet = Snippet::source(&file.text)
                    .path(&file.path)
                    .annotation(AnnotationKind::Primary.span(widen(&file.text, range)));
                if let Some(at) = finding
                    .silenced
                    .as_ref()
                    .and_then(|spot| locate::range(&file.text, spot))
                {
                    snippet = snippet.annotation(
                        AnnotationKind::Context
                            .span(widen(&file.text, at))
                            .label("silenced by this `unchecked` entry"),
                    );
                }
                title.element(snippet)
            }
            (Some(file), None) => title.element(Origin::path(&file.path)),
            (None, _) => Group::with_title(title),
        };
        write_stderr(&format!("{}\n\n", self.renderer.render(&[group])));
    }

    /// One lint finding: at its level (an error when the command line denies it), the place
    /// underlined, why and the fix. An accepted one only with `--verbose`, with its reason.
    pub fn lint(&self, files: &[SourceFile], found: &FileLint, denied: bool) {
        let finding = &found.finding;
        if finding.accepted.is_some() && !self.verbose {
            return;
        }
        let level = match (denied, finding.lint.level) {
            _ if finding.accepted.is_some() => Level::NOTE,
            (true, _) | (_, lint::Level::Error) => Level::ERROR,
            (_, lint::Level::Warning) => Level::WARNING,
            (_, lint::Level::Note) => Level::NOTE,
        };
        let message = match &finding.accepted {
            Some(_) => format!("accepted: {}", finding.message),
            None => finding.message.clone(),
        };
        let title = level
            .primary_title(normalize_untrusted_str(&message))
            .id(finding.lint.code);
        let file = files.get(found.file);
        let range = file.and_then(|file| locate::range(&file.text, &finding.spot));
        let mut group = match (file, range) {
            (Some(file), Some(range)) => {
                let mut snippet = Snippet::source(&file.text)
                    .path(&file.path)
                    .annotation(AnnotationKind::Primary.span(widen(&file.text, range)));
                if let Some(accepted) = &finding.accepted
                    && let Some(at) = locate::range(&file.text, &accepted.spot)
                {
                    snippet = snippet.annotation(
                        AnnotationKind::Context.span(widen(&file.text, at)).label(
                            normalize_untrusted_str(&format!("accepted here: {}", accepted.reason)),
                        ),
                    );
                }
                title.element(snippet)
            }
            (Some(file), None) => title.element(Origin::path(&file.path)),
            (None, _) => Group::with_title(title),
        };
        for step in &finding.path {
            group = group.element(Level::NOTE.message(normalize_untrusted_str(&step.message)));
        }
        group = group
            .element(Level::NOTE.message(normalize_untrusted_str(finding.lint.why)))
            .element(Level::HELP.message(normalize_untrusted_str(finding.lint.fix)));
        write_stderr(&format!("{}\n\n", self.renderer.render(&[group])));
    }

    /// `error: message` and its help: what ends a run early.
    pub fn fatal(&self, error: &Error) {
        self.titled(Level::ERROR, &error.message, error.help.as_deref());
    }

    pub fn warning(&self, message: &str) {
        self.titled(Level::WARNING, message, None);
    }

    pub fn note(&self, message: &str) {
        self.titled(Level::NOTE, message, None);
    }

    fn titled(&self, level: Level<'_>, message: &str, help: Option<&str>) {
        let mut group = Group::with_title(level.primary_title(normalize_untrusted_str(message)));
        if let Some(help) = help {
            group = group.element(Level::HELP.message(normalize_untrusted_str(help)));
        }
        write_stderr(&format!("{}\n", self.renderer.render(&[group])));
    }

    /// A line of plain status text, such as a success summary.
    pub fn status(&self, message: &str) {
        write_stderr(&format!("{message}\n"));
    }

    pub fn errors(&self) -> usize {
        self.errors
    }

    /// `2 errors in 1 file` (or without the files), and the warnings when there are any.
    pub fn tally(&self, with_files: bool) -> String {
        let mut text = match self.errors {
            0 => "no errors".to_owned(),
            n if with_files => {
                format!(
                    "{} in {}",
                    count(n, "error", "errors"),
                    count(self.files_with_errors.len(), "file", "files")
                )
            }
            n => count(n, "error", "errors"),
        };
        if self.warnings > 0 {
            text.push_str(&format!(
                ", {}",
                count(self.warnings, "warning", "warnings")
            ));
        }
        if self.silenced > 0 {
            let hint = if self.verbose {
                ""
            } else {
                " (--verbose shows them)"
            };
            text.push_str(&format!(", {} silenced{hint}", self.silenced));
        }
        text
    }
}

/// `1 role`, `2 roles`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An empty range still gets a caret: under the character it stands before.
fn widen(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    if !range.is_empty() {
        return range;
    }
    match text[range.start..].chars().next() {
        Some(c) if c != '\n' && c != '\r' => range.start..range.start + c.len_utf8(),
        _ => range,
    }
}

/// Colour when stderr is a terminal, unless `NO_COLOR` is set to anything
/// (<https://no-color.org>).
fn use_colour() -> bool {
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_colour && io::stderr().is_terminal()
}

/// Stderr that never panics: a closed stderr is nothing to report to.
fn write_stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}
