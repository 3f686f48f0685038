//! Reads one service's resource types (`r` lines) and actions (`a` lines), on first use of
//! the service: most builds look at a handful of the 460 services.

use super::format::{CatalogueError, ServiceRec, Span, cmp_ignore_case, records, sort_unique};
use super::lookup::AccessLevels;

/// A run of records in one of the body's vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Slice {
    pub start: u32,
    pub end: u32,
}

impl Slice {
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug)]
pub(super) struct ResourceTypeRec {
    pub name: Span,
    pub formats: Slice,
    /// Comma-separated, split when asked.
    pub keys: Span,
}

#[derive(Debug)]
pub(super) struct FormatRec {
    pub text: Span,
    /// Rule 2 of the module documentation: the final `${Var}` holds no `/`.
    pub tail_single_segment: bool,
}

#[derive(Debug)]
pub(super) struct ActionRec {
    pub name: Span,
    pub access: AccessLevels,
    pub resources: Slice,
    /// Comma-separated, split when asked.
    pub keys: Span,
}

#[derive(Debug)]
pub(super) struct ActionResourceRec {
    /// Index into `ServiceBody::resource_types`.
    pub resource_type: u32,
    pub required: bool,
}

/// A service's resource types and actions, each sorted by name ignoring ASCII case.
#[derive(Debug, Default)]
pub(super) struct ServiceBody {
    pub resource_types: Vec<ResourceTypeRec>,
    pub formats: Vec<FormatRec>,
    pub actions: Vec<ActionRec>,
    pub action_resources: Vec<ActionResourceRec>,
}

pub(super) fn parse_body(
    text: &str,
    origin: &str,
    service: &ServiceRec,
) -> Result<ServiceBody, CatalogueError> {
    let mut reader = BodyReader {
        text,
        origin,
        line: 0,
        body: ServiceBody::default(),
        sealed: false,
    };
    for (line_number, line) in records(&text[service.body_text.range()], service.body_line) {
        reader.line = line_number;
        let mut fields = line.split('\t');
        match fields.next() {
            Some("r") => {
                let name = fields.next().unwrap_or_default();
                let formats = fields
                    .next()
                    .ok_or_else(|| reader.error("`r` line without ARN formats"))?;
                reader.resource_type(name, formats, fields.next().unwrap_or_default())?;
            }
            Some("a") => {
                let name = fields.next().unwrap_or_default();
                let access = fields
                    .next()
                    .ok_or_else(|| reader.error("`a` line without an access level"))?;
                let types = fields.next().unwrap_or_default();
                reader.action(name, access, types, fields.next().unwrap_or_default())?;
            }
            // Other records were read with the header.
            _ => {}
        }
    }
    reader.line = 0;
    if !reader.sealed {
        reader.seal_resource_types()?;
    }
    let prefix = &text[service.prefix.range()];
    if let Some(name) = sort_unique(&mut reader.body.actions, |action| {
        &text[action.name.range()]
    }) {
        return Err(reader.error(format!(
            "service `{prefix}`: action `{name}` is listed twice"
        )));
    }
    Ok(reader.body)
}

struct BodyReader<'t> {
    text: &'t str,
    origin: &'t str,
    line: usize,
    body: ServiceBody,
    /// Set by the first `a` line: the resource types are sorted and may no longer change.
    sealed: bool,
}

impl<'t> BodyReader<'t> {
    fn error(&self, message: impl Into<String>) -> CatalogueError {
        CatalogueError::new(self.origin, self.line, message)
    }

    fn name(&self, name: &str, what: &str) -> Result<Span, CatalogueError> {
        if name.is_empty() {
            return Err(self.error(format!("empty {what}")));
        }
        Ok(Span::of(self.text, name))
    }

    fn resource_type(
        &mut self,
        name: &str,
        formats: &str,
        keys: &str,
    ) -> Result<(), CatalogueError> {
        if self.sealed {
            return Err(self.error("resource types must come before the actions of their service"));
        }
        let name = self.name(name, "resource type name")?;
        let start = self.body.formats.len() as u32;
        for format in formats.split(',') {
            if !format.starts_with("arn:") && format != "*" {
                return Err(self.error(format!("ARN format `{format}` does not start with `arn:`")));
            }
            let text = Span::of(self.text, format);
            self.body.formats.push(FormatRec {
                text,
                tail_single_segment: false,
            });
        }
        let formats = Slice {
            start,
            end: self.body.formats.len() as u32,
        };
        let keys = Span::of(self.text, keys);
        self.body.resource_types.push(ResourceTypeRec {
            name,
            formats,
            keys,
        });
        Ok(())
    }

    fn action(
        &mut self,
        name: &str,
        access: &str,
        types: &str,
        keys: &str,
    ) -> Result<(), CatalogueError> {
        if !self.sealed {
            self.seal_resource_types()?;
        }
        let name = self.name(name, "action name")?;
        let access = AccessLevels::parse(access)
            .ok_or_else(|| self.error(format!("bad access level `{access}`")))?;
        let start = self.body.action_resources.len() as u32;
        for reference in types.split(',').filter(|t| !t.is_empty()) {
            let (type_name, required) = match reference.strip_suffix('*') {
                Some(type_name) => (type_name, true),
                None => (reference, false),
            };
            let text = self.text;
            let found = self
                .body
                .resource_types
                .binary_search_by(|rt| cmp_ignore_case(&text[rt.name.range()], type_name))
                .map_err(|_| {
                    self.error(format!("action names unknown resource type `{type_name}`"))
                })?;
            self.body.action_resources.push(ActionResourceRec {
                resource_type: found as u32,
                required,
            });
        }
        let resources = Slice {
            start,
            end: self.body.action_resources.len() as u32,
        };
        let keys = Span::of(self.text, keys);
        self.body.actions.push(ActionRec {
            name,
            access,
            resources,
            keys,
        });
        Ok(())
    }

    /// Sorts the resource types, so that actions can refer to them by index.
    fn seal_resource_types(&mut self) -> Result<(), CatalogueError> {
        self.sealed = true;
        let text = self.text;
        if let Some(name) = sort_unique(&mut self.body.resource_types, |rt| &text[rt.name.range()])
        {
            return Err(self.error(format!("resource type `{name}` is listed twice")));
        }
        self.mark_single_segment_tails();
        Ok(())
    }

    /// Rule 2 of the module documentation, decided once per format.
    fn mark_single_segment_tails(&mut self) {
        let text = self.text;
        let formats = &mut self.body.formats;
        for index in 0..formats.len() {
            let format = &text[formats[index].text.range()];
            if !format.ends_with('}') {
                continue;
            }
            let continued = formats.iter().any(|other| {
                let other = &text[other.text.range()];
                other.len() > format.len() + 1
                    && other.as_bytes()[format.len()] == b'/'
                    && other.as_bytes()[..format.len()].eq_ignore_ascii_case(format.as_bytes())
            });
            formats[index].tail_single_segment = continued;
        }
    }
}
