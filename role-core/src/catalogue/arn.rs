//! Whether two string patterns can match a common string: a resource written in a policy
//! against a catalogue ARN format, or a condition key against a `${TagKey}`-style key.
//!
//! Each pattern becomes a small NFA (one node per character, plus one per run); the answer is
//! whether the product of the two reaches both accepting nodes. Linear in the product of the
//! two lengths, which are ARN-sized.

/// A piece of a resource as written in a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourcePiece<'a> {
    /// Literal ARN text, where `*` is any run of characters (`/` and `:` included) and `?` is
    /// one character, as in IAM.
    Text(&'a str),
    /// A placeholder (`{bucket}`, `{account_id}`, `${aws:username}`): one or more characters,
    /// none of them `/` or `:`.
    Hole,
}

/// Whether `resource` can name an ARN of `format` (a catalogue format such as
/// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`), under rule 1 of the module
/// documentation. Rule 2 needs the format's siblings: use [`super::ArnFormat::may_match`] or
/// [`super::Action::resource_may_match`] for it.
pub fn resource_may_match(format: &str, resource: &[ResourcePiece<'_>]) -> bool {
    format_may_match(format, false, resource)
}

pub(super) fn format_may_match(
    format: &str,
    tail_single_segment: bool,
    resource: &[ResourcePiece<'_>],
) -> bool {
    let format = Nfa::of_format(format, 0, tail_single_segment);
    let resource = Nfa::of_resource(resource);
    format.intersects(&resource)
}

/// The number of fields of an ARN: `arn`, partition, service, region, account, resource.
pub const ARN_FIELDS: usize = 6;

/// Cuts `text` at its first five `:`; the last field keeps the others.
pub(super) fn split_format(text: &str) -> Option<[&str; ARN_FIELDS]> {
    let mut fields = text.splitn(ARN_FIELDS, ':');
    let mut out = [""; ARN_FIELDS];
    for slot in &mut out {
        *slot = fields.next()?;
    }
    Some(out)
}

/// A written resource cut into its six fields, as [`split_format`] cuts a format (a hole holds
/// no `:`, so only literal text is cut); `None` when it has fewer.
pub fn split_resource<'a>(
    resource: &[ResourcePiece<'a>],
) -> Option<[Vec<ResourcePiece<'a>>; ARN_FIELDS]> {
    let mut fields: [Vec<ResourcePiece<'a>>; ARN_FIELDS] = Default::default();
    let mut index = 0;
    for piece in resource {
        match piece {
            ResourcePiece::Hole => fields[index].push(ResourcePiece::Hole),
            ResourcePiece::Text(text) => {
                let mut rest = *text;
                while index < ARN_FIELDS - 1
                    && let Some(at) = rest.find(':')
                {
                    if at > 0 {
                        fields[index].push(ResourcePiece::Text(&rest[..at]));
                    }
                    rest = &rest[at + 1..];
                    index += 1;
                }
                if !rest.is_empty() {
                    fields[index].push(ResourcePiece::Text(rest));
                }
            }
        }
    }
    (index == ARN_FIELDS - 1).then_some(fields)
}

/// Whether field `index` of a format (`format_field`, cut by [`split_format`]) can hold the
/// written field `field`, under rule 1 for that field alone and, for the resource part, rule 2.
pub(super) fn format_field_may_match(
    format_field: &str,
    index: usize,
    tail_single_segment: bool,
    field: &[ResourcePiece<'_>],
) -> bool {
    let format = Nfa::of_format(format_field, index, tail_single_segment);
    format.intersects(&Nfa::of_resource(field))
}

/// Whether `text` (taken literally) is named by `pattern`, whose `${...}` parts stand for one
/// or more characters of any kind, ignoring ASCII case: `aws:ResourceTag/${TagKey}` names
/// `aws:resourcetag/team`.
pub(super) fn template_matches(pattern: &str, text: &str) -> bool {
    let mut literal = Nfa::new();
    for c in text.chars() {
        literal.push(Token::One(Label::Char(c)));
    }
    Nfa::of_template(pattern).intersects(&literal)
}

const NO_SEPARATOR: &[char] = &['/', ':'];
const NO_SLASH: &[char] = &['/'];

/// The characters one step may take.
#[derive(Debug, Clone, Copy)]
enum Label {
    Char(char),
    Any,
    Except(&'static [char]),
}

impl Label {
    fn meets(self, other: Label) -> bool {
        match (self, other) {
            (Label::Char(a), Label::Char(b)) => a.eq_ignore_ascii_case(&b),
            (Label::Char(c), Label::Except(set)) | (Label::Except(set), Label::Char(c)) => {
                !set.contains(&c)
            }
            // Some character is in neither excluded set.
            _ => true,
        }
    }
}

enum Token {
    /// Exactly one character.
    One(Label),
    /// One character or none.
    Maybe(Label),
    /// Zero or more characters.
    Star,
    /// One or more characters.
    Run(Label),
}

#[derive(Debug, Clone, Copy, Default)]
struct Node {
    step: Option<(Label, u32)>,
    epsilon: Option<u32>,
}

/// Each node has at most one consuming step and one free step; the last node accepts.
struct Nfa {
    nodes: Vec<Node>,
}

impl Nfa {
    fn new() -> Nfa {
        Nfa {
            nodes: vec![Node::default()],
        }
    }

    fn push(&mut self, token: Token) {
        let here = self.nodes.len() - 1;
        let next = self.nodes.len() as u32;
        match token {
            Token::One(label) => {
                self.nodes[here].step = Some((label, next));
                self.nodes.push(Node::default());
            }
            Token::Maybe(label) => {
                self.nodes[here] = Node {
                    step: Some((label, next)),
                    epsilon: Some(next),
                };
                self.nodes.push(Node::default());
            }
            Token::Star => {
                self.nodes[here] = Node {
                    step: Some((Label::Any, here as u32)),
                    epsilon: Some(next),
                };
                self.nodes.push(Node::default());
            }
            Token::Run(label) => {
                self.nodes[here].step = Some((label, next));
                self.nodes.push(Node {
                    step: Some((label, next)),
                    epsilon: Some(next + 1),
                });
                self.nodes.push(Node::default());
            }
        }
    }

    fn of_resource(pieces: &[ResourcePiece<'_>]) -> Nfa {
        let mut nfa = Nfa::new();
        for piece in pieces {
            match piece {
                // A placeholder is one segment of a name, or one that starts a path of its own:
                // `parameter{name}` with the name `/cdk-bootstrap/hnb659fds/version`, as CDK's
                // bootstrap template joins an SSM parameter's ARN.
                ResourcePiece::Hole => {
                    nfa.push(Token::Maybe(Label::Char('/')));
                    nfa.push(Token::Run(Label::Except(NO_SEPARATOR)));
                }
                ResourcePiece::Text(text) => {
                    for c in text.chars() {
                        nfa.push(match c {
                            '*' => Token::Star,
                            '?' => Token::One(Label::Any),
                            c => Token::One(Label::Char(c)),
                        });
                    }
                }
            }
        }
        nfa
    }

    /// `colons`: how many fields of the ARN come before `format` (0 for a whole format).
    fn of_format(format: &str, colons: usize, tail_single_segment: bool) -> Nfa {
        let mut nfa = Nfa::new();
        let mut colons = colons;
        let mut rest = format;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("${")
                && let Some(close) = after.find('}')
            {
                rest = &after[close + 1..];
                // Rule 1: the partition, service, region and account fields come before the
                // fifth `:`. Rule 2: a final variable with a `/`-child holds no `/`.
                let label = if colons < 5 {
                    Label::Except(NO_SEPARATOR)
                } else if tail_single_segment && rest.is_empty() {
                    Label::Except(NO_SLASH)
                } else {
                    Label::Any
                };
                nfa.push(Token::Run(label));
                continue;
            }
            rest = &rest[c.len_utf8()..];
            colons += usize::from(c == ':');
            nfa.push(match c {
                '*' => Token::Star,
                '?' => Token::One(Label::Any),
                c => Token::One(Label::Char(c)),
            });
        }
        nfa
    }

    fn of_template(pattern: &str) -> Nfa {
        let mut nfa = Nfa::new();
        let mut rest = pattern;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("${")
                && let Some(close) = after.find('}')
            {
                rest = &after[close + 1..];
                nfa.push(Token::Run(Label::Any));
                continue;
            }
            rest = &rest[c.len_utf8()..];
            nfa.push(Token::One(Label::Char(c)));
        }
        nfa
    }

    fn intersects(&self, other: &Nfa) -> bool {
        let width = other.nodes.len();
        let accept = (self.nodes.len() - 1, width - 1);
        let mut seen = vec![false; self.nodes.len() * width];
        let mut stack = vec![(0usize, 0usize)];
        seen[0] = true;
        while let Some((a, b)) = stack.pop() {
            if (a, b) == accept {
                return true;
            }
            let (node_a, node_b) = (self.nodes[a], other.nodes[b]);
            let mut next = [None; 3];
            next[0] = node_a.epsilon.map(|to| (to as usize, b));
            next[1] = node_b.epsilon.map(|to| (a, to as usize));
            if let (Some((label_a, to_a)), Some((label_b, to_b))) = (node_a.step, node_b.step)
                && label_a.meets(label_b)
            {
                next[2] = Some((to_a as usize, to_b as usize));
            }
            for (a, b) in next.into_iter().flatten() {
                let index = a * width + b;
                if !seen[index] {
                    seen[index] = true;
                    stack.push((a, b));
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::ResourcePiece::{Hole, Text};
    use super::*;

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";

    fn text(resource: &str) -> [ResourcePiece<'_>; 1] {
        [Text(resource)]
    }

    #[test]
    fn a_placeholder_may_start_a_path() {
        const PARAMETER: &str = "arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}";
        assert!(resource_may_match(
            PARAMETER,
            &[Text("arn:aws:ssm:eu-west-1:123456789012:parameter"), Hole]
        ));
    }

    #[test]
    fn an_object_format_needs_a_slash() {
        assert!(!resource_may_match(OBJECT, &text("arn:aws:s3:::b")));
        assert!(!resource_may_match(OBJECT, &[Text("arn:aws:s3:::"), Hole]));
        assert!(resource_may_match(OBJECT, &text("arn:aws:s3:::b/*")));
        assert!(resource_may_match(
            OBJECT,
            &text("arn:aws:s3:::b/logs/2026/x.gz")
        ));
        assert!(resource_may_match(OBJECT, &text("arn:aws:s3:::*")));
        assert!(resource_may_match(
            OBJECT,
            &[Text("arn:aws:s3:::"), Hole, Text("/*")]
        ));
        assert!(resource_may_match(
            OBJECT,
            &[Text("arn:"), Hole, Text(":s3:::"), Hole, Text("/"), Hole]
        ));
        assert!(resource_may_match(OBJECT, &text("*")));
        assert!(resource_may_match(OBJECT, &text("arn:aws:s3:::b?/k")));
    }

    #[test]
    fn a_bucket_variable_holds_no_slash_only_under_rule_two() {
        assert!(resource_may_match(BUCKET, &text("arn:aws:s3:::b/*")));
        assert!(!format_may_match(BUCKET, true, &text("arn:aws:s3:::b/*")));
        assert!(!format_may_match(BUCKET, true, &text("arn:aws:s3:::b/k")));
        assert!(format_may_match(BUCKET, true, &text("arn:aws:s3:::b")));
        assert!(format_may_match(BUCKET, true, &text("arn:aws:s3:::b*")));
        assert!(format_may_match(BUCKET, true, &text("arn:aws:s3:::*")));
        assert!(format_may_match(
            BUCKET,
            true,
            &[Text("arn:aws:s3:::"), Hole]
        ));
        assert!(format_may_match(
            BUCKET,
            true,
            &[Text("arn:aws:s3:::"), Hole, Text("-logs")]
        ));
    }

    #[test]
    fn fields_keep_their_places() {
        // An S3 bucket ARN has no region nor account; an access point has both.
        assert!(!resource_may_match(
            BUCKET,
            &text("arn:aws:s3:us-east-1::b")
        ));
        assert!(!resource_may_match(
            BUCKET,
            &[Text("arn:aws:s3:"), Hole, Text("::b")]
        ));
        let access_point =
            "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}";
        assert!(!resource_may_match(access_point, &text("arn:aws:s3:::b")));
        assert!(resource_may_match(
            access_point,
            &text("arn:aws:s3:us-east-1:123456789012:accesspoint/ap")
        ));
        assert!(resource_may_match(
            access_point,
            &text("arn:aws:s3:*:*:accesspoint/*")
        ));
        // A wildcard may span fields, as in IAM.
        assert!(resource_may_match(access_point, &text("arn:aws:s3:*/ap")));
        assert!(!resource_may_match(
            access_point,
            &text("arn:aws:dynamodb:*")
        ));
    }

    #[test]
    fn services_must_agree() {
        let table = "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}";
        assert!(!resource_may_match(table, &text("arn:aws:s3:::b/*")));
        assert!(!resource_may_match(table, &text("arn:aws:s3:::*")));
        assert!(resource_may_match(
            table,
            &text("arn:aws:dynamodb:*:*:table/orders")
        ));
    }

    #[test]
    fn variables_past_the_fields_may_hold_separators() {
        let function = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";
        assert!(resource_may_match(
            function,
            &text("arn:aws:lambda:us-east-1:123456789012:function:f:PROD")
        ));
        let log_group = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
        assert!(resource_may_match(
            log_group,
            &text("arn:aws:logs:*:*:log-group:/aws/lambda/f:*")
        ));
        let secret = "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}";
        assert!(resource_may_match(
            secret,
            &text("arn:aws:secretsmanager:*:*:secret:prod/db/*")
        ));
    }

    #[test]
    fn literal_text_ignores_ascii_case() {
        assert!(resource_may_match(OBJECT, &text("ARN:AWS:S3:::B/K")));
        let role = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
        assert!(resource_may_match(
            role,
            &text("arn:aws:iam::123456789012:Role/service-role/x")
        ));
    }

    #[test]
    fn catalogue_wildcards_are_wildcards() {
        let endpoint = "arn:${Partition}:dms:${Region}:${Account}:endpoint:*";
        assert!(resource_may_match(
            endpoint,
            &text("arn:aws:dms:us-east-1:123456789012:endpoint:ABC")
        ));
        assert!(resource_may_match(
            endpoint,
            &text("arn:aws:dms:us-east-1:123456789012:endpoint:")
        ));
        assert!(!resource_may_match(
            endpoint,
            &text("arn:aws:dms:us-east-1:123456789012:task:ABC")
        ));
    }

    #[test]
    fn holes_are_one_segment() {
        let role = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
        assert!(resource_may_match(
            role,
            &[
                Text("arn:"),
                Hole,
                Text(":iam::"),
                Hole,
                Text(":role/"),
                Hole
            ]
        ));
        assert!(!resource_may_match(role, &[Text("arn:aws:iam::"), Hole]));
        assert!(resource_may_match(
            role,
            &[Text("arn:aws:iam::"), Hole, Text(":*")]
        ));
        // A hole is never empty.
        assert!(!resource_may_match(
            "arn:${Partition}:s3:::b",
            &[Text("arn:aws:s3:::b"), Hole]
        ));
        assert!(resource_may_match(BUCKET, &[Text("arn:aws:s3:::b"), Hole]));
    }

    #[test]
    fn resources_and_formats_are_cut_into_six_fields() {
        let [arn, partition, service, region, account, resource] =
            split_resource(&[Text("arn:"), Hole, Text(":s3:::"), Hole, Text("/a:b")])
                .expect("six fields");
        assert_eq!(arn, [Text("arn")]);
        assert_eq!(partition, [Hole]);
        assert_eq!(service, [Text("s3")]);
        assert!(region.is_empty() && account.is_empty());
        // The resource part keeps its own `:`.
        assert_eq!(resource, [Hole, Text("/a:b")]);
        assert!(split_resource(&[Text("arn:aws:s3:*/ap")]).is_none());
        assert!(split_resource(&[Text("*")]).is_none());
        assert_eq!(
            split_format("arn:${Partition}:lambda:${Region}:${Account}:function:${Name}"),
            Some([
                "arn",
                "${Partition}",
                "lambda",
                "${Region}",
                "${Account}",
                "function:${Name}"
            ])
        );
        assert_eq!(split_format("*"), None);
    }

    #[test]
    fn each_field_is_matched_under_its_own_rules() {
        // Region and account variables hold no `/` and are never empty.
        assert!(format_field_may_match(
            "${Region}",
            3,
            false,
            &[Text("us-east-1")]
        ));
        assert!(!format_field_may_match("${Account}", 4, false, &[]));
        assert!(format_field_may_match("", 4, false, &[]));
        assert!(!format_field_may_match("", 3, false, &[Text("us-east-1")]));
        assert!(format_field_may_match(
            "${Account}",
            4,
            false,
            &[Text("aws")]
        ));
        assert!(format_field_may_match("${Account}", 4, false, &[Hole]));
        // The resource part: rule 2 where the format says so.
        let bucket = "${BucketName}";
        assert!(format_field_may_match(bucket, 5, false, &[Text("b/k")]));
        assert!(!format_field_may_match(bucket, 5, true, &[Text("b/k")]));
        assert!(!format_field_may_match(
            "${BucketName}/${ObjectName}",
            5,
            false,
            &[Text("b")]
        ));
        assert!(format_field_may_match("s3", 2, false, &[Text("S3")]));
        assert!(!format_field_may_match("dynamodb", 2, false, &[Text("s3")]));
    }

    #[test]
    fn templates_match_keys() {
        assert!(template_matches(
            "aws:ResourceTag/${TagKey}",
            "aws:resourcetag/team"
        ));
        assert!(template_matches(
            "aws:ResourceTag/${TagKey}",
            "aws:ResourceTag/aws:cloudformation:stack-name"
        ));
        assert!(!template_matches(
            "aws:ResourceTag/${TagKey}",
            "aws:ResourceTag/"
        ));
        assert!(!template_matches(
            "aws:ResourceTag/${TagKey}",
            "aws:ResourceTag"
        ));
        assert!(template_matches(
            "codebuild:secondaryArtifacts/${artifactIdentifier}.location",
            "codebuild:secondaryArtifacts/out1.location"
        ));
        assert!(!template_matches("s3:prefix", "s3:prefix*"));
        assert!(template_matches("s3:prefix", "S3:Prefix"));
    }
}
