//! The escalation methods, read from `role-core/data/escalation-methods.txt`: kept as data with
//! their sources, so that adding a method found in the field is a record, not code.

use std::sync::OnceLock;

/// What a method gives the role that can use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The role can grant itself anything.
    SelfAdmin,
    /// The role obtains the target role's permissions.
    Become,
    /// The role can make the target role an administrator.
    Grant,
    /// The role obtains the target role's permissions if a resource of the service already
    /// runs with it: which one does is not in the project, so the path is a possible one.
    Takeover,
}

/// The resource one request of a method is made on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum On {
    Own,
    OwnPolicy,
    Target,
    TargetPolicy,
    Any,
    /// A resource the role creates and names itself: this ARN, or any pattern of the role's
    /// own statements for the action.
    New(String),
    /// A resource that already exists, any the role may act on: this ARN (standing for any
    /// name), or any pattern of the role's own statements for the action.
    Existing(String),
    /// This resource and no other (an AWS-owned document that runs any command).
    Named(String),
}

/// One request a method needs allowed.
#[derive(Debug, Clone)]
pub struct Need {
    pub action: String,
    pub on: On,
    pub context: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Method {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    /// The service principal the target role is passed to.
    pub service: Option<String>,
    pub source_arn: Option<String>,
    /// The target's trust must let the role itself in.
    pub trust_self: bool,
    pub needs: Vec<Need>,
    /// What must hold for the path to be real (`if: ...`), `{target}` standing for the target
    /// role: said in the finding, since the project cannot tell.
    pub caveat: Option<String>,
    pub sources: Vec<String>,
}

const DATA: &str = include_str!("../../../data/escalation-methods.txt");

/// Every method of the data, in its order (which decides which method a finding names when
/// several apply). A record the parser cannot read is left out; a test keeps there being none.
pub fn all() -> &'static [Method] {
    static METHODS: OnceLock<Vec<Method>> = OnceLock::new();
    METHODS.get_or_init(|| parse(DATA).0)
}

/// The methods, and the ids (or line numbers) of the records that could not be read.
pub fn parse(text: &str) -> (Vec<Method>, Vec<String>) {
    let mut methods = Vec::new();
    let mut bad = Vec::new();
    let mut current: Option<(Method, Option<Kind>, bool)> = None;
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(id) = line.strip_prefix("method ") {
            finish(current.take(), &mut methods, &mut bad);
            current = Some((empty(id.trim()), None, true));
            continue;
        }
        let Some((method, kind, ok)) = current.as_mut() else {
            bad.push(format!("line {}", number + 1));
            continue;
        };
        let Some((key, value)) = line.trim().split_once(": ") else {
            *ok = false;
            continue;
        };
        let value = value.trim();
        match key {
            "name" => method.name = value.to_owned(),
            "kind" => {
                *kind = match value {
                    "self" => Some(Kind::SelfAdmin),
                    "become" => Some(Kind::Become),
                    "grant" => Some(Kind::Grant),
                    "takeover" => Some(Kind::Takeover),
                    _ => None,
                }
            }
            "service" => method.service = Some(value.to_owned()),
            "source-arn" => method.source_arn = Some(value.to_owned()),
            "trust" if value == "self" => method.trust_self = true,
            "needs" => match need(value, method.service.as_deref()) {
                Some(need) => method.needs.push(need),
                None => *ok = false,
            },
            "if" => method.caveat = Some(value.to_owned()),
            "source" => method.sources.push(value.to_owned()),
            _ => *ok = false,
        }
    }
    finish(current, &mut methods, &mut bad);
    (methods, bad)
}

fn empty(id: &str) -> Method {
    Method {
        id: id.to_owned(),
        name: String::new(),
        kind: Kind::Become,
        service: None,
        source_arn: None,
        trust_self: false,
        needs: Vec::new(),
        caveat: None,
        sources: Vec::new(),
    }
}

fn finish(
    record: Option<(Method, Option<Kind>, bool)>,
    methods: &mut Vec<Method>,
    bad: &mut Vec<String>,
) {
    let Some((mut method, kind, ok)) = record else {
        return;
    };
    let complete =
        !method.name.is_empty() && !method.needs.is_empty() && !method.sources.is_empty();
    // A takeover is a possible path only: the record must say on what it depends, and which
    // service's trust the target must have.
    let takeover_told =
        kind != Some(Kind::Takeover) || (method.caveat.is_some() && method.service.is_some());
    match kind {
        Some(kind) if ok && complete && takeover_told => {
            method.kind = kind;
            methods.push(method);
        }
        _ => bad.push(method.id),
    }
}

/// `ACTION RESOURCE [KEY=VALUE ...]`.
fn need(text: &str, service: Option<&str>) -> Option<Need> {
    let mut words = text.split_whitespace();
    let action = words.next()?.to_owned();
    let on = match words.next()? {
        "self" => On::Own,
        "self-policy" => On::OwnPolicy,
        "target" => On::Target,
        "target-policy" => On::TargetPolicy,
        "*" => On::Any,
        other => match other.split_once(':')? {
            ("new", arn) => On::New(arn.to_owned()),
            ("existing", arn) => On::Existing(arn.to_owned()),
            ("arn", _) => On::Named(other.to_owned()),
            _ => return None,
        },
    };
    let mut context = Vec::new();
    for pair in words {
        let (key, value) = pair.split_once('=')?;
        let value = match value {
            "{service}" => service?,
            v => v,
        };
        context.push((key.to_owned(), value.to_owned()));
    }
    Some(Need {
        action,
        on,
        context,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    #[test]
    fn every_record_reads_and_names_known_actions() {
        let (methods, bad) = parse(DATA);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(methods.len(), 57);
        let catalogue = Catalogue::current().expect("catalogue");
        for m in &methods {
            for need in &m.needs {
                assert!(
                    !catalogue.actions_matching(&need.action).is_empty(),
                    "{}: {}",
                    m.id,
                    need.action
                );
            }
            // A role is passed to a service, or taken over from a resource of one.
            let passes = m.needs.iter().any(|n| n.action == "iam:PassRole");
            let takes_over = m.kind == Kind::Takeover;
            assert_eq!(passes || takes_over, m.service.is_some(), "{}", m.id);
            assert_eq!(m.service.is_some(), m.source_arn.is_some(), "{}", m.id);
            assert_eq!(
                takes_over,
                m.caveat.is_some() && m.kind != Kind::SelfAdmin,
                "{}",
                m.id
            );
        }
    }

    /// A request names a resource of every type AWS marks required for its action
    /// (`ec2:RunInstances`: an image, a network interface, a security group, a subnet and the
    /// instance), so each must be allowed: a method lists one need for each. The one exception
    /// is where AWS marks alternatives required: a bedrock-agentcore code interpreter is
    /// AWS's own (`code-interpreter`, in the account `aws`) or a custom one, never both.
    #[test]
    fn every_required_resource_type_is_asked_for() {
        let catalogue = Catalogue::current().expect("catalogue");
        let kind = |arn: &str| -> String {
            let resource = arn.splitn(6, ':').nth(5).unwrap_or("");
            resource.split(['/', ':']).next().unwrap_or("").to_owned()
        };
        let alternative = |name: &str| name == "code-interpreter";
        for m in all() {
            for need in &m.needs {
                let (On::New(arn) | On::Existing(arn) | On::Named(arn)) = &need.on else {
                    continue;
                };
                let asked: Vec<String> = m
                    .needs
                    .iter()
                    .filter(|n| n.action == need.action)
                    .filter_map(|n| match &n.on {
                        On::New(a) | On::Existing(a) | On::Named(a) => Some(kind(a)),
                        _ => None,
                    })
                    .collect();
                for action in catalogue.actions_matching(&need.action) {
                    for r in action.resource_types().filter(|r| r.required) {
                        let name = r.resource_type.name();
                        if alternative(name) {
                            continue;
                        }
                        // `devEndpoint/...` is the ARN of the type `devendpoint`.
                        assert!(
                            asked.iter().any(|a| a.eq_ignore_ascii_case(name)),
                            "{}: {} needs a {name} ({arn})",
                            m.id,
                            need.action
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn bad_records_are_named_not_panicked_on() {
        let (methods, bad) = parse("junk\nmethod x\n  kind: fly\n  needs: a\nmethod y\n  needs:");
        assert!(methods.is_empty());
        assert_eq!(bad, ["line 1", "x", "y"]);
        // A takeover that does not say on what it depends, or a resource of no known form.
        let (methods, bad) = parse(
            "method t\n  name: t\n  kind: takeover\n  service: s\n  needs: a:B existing:arn:x\n  source: s\nmethod u\n  name: u\n  kind: self\n  needs: a:B old:arn:x\n  source: s",
        );
        assert!(methods.is_empty());
        assert_eq!(bad, ["t", "u"]);
    }
}
