//! Reads the catalogue's line format into tables of spans over the text, so that loading
//! copies no strings and costs little: the proc macro pays it on every build, usually
//! unoptimised. The services' bodies (their `r` and `a` lines, nine lines in ten) are read
//! on first use of each service (see `body.rs`), except in a user-given file, which is read
//! whole at load so that every mistake in it is reported at once.
//!
//! One record a line: a tag, then tab-separated fields; lists are comma-separated; `#` starts
//! a comment line. Unknown tags are skipped, so that an older reader can take a newer file of
//! the same format version. The tags (catalogue/README.md has the full description):
//! `catalogue VERSION`, `generated DATE`, `source PACKAGE VERSION NOTE`,
//! `g KEY TYPE` (global condition key), `k KEY TYPE` (condition key), `p HOST` (service
//! principal beyond `<prefix>.amazonaws.com`), `m PATH NAME` (AWS managed policy),
//! `s PREFIX NAME` (service; the `r` and `a` lines after it are its own),
//! `r NAME FORMATS KEYS` (resource type), `a NAME ACCESS TYPES KEYS` (action; a type ending
//! in `*` is required).

use std::cmp::Ordering;
use std::fmt;

use std::sync::OnceLock;

use super::body::{ServiceBody, parse_body};
use super::keys::ValueType;

/// The only format version this reader understands.
const FORMAT_VERSION: &str = "1";

/// Where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Header {
    /// The format version (`1`).
    pub format: String,
    /// The day the file was generated (`2026-11-29`).
    pub generated: String,
    pub sources: Vec<Source>,
}

/// A package the catalogue was built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub package: String,
    pub version: String,
    /// What was taken from it, or the date of its data.
    pub note: String,
}

/// A catalogue that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError {
    /// The file, or `catalogue` for text given to [`super::Catalogue::parse`].
    pub origin: String,
    /// 1-based; 0 when the error is about the whole file.
    pub line: usize,
    pub message: String,
}

impl CatalogueError {
    pub(super) fn new(origin: &str, line: usize, message: impl Into<String>) -> Self {
        CatalogueError {
            origin: origin.to_owned(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.origin, self.message),
            line => write!(f, "{}:{}: {}", self.origin, line, self.message),
        }
    }
}

impl std::error::Error for CatalogueError {}

/// Byte offsets of a string inside the catalogue text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// `part` must be a subslice of `text`, which fits in u32 (checked in `parse`), or empty
    /// (a missing optional field is a `""` from elsewhere).
    pub fn of(text: &str, part: &str) -> Span {
        if part.is_empty() {
            return Span { start: 0, end: 0 };
        }
        let start = part.as_ptr() as usize - text.as_ptr() as usize;
        Span {
            start: start as u32,
            end: (start + part.len()) as u32,
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug)]
pub(super) struct ServiceRec {
    pub prefix: Span,
    pub name: Span,
    /// The lines after the `s` line, up to the next `s` line.
    pub body_text: Span,
    /// The line number of the first of them.
    pub body_line: usize,
    pub body: OnceLock<ServiceBody>,
}

#[derive(Debug)]
pub(super) struct KeyRec {
    pub name: Span,
    pub value_type: ValueType,
    pub multivalued: bool,
    pub global: bool,
}

#[derive(Debug)]
pub(super) struct PolicyRec {
    pub path: Span,
    pub name: Span,
}

/// Everything but the header and the services' bodies, each sorted by name ignoring ASCII
/// case.
#[derive(Debug, Default)]
pub(super) struct Tables {
    pub services: Vec<ServiceRec>,
    pub keys: Vec<KeyRec>,
    /// Indices into `keys` of the keys with a `${...}` part.
    pub pattern_keys: Vec<u32>,
    pub principals: Vec<Span>,
    pub policies: Vec<PolicyRec>,
}

/// Orders ignoring ASCII case: the order of every sorted table. A plain loop, since it runs
/// unoptimised in the proc macro.
pub(super) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let common = a.len().min(b.len());
    let mut i = 0;
    while i < common {
        let (x, y) = (a[i], b[i]);
        if x != y {
            let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
            if x != y {
                return x.cmp(&y);
            }
        }
        i += 1;
    }
    a.len().cmp(&b.len())
}

/// Sorts by `key` ignoring case, unless already sorted (as generated files are), and returns
/// the first name listed twice.
pub(super) fn sort_unique<'t, T>(items: &mut [T], key: impl Fn(&T) -> &'t str) -> Option<&'t str> {
    let strictly_sorted = items
        .windows(2)
        .all(|pair| cmp_ignore_case(key(&pair[0]), key(&pair[1])).is_lt());
    if strictly_sorted {
        return None;
    }
    items.sort_by(|a, b| cmp_ignore_case(key(a), key(b)));
    items
        .windows(2)
        .find(|pair| cmp_ignore_case(key(&pair[0]), key(&pair[1])).is_eq())
        .map(|pair| key(&pair[0]))
}

/// The lines of `text` from line number `first`, without line ends, comments and blanks.
pub(super) fn records(text: &str, first: usize) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(move |(index, line)| (first + index, line.strip_suffix('\r').unwrap_or(line)))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

/// Reads the header and the tables; with `whole`, the services' bodies too.
pub(super) fn parse(
    text: &str,
    origin: &str,
    whole: bool,
) -> Result<(Header, Tables), CatalogueError> {
    if u32::try_from(text.len()).is_err() {
        return Err(CatalogueError::new(
            origin,
            0,
            "the file is larger than 4 GiB",
        ));
    }
    let mut parser = Parser {
        text,
        origin,
        header: Header::default(),
        tables: Tables::default(),
        line: 0,
    };
    for (index, line) in text.split('\n').enumerate() {
        // Nine lines in ten are a service's `r` or `a` lines, read later with the service:
        // skip them before anything else, as this loop runs unoptimised in the proc macro.
        if line.starts_with(['a', 'r']) && line.as_bytes().get(1) == Some(&b'\t') {
            if parser.tables.services.is_empty() {
                parser.line = index + 1;
                return Err(parser.error("a resource type or action before any `s` (service) line"));
            }
            continue;
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        parser.line = index + 1;
        parser.record(line)?;
    }
    let (header, tables) = parser.finish()?;
    if whole {
        for service in &tables.services {
            let body = parse_body(text, origin, service)?;
            service.body.get_or_init(|| body);
        }
    }
    Ok((header, tables))
}

struct Parser<'t> {
    text: &'t str,
    origin: &'t str,
    header: Header,
    tables: Tables,
    line: usize,
}

impl<'t> Parser<'t> {
    fn error(&self, message: impl Into<String>) -> CatalogueError {
        CatalogueError::new(self.origin, self.line, message)
    }

    fn span(&self, part: &str) -> Span {
        Span::of(self.text, part)
    }

    fn record(&mut self, line: &'t str) -> Result<(), CatalogueError> {
        let mut fields = line.split('\t');
        let tag = fields.next().unwrap_or_default();
        let mut field = |what: &str| fields.next().ok_or_else(|| what.to_owned());
        let (origin, line_number) = (self.origin, self.line);
        let missing = |what: String| {
            CatalogueError::new(origin, line_number, format!("`{tag}` line without {what}"))
        };
        match tag {
            "catalogue" => {
                let version = field("a version").map_err(missing)?;
                if version != FORMAT_VERSION {
                    return Err(self.error(format!(
                        "catalogue format {version}: this role-dsl reads format {FORMAT_VERSION}"
                    )));
                }
                self.header.format = version.to_owned();
            }
            "generated" => self.header.generated = field("a date").map_err(missing)?.to_owned(),
            "source" => {
                let package = field("a package").map_err(missing)?.to_owned();
                let version = field("a version").map_err(missing)?.to_owned();
                let note = field("").unwrap_or_default().to_owned();
                self.header.sources.push(Source {
                    package,
                    version,
                    note,
                });
            }
            "g" | "k" => {
                let name = self.nonempty(field("a key").map_err(missing)?, "condition key")?;
                let (value_type, multivalued) = ValueType::parse(field("a type").map_err(missing)?);
                self.tables.keys.push(KeyRec {
                    name,
                    value_type,
                    multivalued,
                    global: tag == "g",
                });
            }
            "p" => {
                let host = self.nonempty(field("a host").map_err(missing)?, "host")?;
                self.tables.principals.push(host);
            }
            "m" => {
                let path = field("a path").map_err(missing)?;
                let name = field("a name").map_err(missing)?;
                if !path.starts_with('/') || !path.ends_with('/') {
                    return Err(
                        self.error(format!("policy path `{path}` must start and end with `/`"))
                    );
                }
                let (path, name) = (self.span(path), self.nonempty(name, "policy name")?);
                self.tables.policies.push(PolicyRec { path, name });
            }
            "s" => {
                let prefix = field("a prefix").map_err(missing)?;
                let name = field("").unwrap_or(prefix);
                self.service(line, prefix, name)?;
            }
            // A newer generator may add records that this reader does not need.
            _ => {}
        }
        Ok(())
    }

    fn nonempty(&self, value: &str, what: &str) -> Result<Span, CatalogueError> {
        if value.is_empty() {
            return Err(self.error(format!("empty {what}")));
        }
        Ok(self.span(value))
    }

    fn service(&mut self, line: &str, prefix: &str, name: &str) -> Result<(), CatalogueError> {
        if prefix.is_empty() || prefix.contains(':') {
            return Err(self.error(format!("bad service prefix `{prefix}`")));
        }
        let line_start = self.span(line).start;
        self.close_body(line_start);
        let line_end = self.span(line).end as usize;
        let body_start = self.text[line_end..]
            .find('\n')
            .map_or(self.text.len(), |at| line_end + at + 1) as u32;
        self.tables.services.push(ServiceRec {
            prefix: self.span(prefix),
            name: self.span(name),
            body_text: Span {
                start: body_start,
                end: body_start,
            },
            body_line: self.line + 1,
            body: OnceLock::new(),
        });
        Ok(())
    }

    fn close_body(&mut self, end: u32) {
        if let Some(last) = self.tables.services.last_mut() {
            last.body_text.end = end.max(last.body_text.start);
        }
    }

    fn finish(mut self) -> Result<(Header, Tables), CatalogueError> {
        self.close_body(self.text.len() as u32);
        self.line = 0;
        if self.header.format.is_empty() {
            return Err(self.error("not a role-dsl catalogue: no `catalogue` line"));
        }
        let text = self.text;
        let s = |span: Span| &text[span.range()];
        let tables = &mut self.tables;
        if let Some(prefix) = sort_unique(&mut tables.services, |service| s(service.prefix)) {
            return Err(self.error(format!("service `{prefix}` is listed twice")));
        }
        // A key listed twice (say, as global and as a service's) keeps its global record.
        let strictly_sorted = tables
            .keys
            .windows(2)
            .all(|p| cmp_ignore_case(s(p[0].name), s(p[1].name)).is_lt());
        if !strictly_sorted {
            tables.keys.sort_by(|a, b| {
                cmp_ignore_case(s(a.name), s(b.name)).then(b.global.cmp(&a.global))
            });
            tables
                .keys
                .dedup_by(|later, first| cmp_ignore_case(s(later.name), s(first.name)).is_eq());
        }
        tables.pattern_keys = (0..tables.keys.len() as u32)
            .filter(|&i| s(tables.keys[i as usize].name).contains("${"))
            .collect();
        sort_unique(&mut tables.principals, |span| s(*span));
        tables.policies.sort_by(|a, b| {
            cmp_ignore_case(s(a.name), s(b.name)).then_with(|| s(a.name).cmp(s(b.name)))
        });
        Ok((self.header, self.tables))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Catalogue;

    const MINIMAL: &str = "catalogue\t1\ngenerated\t2026-01-02\nsource\tpkg\t1.0\tnote\n\
        s\ts3\tAmazon S3\n\
        r\tbucket\tarn:${Partition}:s3:::${BucketName}\taws:ResourceTag/${TagKey}\n\
        a\tListBucket\tL\tbucket*\ts3:prefix\n";

    fn error_of(text: &'static str) -> String {
        Catalogue::parse(text)
            .map(|_| ())
            .expect_err("should fail")
            .to_string()
    }

    #[test]
    fn parses_a_minimal_catalogue() {
        let catalogue = Catalogue::parse(MINIMAL).expect("parses");
        assert_eq!(catalogue.header().generated, "2026-01-02");
        assert_eq!(catalogue.header().sources[0].package, "pkg");
        assert!(catalogue.action("S3", "listbucket").is_some());
    }

    #[test]
    fn accepts_crlf_line_ends_and_unknown_tags() {
        let text = MINIMAL.replace('\n', "\r\n") + "zz\tfuture record\r\n";
        assert!(Catalogue::parse(text).is_ok());
    }

    #[test]
    fn malformed_files_are_errors_not_panics() {
        assert_eq!(
            error_of(""),
            "catalogue: not a role-dsl catalogue: no `catalogue` line"
        );
        assert_eq!(
            error_of("catalogue\t2\n"),
            "catalogue:1: catalogue format 2: this role-dsl reads format 1"
        );
        assert_eq!(
            error_of("catalogue\t1\na\tX\tR\n"),
            "catalogue:2: a resource type or action before any `s` (service) line"
        );
        assert_eq!(
            error_of("catalogue\t1\ns\tx\tX\na\tGo\tQ\t\t\n"),
            "catalogue:3: bad access level `Q`"
        );
        assert_eq!(
            error_of("catalogue\t1\ns\tx\tX\na\tGo\tR\tthing*\t\n"),
            "catalogue:3: action names unknown resource type `thing`"
        );
        assert_eq!(
            error_of("catalogue\t1\ns\tx\tX\na\tGo\tR\n\na\tgo\tW\n"),
            "catalogue: service `x`: action `Go` is listed twice"
        );
        assert_eq!(
            error_of("catalogue\t1\ns\tx\tX\nr\tt\tnot-an-arn\n"),
            "catalogue:3: ARN format `not-an-arn` does not start with `arn:`"
        );
        assert_eq!(
            error_of("catalogue\t1\ns\tx\tX\nr\tt\n"),
            "catalogue:3: `r` line without ARN formats"
        );
        assert_eq!(
            error_of("catalogue\t1\ns\tx\nm\tnoslash\tP\n"),
            "catalogue:3: policy path `noslash` must start and end with `/`"
        );
        assert_eq!(
            error_of("catalogue\t1\ns\tx\ns\tX\n"),
            "catalogue: service `x` is listed twice"
        );
        let missing = std::env::temp_dir().join("role-dsl-no-such-catalogue.txt");
        let error = Catalogue::from_file(&missing).expect_err("no file");
        assert_eq!(error.origin, missing.display().to_string());
    }

    #[test]
    fn an_unsorted_file_is_sorted_on_load() {
        let text = "catalogue\t1\n\
            s\tzz\tZ\nr\tb\tarn:x\t\nr\ta\tarn:y\t\na\tTwo\tR\tb\t\na\tOne\tW\ta*\t\n\
            s\taa\tA\na\tOnly\tR\t\t\n";
        let catalogue = Catalogue::parse(text).expect("parses");
        let prefixes: Vec<_> = catalogue.services().map(|s| s.prefix()).collect();
        assert_eq!(prefixes, ["aa", "zz"]);
        let one = catalogue.action("zz", "one").expect("found");
        let types: Vec<_> = one
            .resource_types()
            .map(|r| (r.resource_type.name(), r.required))
            .collect();
        assert_eq!(types, [("a", true)]);
        let two = catalogue.action("zz", "TWO").expect("found");
        assert_eq!(
            two.resource_types().next().map(|r| r.resource_type.name()),
            Some("b")
        );
    }
}
