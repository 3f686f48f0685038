//! A structure-aware generator: DSL source text (`#[role]` and `#[policy]` structs with arguments
//! drawn from the grammar of `spec/dsl.md`) and the `Env` a render takes, both from one series of
//! choices. Most cases are valid declarations, so that they pass the parser and the validator
//! and reach the renderers; the `Mixed` flavour also bends the grammar to reach the error paths.

use std::collections::{BTreeMap, BTreeSet};

use role_model::Env;

use crate::choices::Choices;
use crate::hostile;

/// What the generator aims for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Declarations meant to be valid, and an `Env` with every value they need.
    Valid,
    /// Valid declarations, bent now and then: wrong arguments, odd spellings, missing values.
    Mixed,
}

/// One generated input: a Rust file and the values to render it with.
#[derive(Debug, Clone)]
pub struct Case {
    pub source: String,
    pub env: Env,
}

/// Struct identifiers: CloudFormation logical ids and, in snake_case, Terraform names, some of
/// which meet after conversion.
const IDENTS: &[&str] = &[
    "R0",
    "LogWriter",
    "log_writer",
    "Logwriter",
    "LOGWriter",
    "A",
    "APolicy",
    "a_policy",
    "ATrust",
    "ADocument",
    "Bucket",
    "Stack",
    "Aws",
    "on",
    "Yes",
    "r#type",
    "Rôle",
];

/// Field names: parameters, some reserved elsewhere (`count` in Terraform), some meeting after
/// UpperCamelCase (`bucket_name`, `bucketName`) or meeting a struct identifier (`log_writer`).
const FIELDS: &[&str] = &[
    "bucket",
    "team",
    "bucket_name",
    "bucketName",
    "BucketName",
    "log_writer",
    "a_policy",
    "r#type",
    "r#match",
    "_x",
    "x1",
    "count",
    "version",
    "source",
    "stack",
];

const SERVICES: &[&str] = &[
    "lambda.amazonaws.com",
    "ec2.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "states.amazonaws.com",
];

const MANAGED: &[&str] = &[
    "ReadOnlyAccess",
    "service-role/AWSLambdaBasicExecutionRole",
    "arn:{partition}:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::123456789012:policy/custom",
    "arn:{partition}:iam::{account_id}:policy/team-policy",
];

/// Arguments that exist nowhere, or exist in another place: for the `Mixed` flavour.
const BENT_ARGS: &[&str] = &[
    "nam = \"x\"",
    "allow(\"s3:GetObjet\", on = \"*\")",
    "allow(\"s3:GetObject\")",
    "deny(on = \"*\")",
    "allow(\"s3:PutObject\", on = \"arn:aws:s3:::b\")",
    "trust(servce = \"lambda.amazonaws.com\")",
    "trust(service = \"lamda.amazonaws.com\")",
    "max_session = \"13h\"",
    "max_session = 99999999999999999999",
    "path = \"no-slash\"",
    "tags(aws = \"x\")",
    "when(StringEqual(\"a\", \"b\"))",
    "managed = [1, 2]",
    "policies(Nowhere)",
    "quotas(managed_policies = 20)",
    "quotas(trust_policy_size = 4096)",
    "unchecked = [\"RD511\", \"svc:BrandNewAction\"]",
    "instance_profile = 1",
    "name = \"{bucket}\"",
    "description = \"\u{1}\"",
    "allow(\"s3:GetObject\", on = \"arn:aws:s3:::b/${aws:username\")",
    "allow(\"s3:GetObject\", on = \"arn:aws:s3:::b/{\")",
    "allow(\"s3:GetObject\", on = \"arn:aws:s3:::b/}\")",
    "allow(\"s3:GetObject\", on = [\"arn:aws:s3:::b/*\"], not_on = [\"*\"])",
    "allow(actions = [\"s3:GetObject\"], not_actions = [\"s3:PutObject\"], on = \"*\")",
    "allow(\"s3:GetObject\", on = \"arn:aws:s3:::b/*\", sid = \"bad sid\")",
];

/// Identifiers that meet in no output, each its own logical id.
/// FUZZ-4: no `A` beside `APolicy` until render::equivalence stops matching Terraform names by
/// prefix.
const VALID_IDENTS: &[&str] = &[
    "R0",
    "LogWriter",
    "APolicy",
    "ATrust",
    "ADocument",
    "Aws",
    "on",
    "Yes",
];

/// Fields that meet no identifier, no other field and no reserved word in any output.
const VALID_FIELDS: &[&str] = &["bucket", "team", "r#type", "r#match", "_x", "x1"];

struct Gen<'c, 'd> {
    choices: &'c mut Choices<'d>,
    flavour: Flavour,
    field_list: &'static [&'static str],
    /// The fields of the struct being written, as placeholders name them.
    fields: Vec<String>,
    /// Every field of every struct, for the `Env`.
    all_fields: BTreeSet<String>,
    /// The list fields (`Vec<String>`) of the struct being written: each stands alone as a whole
    /// element of a list.
    list_fields: Vec<String>,
    /// Every list field of every struct, for the `Env`.
    all_lists: BTreeSet<String>,
    /// Numbers the sids and names written, which IAM wants unique.
    serial: usize,
    /// The operator and key of each condition of the statement being written: one key twice
    /// under one operator is an error.
    conditions: BTreeSet<String>,
}

/// One case, from `choices`.
pub fn case(choices: &mut Choices, flavour: Flavour) -> Case {
    // Valid cases keep to identifiers and fields that no output spells alike (FUZZ-2 for role
    // names that differ in case only) and that are their own CloudFormation logical id (FUZZ-1:
    // `render::equivalence` looks a role up by its identifier).
    let (ident_list, field_list) = match flavour {
        Flavour::Valid => (VALID_IDENTS, VALID_FIELDS),
        Flavour::Mixed => (IDENTS, FIELDS),
    };
    let mut g = Gen {
        choices,
        flavour,
        field_list,
        fields: Vec::new(),
        all_fields: BTreeSet::new(),
        list_fields: Vec::new(),
        all_lists: BTreeSet::new(),
        serial: 0,
        conditions: BTreeSet::new(),
    };
    let mut idents: Vec<&str> = ident_list.to_vec();
    let mut take_ident = |g: &mut Gen| idents.remove(g.choices.below(idents.len()));
    let policy_count = g.choices.count(2);
    let role_count = 1 + g.choices.count(2);
    let mut source = String::from("use role_dsl::{policy, role};\n\n");
    let mut policy_idents = Vec::new();
    for _ in 0..policy_count {
        let ident = take_ident(&mut g);
        source.push_str(&g.declaration(ident, false, &[]));
        policy_idents.push(ident.to_owned());
    }
    for _ in 0..role_count {
        let ident = take_ident(&mut g);
        source.push_str(&g.declaration(ident, true, &policy_idents));
    }
    let env = g.env();
    Case { source, env }
}

impl Gen<'_, '_> {
    fn bent(&mut self) -> bool {
        self.flavour == Flavour::Mixed && self.choices.chance(5)
    }

    fn lit(&mut self, value: &str) -> String {
        hostile::rust_literal(self.choices, value)
    }

    /// Text in a string that may hold placeholders (a description, a path, a tag value): in a
    /// valid case, its braces are literal (`{{`, `}}`) but for whole policy variables, and no
    /// `$` stands right before a literal `{` (the DSL reads `${` as a policy variable).
    fn as_text(&self, text: String) -> String {
        if self.flavour != Flavour::Valid {
            return text;
        }
        let mut out = String::with_capacity(text.len() + 8);
        let mut rest = text.as_str();
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("${")
                && let Some(end) = rest.find('}')
                && !rest[2..end].contains('{')
            {
                out.push_str(&rest[..=end]);
                rest = &rest[end + 1..];
                continue;
            }
            match c {
                '{' => {
                    if out.ends_with('$') {
                        out.pop();
                    }
                    out.push_str("{{");
                }
                '}' => out.push_str("}}"),
                c => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    /// A field of this struct, as a placeholder, marked used.
    fn field(&mut self) -> Option<String> {
        if self.fields.is_empty() {
            return None;
        }
        let name = self.fields[self.choices.below(self.fields.len())].clone();
        Some(format!("{{{name}}}"))
    }

    /// Hostile template text, sometimes with a field in it.
    fn template_text(&mut self) -> String {
        let mut text = hostile::join(self.choices, hostile::TEMPLATE, 4);
        if self.flavour == Flavour::Valid {
            // Terraform refuses `&{` with a clear error (aws_iam_policy_document has no escape
            // for it): valid cases leave it out, so that every format renders them.
            text = without_ampersand_brace(text.replace("&{{", "&"));
        }
        if self.choices.chance(25)
            && let Some(field) = self.field()
        {
            text.insert_str(text.len() * usize::from(self.choices.chance(50)), &field);
        }
        text
    }

    fn partition(&mut self) -> &'static str {
        self.choices.pick(&["aws", "{partition}", "aws-cn"])
    }

    fn region(&mut self) -> &'static str {
        self.choices
            .pick(&["us-east-1", "{region}", "*", "eu-west-3"])
    }

    fn account(&mut self) -> String {
        match self.choices.below(4) {
            0 => "123456789012".into(),
            1 => "{account_id}".into(),
            2 => "*".into(),
            _ => self.field().unwrap_or_else(|| "123456789012".into()),
        }
    }

    fn bucket(&mut self) -> String {
        match self.choices.below(3) {
            0 => "my-bucket".into(),
            1 => self.field().unwrap_or_else(|| "data.example".into()),
            _ => "bucket-${aws:username}".into(),
        }
    }

    fn declaration(&mut self, ident: &str, is_role: bool, policies: &[String]) -> String {
        self.fields.clear();
        let field_count = self.choices.count(3);
        let mut fields: Vec<&str> = Vec::new();
        for _ in 0..field_count {
            let f = self.choices.pick(self.field_list);
            if !fields.contains(&f) {
                fields.push(f);
            }
        }
        self.fields = fields
            .iter()
            .map(|f| f.trim_start_matches("r#").to_owned())
            .collect();
        // Some fields are lists, named only as whole elements (the filler below names them).
        self.list_fields.clear();
        if self.choices.chance(30) && !self.fields.is_empty() {
            let list = self.fields.remove(self.choices.below(self.fields.len()));
            self.list_fields.push(list);
        }
        let mut args: Vec<String> = Vec::new();
        if is_role {
            for _ in 0..1 + self.choices.count(1) {
                let t = self.trust();
                args.push(t);
            }
        }
        let statements = if is_role {
            self.choices.count(3)
        } else {
            1 + self.choices.count(2)
        };
        for _ in 0..statements {
            let s = self.statement();
            args.push(s);
        }
        self.properties(ident, is_role, policies, &mut args);
        // A field no string named is an error: name the rest in one more statement.
        let written = args.concat();
        let unused: Vec<String> = self
            .fields
            .iter()
            .chain(&self.list_fields)
            .filter(|f| !names_field(&written, f))
            .cloned()
            .collect();
        if !unused.is_empty() && !self.bent() {
            let values: Vec<String> = unused.iter().map(|f| format!("\"{{{f}}}\"")).collect();
            args.push(format!(
                "allow(\"s3:GetObject\", on = \"arn:{{partition}}:s3:::shared/*\", when(StringEquals(\"aws:PrincipalTag/team\", {})))",
                values.join(", ")
            ));
        }
        if self.bent() {
            args.push((self.choices.pick(BENT_ARGS)).to_owned());
        }
        // Arguments in any order.
        for i in (1..args.len()).rev() {
            let j = self.choices.below(i + 1);
            args.swap(i, j);
        }
        self.all_fields.extend(self.fields.iter().cloned());
        self.all_lists.extend(self.list_fields.iter().cloned());

        let mut out = String::new();
        if self.choices.chance(30) {
            let doc = hostile::join(self.choices, hostile::DESCRIPTION, 3);
            for line in doc.lines() {
                out.push_str(&format!("///{line}\n"));
            }
        }
        let attr = if is_role { "role" } else { "policy" };
        let path = if self.choices.chance(10) {
            "role_dsl::"
        } else {
            ""
        };
        let separator = self.choices.pick(&[",\n    ", ", ", ",", " ,\n\t"]);
        let trailing = if self.choices.chance(50) { "," } else { "" };
        out.push_str(&format!(
            "#[{path}{attr}(\n    {}{trailing}\n)]\n",
            args.join(separator)
        ));
        let body = if fields.is_empty() {
            ";".to_owned()
        } else {
            let list: Vec<String> = fields
                .iter()
                .map(|f| {
                    let is_list = self
                        .list_fields
                        .iter()
                        .any(|l| *l == f.trim_start_matches("r#"));
                    let ty = match (is_list, self.choices.chance(30)) {
                        (true, true) => "&'static [&'static str]",
                        (true, false) => "Vec<String>",
                        (false, true) => "&'static str",
                        (false, false) => "String",
                    };
                    format!("    pub {f}: {ty},\n")
                })
                .collect();
            format!(" {{\n{}}}", list.concat())
        };
        let decl = format!("{out}pub struct {ident}{body}\n\n");
        if self.choices.chance(10) {
            format!(
                "mod m_{} {{\n{decl}}}\n\n",
                ident.trim_start_matches("r#").to_lowercase()
            )
        } else {
            decl
        }
    }

    fn properties(
        &mut self,
        ident: &str,
        is_role: bool,
        policies: &[String],
        args: &mut Vec<String>,
    ) {
        // IAM names are ASCII: a struct named otherwise needs a name of its own.
        let odd_ident = !ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if self.choices.chance(30) || (odd_ident && self.flavour == Flavour::Valid) {
            let name = self.name();
            args.push(format!("name = {}", self.lit(&name)));
        }
        if self.choices.chance(30) {
            let text = hostile::join(self.choices, hostile::DESCRIPTION, 4);
            let text = self.as_text(text);
            args.push(format!("description = {}", self.lit(&text)));
        }
        if self.choices.chance(20) {
            let mut path = String::from("/");
            for _ in 0..1 + self.choices.count(2) {
                let mut part = hostile::join(self.choices, hostile::PATH_PART, 3);
                // A policy's path takes fewer characters than a role's.
                if !is_role && self.flavour == Flavour::Valid {
                    part.retain(|c| c.is_ascii_alphanumeric() || ".,+@=_-".contains(c));
                    if part.is_empty() {
                        part.push('a');
                    }
                }
                path.push_str(&part);
                path.push('/');
            }
            let path = self.as_text(path);
            args.push(format!("path = {}", self.lit(&path)));
        }
        if self.choices.chance(25) {
            let tags: Vec<String> = (0..1 + self.choices.count(3))
                .map(|i| {
                    let value = hostile::join(self.choices, hostile::TAG_VALUE, 3);
                    let value = self.as_text(value);
                    let key = match self.choices.below(3) {
                        0 => format!("team{i}"),
                        1 => format!("\"cost-center:{i}\""),
                        _ => format!("\"{} {i}\"", self.choices.pick(hostile::SID)),
                    };
                    format!("{key} = {}", hostile::rust_literal(self.choices, &value))
                })
                .collect();
            args.push(format!("tags({})", tags.join(", ")));
        }
        if !is_role {
            return;
        }
        if self.choices.chance(20) {
            let session =
                self.choices
                    .pick(&["\"1h\"", "3600", "\"1h30m\"", "\"12h\"", "43200", "\"90m\""]);
            args.push(format!("max_session = {session}"));
        }
        if self.choices.chance(20) {
            let list: Vec<String> = (0..1 + self.choices.count(2))
                .map(|_| format!("{:?}", self.choices.pick(MANAGED)))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            args.push(format!("managed = [{}]", list.join(", ")));
        }
        if !policies.is_empty() && self.choices.chance(40) {
            let mut named: Vec<String> = Vec::new();
            for p in policies {
                if self.choices.chance(70) {
                    named.push(if self.choices.chance(20) {
                        format!("crate::{p}")
                    } else {
                        p.clone()
                    });
                }
            }
            if named.is_empty() {
                named.push(policies[0].clone());
            }
            args.push(format!("policies({})", named.join(", ")));
        }
        if self.choices.chance(10) {
            let boundary = match self.choices.below(2) {
                0 => "arn:{partition}:iam::{account_id}:policy/boundary".to_owned(),
                _ => "arn:aws:iam::123456789012:policy/boundary".to_owned(),
            };
            args.push(format!("boundary = {boundary:?}"));
        }
        if self.choices.chance(10) {
            let value = self.choices.pick(&["true", "false"]);
            args.push(format!("instance_profile = {value}"));
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        for _ in 0..1 + self.choices.count(2) {
            name.push_str(self.choices.pick(&[
                "n", "-", "@", "=", "+", ",", ".", "_", "yes", "1e3", "on", "0x1F",
            ]));
        }
        self.serial += 1;
        if self.flavour == Flavour::Valid {
            name.push_str(&self.serial.to_string());
        }
        name
    }

    fn trust(&mut self) -> String {
        let mut parts = Vec::new();
        let kind = self.choices.below(5);
        match kind {
            0 => {
                let service = if self.choices.chance(20) {
                    let a = self.choices.pick(SERVICES);
                    let b = self.choices.pick(SERVICES);
                    if a == b {
                        format!("{a:?}")
                    } else {
                        format!("[{a:?}, {b:?}]")
                    }
                } else {
                    format!("{:?}", self.choices.pick(SERVICES))
                };
                parts.push(format!("service = {service}"));
                if self.choices.chance(20) {
                    let account = self.account().replace('*', "123456789012");
                    parts.push(format!(
                        "when(StringEquals(\"aws:SourceAccount\", {account:?}))"
                    ));
                }
            }
            1 => {
                let account = self.account().replace('*', "123456789012");
                parts.push(format!("account = {account:?}"));
            }
            2 => {
                let tail = match self.field() {
                    Some(field) if self.choices.chance(50) => field,
                    _ => "ci".to_owned(),
                };
                let account = self.account().replace('*', "123456789012");
                parts.push(format!(
                    "arn = \"arn:{}:iam::{account}:role/{tail}\"",
                    self.partition()
                ));
            }
            3 => {
                parts.push("oidc = \"token.actions.githubusercontent.com\"".into());
                let sub = format!("repo:{}:*", self.template_text());
                let sub = self.lit(&sub);
                parts.push(format!(
                    "when(StringEquals(\"token.actions.githubusercontent.com:aud\", \"sts.amazonaws.com\"), StringLike(\"token.actions.githubusercontent.com:sub\", {sub}))"
                ));
            }
            _ => {
                parts.push("saml = \"arn:aws:iam::123456789012:saml-provider/okta\"".into());
                parts.push(
                    "when(StringEquals(\"SAML:aud\", \"https://signin.aws.amazon.com/saml\"))"
                        .into(),
                );
            }
        }
        if (kind == 1 || kind == 2) && self.choices.chance(30) {
            let mut id = String::new();
            for _ in 0..2 + self.choices.count(3) {
                id.push_str(
                    self.choices
                        .pick(&["a", ":", "-", "@", "=", "+", ",", ".", "/", "_", "1", "yes"]),
                );
            }
            parts.push(format!("external_id = {id:?}"));
        }
        if kind < 3 && self.choices.chance(15) {
            parts.push("actions = [\"sts:AssumeRole\", \"sts:TagSession\"]".into());
        }
        self.shuffle(&mut parts);
        format!("trust({})", parts.join(", "))
    }

    fn shuffle(&mut self, parts: &mut [String]) {
        for i in (1..parts.len()).rev() {
            let j = self.choices.below(i + 1);
            parts.swap(i, j);
        }
    }

    fn statement(&mut self) -> String {
        let deny = self.choices.chance(25);
        let (actions, resources): (Vec<&str>, Vec<String>) = match self.choices.below(10) {
            0 => {
                let resources = (0..1 + self.choices.count(2))
                    .map(|_| {
                        format!(
                            "arn:{}:s3:::{}/{}",
                            self.partition(),
                            self.bucket(),
                            self.template_text()
                        )
                    })
                    .collect();
                (
                    self.subset(&["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]),
                    resources,
                )
            }
            1 => {
                let arn = format!("arn:{}:s3:::{}", self.partition(), self.bucket());
                (vec!["s3:ListBucket"], vec![arn])
            }
            2 => {
                let arn = format!(
                    "arn:{}:dynamodb:{}:{}:table/{}",
                    self.partition(),
                    self.region(),
                    self.account(),
                    self.template_text()
                );
                (
                    self.subset(&["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]),
                    vec![arn],
                )
            }
            3 => {
                let arn = format!(
                    "arn:{}:sqs:{}:{}:{}",
                    self.partition(),
                    self.region(),
                    self.account(),
                    self.template_text()
                );
                (
                    self.subset(&["sqs:SendMessage", "sqs:ReceiveMessage"]),
                    vec![arn],
                )
            }
            4 => {
                let arn = format!(
                    "arn:{}:logs:{}:{}:log-group:{}:*",
                    self.partition(),
                    self.region(),
                    self.account(),
                    self.template_text()
                );
                (
                    self.subset(&["logs:CreateLogStream", "logs:PutLogEvents"]),
                    vec![arn],
                )
            }
            5 => (vec!["sts:GetCallerIdentity"], vec!["*".to_owned()]),
            6 => (vec!["s3:Get*", "s3:List*"], vec!["*".to_owned()]),
            7 => {
                let arn = format!(
                    "arn:{}:secretsmanager:{}:{}:secret:{}-*",
                    self.partition(),
                    self.region(),
                    self.account(),
                    self.template_text()
                );
                (vec!["secretsmanager:GetSecretValue"], vec![arn])
            }
            8 => (vec!["s3:*"], vec!["arn:aws:s3:::*".to_owned()]),
            _ => (
                vec!["kms:Decrypt"],
                vec![format!(
                    "arn:{}:kms:{}:{}:key/*",
                    self.partition(),
                    self.region(),
                    self.account()
                )],
            ),
        };
        let mut parts: Vec<String> = Vec::new();
        let not_actions = deny && self.choices.chance(30);
        if not_actions {
            parts.push("not_actions = [\"iam:*\", \"organizations:*\"]".into());
        } else if self.choices.chance(20) {
            let list: Vec<String> = actions.iter().map(|a| format!("{a:?}")).collect();
            parts.push(format!("actions = [{}]", list.join(", ")));
        } else {
            parts.extend(actions.iter().map(|a| format!("{a:?}")));
        }
        let literals: Vec<String> = resources.iter().map(|r| self.lit(r)).collect();
        let key = if (deny || not_actions) && self.choices.chance(20) {
            "not_on"
        } else {
            "on"
        };
        if not_actions && key == "on" {
            parts.push("on = \"*\"".into());
        } else if literals.len() == 1 && self.choices.chance(70) {
            parts.push(format!("{key} = {}", literals[0]));
        } else {
            parts.push(format!("{key} = [{}]", literals.join(", ")));
        }
        if self.choices.chance(40) {
            self.conditions.clear();
            let conditions: Vec<String> = (0..1 + self.choices.count(2))
                .filter_map(|_| self.condition())
                .collect();
            parts.push(format!("when({})", conditions.join(", ")));
        }
        if self.choices.chance(20) {
            let mut sid = hostile::join(self.choices, hostile::SID, 2);
            self.serial += 1;
            if self.flavour == Flavour::Valid {
                sid.push_str(&self.serial.to_string());
            }
            parts.push(format!("sid = {sid:?}"));
        }
        // Positional actions come first only by habit: any order is the grammar.
        if self.choices.chance(20) {
            self.shuffle(&mut parts);
        }
        format!(
            "{}({})",
            if deny { "deny" } else { "allow" },
            parts.join(", ")
        )
    }

    fn subset<'a>(&mut self, actions: &[&'a str]) -> Vec<&'a str> {
        let mut out: Vec<&str> = actions
            .iter()
            .copied()
            .filter(|_| self.choices.chance(50))
            .collect();
        if out.is_empty() {
            out.push(actions[0]);
        }
        out
    }

    /// A condition; `None` where a valid case would name its operator and key twice.
    fn condition(&mut self) -> Option<String> {
        let condition = self.any_condition();
        let op_and_key = condition
            .split_once(", ")
            .map_or(&condition[..], |(head, _)| head);
        let fresh = self.conditions.insert(op_and_key.to_owned());
        (fresh || self.flavour == Flavour::Mixed).then_some(condition)
    }

    fn any_condition(&mut self) -> String {
        match self.choices.below(10) {
            0..=3 => {
                let op = self.choices.pick(&[
                    "StringEquals",
                    "StringLike",
                    "StringNotEquals",
                    "StringEqualsIgnoreCase",
                    "StringNotLike",
                    "StringEqualsIfExists",
                    "ForAnyValue::StringLike",
                    "ForAllValues::StringEquals",
                ]);
                let key = self.choices.pick(&[
                    "aws:PrincipalTag/team",
                    "aws:userid",
                    "aws:RequestedRegion",
                    "aws:PrincipalTag/eks:cluster",
                    "aws:ResourceTag/kubernetes.io/cluster",
                    "aws:TagKeys",
                ]);
                // A key with a placeholder, as Karpenter's tag keys hold the cluster's name.
                let placed;
                let key = match self.field() {
                    Some(field) if self.choices.chance(25) => {
                        placed = format!("aws:ResourceTag/kubernetes.io/cluster/{field}");
                        placed.as_str()
                    }
                    _ => key,
                };
                let values: Vec<String> = (0..1 + self.choices.count(2))
                    .map(|_| {
                        let text = self.template_text();
                        self.lit(&text)
                    })
                    .collect();
                let as_list = self.choices.chance(30);
                let values = if values.len() > 1 && as_list {
                    format!("[{}]", values.join(", "))
                } else {
                    values.join(", ")
                };
                format!("{op}({key:?}, {values})")
            }
            4 => format!(
                "{}(\"aws:SecureTransport\", {})",
                self.choices.pick(&["Bool", "BoolIfExists"]),
                self.choices.pick(&["true", "false", "\"true\""])
            ),
            5 => format!(
                "NumericLessThan(\"aws:MultiFactorAuthAge\", {})",
                self.choices.pick(&["3600", "\"3600\"", "0"])
            ),
            6 => format!(
                "IpAddress(\"aws:SourceIp\", {})",
                self.choices.pick(&[
                    "\"10.0.0.0/8\"",
                    "\"2001:db8::/32\"",
                    "\"192.0.2.1\", \"10.0.0.0/8\""
                ])
            ),
            7 => format!(
                "DateGreaterThan(\"aws:CurrentTime\", {})",
                self.choices.pick(&[
                    "\"2024-01-01T00:00:00Z\"",
                    "\"1700000000\"",
                    "\"2024-01-01\""
                ])
            ),
            8 => {
                let arn = format!(
                    "arn:{}:sns:{}:{}:{}",
                    self.partition(),
                    self.region(),
                    self.account(),
                    self.template_text()
                );
                format!("ArnLike(\"aws:SourceArn\", {})", self.lit(&arn))
            }
            _ => "Null(\"aws:TokenIssueTime\", \"false\")".into(),
        }
    }

    fn env(&mut self) -> Env {
        let mixed = self.flavour == Flavour::Mixed;
        let value = |g: &mut Gen| -> Option<String> {
            if mixed && g.choices.chance(5) {
                return None;
            }
            if g.choices.chance(30) {
                return Some("plain-value".to_owned());
            }
            // Terraform's aws_iam_policy_document reads `&{` as `${` wherever it stands, also
            // where a value meets the text around it (`&{field}` with a value `{x`): such a
            // value means another document there, whatever the renderer writes.
            let value = without_ampersand_brace(hostile::join(g.choices, hostile::TEXT, 4));
            Some(
                value
                    .trim_start_matches('{')
                    .trim_end_matches('&')
                    .to_owned(),
            )
        };
        let partition = match self.choices.below(4) {
            0 => "aws".to_owned(),
            1 => "aws-cn".to_owned(),
            _ => value(self).unwrap_or_default(),
        };
        let account_id = value(self);
        let region = value(self);
        let fields: Vec<String> = self.all_fields.iter().cloned().collect();
        let mut values = BTreeMap::new();
        for field in fields {
            if let Some(v) = value(self) {
                values.insert(field, v);
            }
        }
        let list_fields: Vec<String> = self.all_lists.iter().cloned().collect();
        let mut lists = BTreeMap::new();
        for field in list_fields {
            // A list element stands alone in its list: no text around it forms `&{`. No comma
            // either: CloudFormation's CommaDelimitedList splits its value at commas.
            let elements = (0..1 + self.choices.count(2))
                .filter_map(|_| value(self))
                .map(|element| element.replace(',', ""))
                .collect();
            lists.insert(field, elements);
        }
        Env {
            partition,
            account_id,
            region,
            values,
            lists,
        }
    }
}

/// `text` with no `&{` left, however the atoms met.
fn without_ampersand_brace(mut text: String) -> String {
    while text.contains("&{") {
        text = text.replace("&{", "&");
    }
    text
}

/// Whether `text` holds the placeholder `{field}` (and not the literal `{{field}}`).
fn names_field(text: &str, field: &str) -> bool {
    let placeholder = format!("{{{field}}}");
    text.match_indices(&placeholder)
        .any(|(at, _)| !text[..at].ends_with('{'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_input_gives_one_simple_role() {
        let case = case(&mut Choices::new(&[]), Flavour::Valid);
        assert!(case.source.contains("#[role("), "{}", case.source);
        assert!(case.source.contains("pub struct "), "{}", case.source);
    }
}
