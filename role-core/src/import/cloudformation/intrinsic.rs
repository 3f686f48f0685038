//! CloudFormation's intrinsic functions, resolved to what the DSL can say: a value whose strings
//! are templates. The strings' text is still raw here (a `${...}` in it is text); a policy
//! document reads it as IAM text afterwards.

use super::Reader;
use super::locate::Path;
use super::node::Node;
use crate::import::{NoteKind, Tv};
use crate::model::{ParamKind, Part, Pseudo, Template};

impl<'t> Reader<'t> {
    /// `node` with its intrinsic functions resolved; `None` where `AWS::NoValue` leaves it out.
    pub(super) fn value(&mut self, node: &'t Node, path: &Path) -> Option<Tv> {
        if let Some((function, argument)) = node.intrinsic() {
            return self.call(function, argument, node, path);
        }
        Some(match node {
            Node::Null => Tv::Null,
            Node::Bool(b) => Tv::Bool(*b),
            Node::Number(n) => Tv::Number(n.clone()),
            Node::Str(text) => Tv::Str(Template::literal(text.as_str())),
            Node::List(items) => Tv::List(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.value(item, &path.index(i)))
                    .collect(),
            ),
            Node::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (key, value) in entries {
                    let here = path.key(
                        &key.as_str()
                            .map_or_else(|| self.describe(key), str::to_owned),
                    );
                    let Some(key) = self.key(key, &here) else {
                        continue;
                    };
                    if let Some(value) = self.value(value, &here) {
                        out.push((key, value));
                    }
                }
                Tv::Map(out)
            }
        })
    }

    /// A map key: text, or (a YAML key tagged `!Sub`) a template.
    fn key(&mut self, key: &'t Node, path: &Path) -> Option<Template> {
        match key {
            Node::Str(text) => Some(Template::literal(text.as_str())),
            Node::Map(_) => {
                let value = self.value(key, path)?;
                self.text(value, "a map key", path)
            }
            other => other.scalar_text().map(Template::literal),
        }
    }

    /// A resolved value as one string; a list or map where a string belongs is left out, with a
    /// note.
    pub(super) fn text(&mut self, value: Tv, what: &str, path: &Path) -> Option<Template> {
        match value {
            Tv::Str(template) => Some(template),
            Tv::Number(_) | Tv::Bool(_) => value.scalar(),
            _ => {
                self.note(
                    path,
                    NoteKind::Unexpressible,
                    format!("{what} is not a string here; it is left out"),
                );
                None
            }
        }
    }

    /// `node`, resolved to one string.
    pub(super) fn text_value(
        &mut self,
        node: &'t Node,
        what: &str,
        path: &Path,
    ) -> Option<Template> {
        let value = self.value(node, path)?;
        self.text(value, what, path)
    }

    /// `node` as a note quotes it; a plain string as its text alone.
    pub(super) fn describe(&self, node: &Node) -> String {
        match node {
            Node::Str(text) => text.clone(),
            other => other.describe(!self.lines.is_json()),
        }
    }

    fn call(
        &mut self,
        function: &str,
        argument: &'t Node,
        node: &'t Node,
        path: &Path,
    ) -> Option<Tv> {
        match function {
            "Ref" => match argument.as_str() {
                Some(name) => self.reference(name, node, path),
                None => self.malformed(node, path),
            },
            "Fn::Sub" => self.sub(argument, node, path),
            "Fn::Join" => self.join(argument, node, path),
            "Fn::GetAtt" => match get_att_arguments(argument) {
                Some((id, attribute)) => self.get_att(id, attribute, path),
                None => self.malformed(node, path),
            },
            "Fn::If" => {
                let chosen = self.branch(argument, node, path)?;
                self.value(chosen, path)
            }
            "Fn::Select" => self.select(argument, node, path),
            "Fn::Split" => self.split(argument, node, path),
            "Fn::FindInMap" => self.find_in_map(argument, node, path),
            "Fn::ImportValue" => {
                let base = export_base(argument);
                let what = format!("`{}` (a value another stack exports)", self.describe(node));
                Some(self.stand_in(node, &base, ParamKind::Text, &what, path))
            }
            "Fn::GetAZs" | "Fn::Cidr" => {
                let base = if function == "Fn::GetAZs" {
                    "availability_zones"
                } else {
                    "cidr_blocks"
                };
                let what = format!("`{}`", self.describe(node));
                Some(self.stand_in(node, base, ParamKind::List, &what, path))
            }
            _ => {
                let what = format!("`{}`", self.describe(node));
                let base = function.trim_start_matches("Fn::");
                Some(self.stand_in(node, base, ParamKind::Text, &what, path))
            }
        }
    }

    /// A call written in a way CloudFormation itself would refuse: named, and left out.
    pub(super) fn malformed(&mut self, node: &Node, path: &Path) -> Option<Tv> {
        let message = format!(
            "`{}` is not a call CloudFormation can make (wrong arguments); it is left out",
            self.describe(node)
        );
        self.note(path, NoteKind::Unexpressible, message);
        None
    }

    /// `Ref name`: a parameter, a pseudo-parameter or a resource of the template.
    fn reference(&mut self, name: &str, node: &Node, path: &Path) -> Option<Tv> {
        if let Some(parameter) = self.parameter(name) {
            let part = match parameter.kind {
                ParamKind::Text => Part::Field(parameter.field.clone()),
                ParamKind::List => Part::List(parameter.field.clone()),
            };
            return Some(Tv::Str(Template(vec![part])));
        }
        let pseudo = |p| Some(Tv::Str(Template(vec![Part::Pseudo(p)])));
        match name {
            "AWS::NoValue" => None,
            "AWS::Partition" => pseudo(Pseudo::Partition),
            "AWS::AccountId" => pseudo(Pseudo::AccountId),
            "AWS::Region" => pseudo(Pseudo::Region),
            "AWS::URLSuffix" => {
                self.note(
                    path,
                    NoteKind::Changed,
                    "`AWS::URLSuffix` is read as `amazonaws.com`, as it is in every partition but China's (`amazonaws.com.cn`)".to_owned(),
                );
                Some(Tv::Str(Template::literal("amazonaws.com")))
            }
            "AWS::NotificationARNs" => {
                let what = "`AWS::NotificationARNs` (the stack's notification topics)";
                Some(self.stand_in(node, "notification_arns", ParamKind::List, what, path))
            }
            _ if name.starts_with("AWS::") => {
                let what = format!("`{name}` (known only once the stack is deployed)");
                let base = name.trim_start_matches("AWS::");
                Some(self.stand_in(node, base, ParamKind::Text, &what, path))
            }
            _ if self.resource(name).is_some() => Some(self.ref_resource(name, node, path)),
            _ => {
                let what = format!("`Ref {name}`, which names nothing in the template,");
                Some(self.stand_in(node, name, ParamKind::Text, &what, path))
            }
        }
    }

    /// `Fn::Sub`: its text with every `${...}` resolved; `${!Literal}` is the text `${Literal}`.
    fn sub(&mut self, argument: &'t Node, node: &'t Node, path: &Path) -> Option<Tv> {
        let (text, variables) = match argument {
            Node::Str(text) => (text.as_str(), None),
            Node::List(items) => match items.as_slice() {
                [Node::Str(text)] => (text.as_str(), None),
                [Node::Str(text), variables @ Node::Map(_)] => (text.as_str(), Some(variables)),
                _ => return self.malformed(node, path),
            },
            _ => return self.malformed(node, path),
        };
        let mut out = Template::default();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_text(&rest[..start]);
            let after = &rest[start + 2..];
            if let Some(literal) = after.strip_prefix('!') {
                out.push_text("${");
                rest = literal;
                continue;
            }
            let Some(end) = after.find('}') else {
                out.push_text(&rest[start..]);
                rest = "";
                break;
            };
            let variable = self.sub_variable(&after[..end], variables, path)?;
            for part in variable.0 {
                out.push(part);
            }
            rest = &after[end + 1..];
        }
        out.push_text(rest);
        Some(Tv::Str(out))
    }

    /// One `${name}` of a `Fn::Sub`: a variable of its map, a parameter, a pseudo-parameter,
    /// `Resource.Attribute` or a resource.
    fn sub_variable(
        &mut self,
        name: &str,
        variables: Option<&'t Node>,
        path: &Path,
    ) -> Option<Template> {
        if let Some(node) = variables.and_then(|v| v.get(name)) {
            let value = self.value(node, path)?;
            return Some(self.whole_text(value, node, path));
        }
        let reference = Node::Map(vec![(Node::Str("Ref".into()), Node::Str(name.into()))]);
        if self.parameter(name).is_some() || name.starts_with("AWS::") {
            let value = self.reference(name, &reference, path)?;
            return Some(self.whole_text(value, &reference, path));
        }
        if let Some((id, attribute)) = name.split_once('.')
            && self.resource(id).is_some()
        {
            let get_att = Node::Map(vec![(
                Node::Str("Fn::GetAtt".into()),
                Node::List(vec![Node::Str(id.into()), Node::Str(attribute.into())]),
            )]);
            let value = self.get_att(id, attribute, path)?;
            return Some(self.whole_text(value, &get_att, path));
        }
        if self.resource(name).is_some() {
            let value = self.ref_resource(name, &reference, path);
            return Some(self.whole_text(value, &reference, path));
        }
        if name.contains(':') {
            self.note(
                path,
                NoteKind::Changed,
                format!(
                    "`${{{name}}}` in a `Fn::Sub` names nothing in the template (CloudFormation wants `${{!{name}}}`); it is read as the policy variable `${{{name}}}`"
                ),
            );
            return Some(Template::literal(format!("${{{name}}}")));
        }
        let what = format!("`${{{name}}}`, which names nothing in the template,");
        let value = self.stand_in(&reference, name, ParamKind::Text, &what, path);
        Some(self.whole_text(value, &reference, path))
    }

    /// A value that a string is made of (in `Fn::Sub`, `Fn::Join`) as a template: a list
    /// placeholder or a list cannot be part of a string, so it becomes a text field of its own.
    fn whole_text(&mut self, value: Tv, source: &Node, path: &Path) -> Template {
        match value {
            Tv::Str(template) if template.list().is_none() => template,
            Tv::Number(_) | Tv::Bool(_) => value.scalar().unwrap_or_default(),
            _ => {
                let what = format!("`{}` (a list, joined into a string)", self.describe(source));
                let base = format!("{}_joined", stand_in_base(source));
                match self.stand_in(source, &base, ParamKind::Text, &what, path) {
                    Tv::Str(template) => template,
                    _ => Template::default(),
                }
            }
        }
    }

    /// `Fn::Join`: one template of the parts and the delimiter between them.
    fn join(&mut self, argument: &'t Node, node: &'t Node, path: &Path) -> Option<Tv> {
        let Some([Node::Str(delimiter), list]) = argument.as_list() else {
            return self.malformed(node, path);
        };
        let items = match list {
            Node::List(elements) => elements
                .iter()
                .filter_map(|element| self.value(element, path))
                .collect(),
            other => match self.value(other, path)? {
                Tv::List(items) => items,
                Tv::Str(template) if template.list().is_some() => {
                    let field = template.list().unwrap_or_default().to_owned();
                    let what = format!(
                        "`{}` (the list parameter joined into one string)",
                        self.describe(node)
                    );
                    return Some(self.stand_in(
                        node,
                        &format!("{field}_joined"),
                        ParamKind::Text,
                        &what,
                        path,
                    ));
                }
                _ => return self.malformed(node, path),
            },
        };
        let mut out = Template::default();
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push_text(delimiter);
            }
            match item {
                Tv::Str(template) if template.list().is_none() => {
                    for part in template.0 {
                        out.push(part);
                    }
                }
                Tv::Number(_) | Tv::Bool(_) => {
                    for part in item.scalar().unwrap_or_default().0 {
                        out.push(part);
                    }
                }
                _ => {
                    let what = format!(
                        "`{}` (it joins a list parameter into one string)",
                        self.describe(node)
                    );
                    return Some(self.stand_in(
                        node,
                        &format!("{}_joined", stand_in_base(list)),
                        ParamKind::Text,
                        &what,
                        path,
                    ));
                }
            }
        }
        Some(Tv::Str(out))
    }

    /// `Fn::Select`: the element, where the list is known; a field for it otherwise.
    fn select(&mut self, argument: &'t Node, node: &'t Node, path: &Path) -> Option<Tv> {
        let Some([index, list]) = argument.as_list() else {
            return self.malformed(node, path);
        };
        let index = match index {
            Node::Number(n) => n.as_u64().map(|n| n as usize),
            Node::Str(text) => text.parse().ok(),
            _ => self
                .value(index, path)
                .and_then(|v| v.scalar())
                .and_then(|t| t.as_plain())
                .and_then(|t| t.parse().ok()),
        };
        let Some(index) = index else {
            return self.malformed(node, path);
        };
        if let Node::List(items) = list {
            return match items.get(index) {
                Some(item) => self.value(item, path),
                None => self.malformed(node, path),
            };
        }
        // Of a list known only when deployed, the element is a field of its own (not the list
        // too).
        let opaque = matches!(
            list.intrinsic(),
            Some((
                "Fn::GetAZs" | "Fn::Cidr" | "Fn::ImportValue" | "Fn::GetAtt",
                _
            ))
        ) || list.intrinsic().is_some_and(|(f, a)| {
            f == "Ref"
                && a.as_str().is_some_and(|name| {
                    self.parameter(name).is_some()
                        || self.resource(name).is_some()
                        || name.starts_with("AWS::")
                })
        });
        let what = format!(
            "`{}` (an element of a list known only when deployed)",
            self.describe(node)
        );
        let base = format!("{}_{index}", stand_in_base(list));
        if opaque {
            return Some(self.stand_in(node, &base, ParamKind::Text, &what, path));
        }
        match self.value(list, path)? {
            Tv::List(items) => match items.into_iter().nth(index) {
                Some(item) => Some(item),
                None => self.malformed(node, path),
            },
            _ => Some(self.stand_in(node, &base, ParamKind::Text, &what, path)),
        }
    }

    /// `Fn::Split` of a literal string: the list of its pieces.
    fn split(&mut self, argument: &'t Node, node: &'t Node, path: &Path) -> Option<Tv> {
        let Some([Node::Str(delimiter), source]) = argument.as_list() else {
            return self.malformed(node, path);
        };
        let value = self.value(source, path)?;
        if let Some(text) = value.as_template().and_then(Template::as_plain)
            && !delimiter.is_empty()
        {
            return Some(Tv::List(
                text.split(delimiter.as_str())
                    .map(|piece| Tv::Str(Template::literal(piece)))
                    .collect(),
            ));
        }
        let what = format!("`{}` (a string split when deployed)", self.describe(node));
        let base = format!("{}_parts", stand_in_base(source));
        Some(self.stand_in(node, &base, ParamKind::List, &what, path))
    }

    /// `Fn::FindInMap`: the entry, where the keys are literal or every entry they could pick is
    /// the same; a field otherwise.
    fn find_in_map(&mut self, argument: &'t Node, node: &'t Node, path: &Path) -> Option<Tv> {
        let Some([Node::Str(map_name), first, second, ..]) = argument.as_list() else {
            return self.malformed(node, path);
        };
        let Some(map) = self.mappings.and_then(|m| m.get(map_name)) else {
            return self.malformed(node, path);
        };
        let first_key = first.scalar_text();
        let second_key = second.scalar_text();
        let matches = |key: &Option<String>, candidate: &Node| match key {
            Some(key) => candidate.scalar_text().as_deref() == Some(key.as_str()),
            None => true,
        };
        let mut candidates: Vec<&'t Node> = Vec::new();
        for (key, level) in map.entries().unwrap_or_default() {
            if !matches(&first_key, key) {
                continue;
            }
            for (key, value) in level.entries().unwrap_or_default() {
                if matches(&second_key, key) {
                    candidates.push(value);
                }
            }
        }
        let Some(&chosen) = candidates.first() else {
            return self.malformed(node, path);
        };
        if candidates.iter().all(|c| *c == chosen) {
            if first_key.is_none() || second_key.is_none() {
                let message = format!(
                    "`{}` is read as `{}`: every entry of the mapping its keys could pick holds that",
                    self.describe(node),
                    self.describe(chosen)
                );
                self.note(path, NoteKind::Changed, message);
            }
            return self.value(chosen, path);
        }
        let kind = if matches!(chosen, Node::List(_)) {
            ParamKind::List
        } else {
            ParamKind::Text
        };
        let key = second_key.or(first_key).unwrap_or_default();
        let what = format!(
            "`{}` (its keys are known only when deployed)",
            self.describe(node)
        );
        Some(self.stand_in(node, &format!("{map_name}_{key}"), kind, &what, path))
    }
}

/// `[Resource, Attribute]`, or `Resource.Attribute` as `!GetAtt` writes it.
pub(super) fn get_att_arguments(argument: &Node) -> Option<(&str, &str)> {
    match argument {
        Node::Str(text) => text.split_once('.'),
        Node::List(items) => match items.as_slice() {
            [Node::Str(id), Node::Str(attribute)] => Some((id, attribute)),
            _ => None,
        },
        _ => None,
    }
}

/// A field name for an imported value, from the literal words of its export name:
/// `${CodeBuildStack}-CodeCommitArn` → `CodeCommitArn`.
fn export_base(argument: &Node) -> String {
    let text = match argument.intrinsic() {
        Some(("Fn::Sub", Node::Str(text))) => text.as_str(),
        _ => argument.as_str().unwrap_or_default(),
    };
    let mut words = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        words.push_str(&rest[..start]);
        words.push('_');
        rest = rest[start..].split_once('}').map_or("", |(_, after)| after);
    }
    words.push_str(rest);
    if words.chars().any(|c| c.is_ascii_alphanumeric()) {
        words
    } else {
        "imported_value".to_owned()
    }
}

/// What a field standing for a value derived from `node` is named after: the parameter or
/// resource it names, or the function.
fn stand_in_base(node: &Node) -> String {
    match node.intrinsic() {
        Some(("Ref", Node::Str(name))) => name.trim_start_matches("AWS::").to_owned(),
        Some(("Fn::GetAtt", argument)) => get_att_arguments(argument).map_or_else(
            || "attribute".to_owned(),
            |(id, attribute)| format!("{id}_{attribute}"),
        ),
        Some(("Fn::GetAZs", _)) => "availability_zones".to_owned(),
        Some((function, _)) => function.trim_start_matches("Fn::").to_owned(),
        None => "value".to_owned(),
    }
}
