//! One rule each, on small templates written for it.

use crate::import::cloudformation::read;
use crate::import::{Found, Input, Note, NoteKind, RoleIn, Tv};
use crate::model::{ParamKind, Part, Pseudo, Template};

fn yaml(text: &str) -> Found {
    read(&Input {
        path: "template.yaml".into(),
        text: text.into(),
        format: None,
    })
    .unwrap_or_else(|e| panic!("{e:?}"))
}

/// A template with the given parameters (YAML, indented as entries) whose one role `R` has
/// the given trust document (indented as its value).
fn role_with_trust(parameters: &str, trust: &str) -> Found {
    yaml(&format!(
        "Parameters:\n{parameters}\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: r\n      AssumeRolePolicyDocument:\n{trust}\n"
    ))
}

fn role<'f>(found: &'f Found, ident: &str) -> &'f RoleIn {
    found.roles.iter().find(|r| r.ident == ident).unwrap()
}

fn t(parts: Vec<Part>) -> Template {
    Template(parts)
}

fn text(s: &str) -> Part {
    Part::Text(s.into())
}

fn notes(found: &Found, kind: NoteKind) -> Vec<&Note> {
    found.notes.iter().filter(|n| n.kind == kind).collect()
}

fn resource_of(found: &Found, role: &str) -> Tv {
    let trust = found
        .roles
        .iter()
        .find(|r| r.ident == role)
        .unwrap()
        .trust
        .clone()
        .unwrap();
    trust.get("Statement").unwrap().items()[0]
        .get("Resource")
        .unwrap()
        .clone()
}

#[test]
fn sub_resolves_parameters_pseudo_parameters_and_literal_placeholders() {
    let found = role_with_trust(
        "  Bucket:\n    Type: String",
        "        Statement:\n          - Resource: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/${!aws:username}/{x}'",
    );
    assert_eq!(
        resource_of(&found, "R"),
        Tv::Str(t(vec![
            text("arn:"),
            Part::Pseudo(Pseudo::Partition),
            text(":s3:::"),
            Part::Field("bucket".into()),
            text("/"),
            Part::Var("aws:username".into()),
            text("/{x}"),
        ]))
    );
    assert!(found.notes.is_empty(), "{:?}", found.notes);
}

#[test]
fn a_plain_string_in_a_document_keeps_its_policy_variables() {
    let found = role_with_trust(
        "  {}",
        "        Statement:\n          - Resource: 'arn:aws:s3:::b/${aws:username}'",
    );
    assert_eq!(
        resource_of(&found, "R"),
        Tv::Str(t(vec![
            text("arn:aws:s3:::b/"),
            Part::Var("aws:username".into())
        ]))
    );
}

#[test]
fn sub_variables_of_its_map_are_resolved() {
    let found = role_with_trust(
        "  Host:\n    Type: String",
        "        Statement:\n          - Resource: !Sub ['arn:aws:iam::${Account}:oidc-provider/${H}', {Account: !Ref 'AWS::AccountId', H: !Ref Host}]",
    );
    assert_eq!(
        resource_of(&found, "R"),
        Tv::Str(t(vec![
            text("arn:aws:iam::"),
            Part::Pseudo(Pseudo::AccountId),
            text(":oidc-provider/"),
            Part::Field("host".into()),
        ]))
    );
}

#[test]
fn a_list_parameter_stands_for_a_whole_list_or_a_whole_element() {
    let found = role_with_trust(
        "  Arns:\n    Type: CommaDelimitedList\n  Subnets:\n    Type: List<AWS::EC2::Subnet::Id>",
        "        Statement:\n          - Resource: !Ref Arns\n            NotResource: [!Ref Subnets, 'arn:aws:s3:::b']",
    );
    let trust = found.roles[0].trust.clone().unwrap();
    let statement = trust.get("Statement").unwrap().items()[0].clone();
    assert_eq!(
        statement.get("Resource"),
        Some(&Tv::Str(t(vec![Part::List("arns".into())])))
    );
    assert_eq!(
        statement.get("NotResource"),
        Some(&Tv::List(vec![
            Tv::Str(t(vec![Part::List("subnets".into())])),
            Tv::Str(Template::literal("arn:aws:s3:::b")),
        ]))
    );
    assert_eq!(found.fields[0].kind, ParamKind::List);
    assert_eq!(found.fields[1].kind, ParamKind::List);
}

#[test]
fn joining_a_list_parameter_becomes_a_field_with_a_note() {
    let found = role_with_trust(
        "  Arns:\n    Type: CommaDelimitedList",
        "        Statement:\n          - Resource: !Join [',', !Ref Arns]",
    );
    assert_eq!(
        resource_of(&found, "R"),
        Tv::Str(t(vec![Part::Field("arns_joined".into())]))
    );
    let unexpressible = notes(&found, NoteKind::Unexpressible);
    assert_eq!(unexpressible.len(), 1, "{unexpressible:?}");
    assert!(unexpressible[0].message.contains("arns_joined"));
}

#[test]
fn join_select_and_split_of_known_values_are_resolved() {
    let found = role_with_trust(
        "  Name:\n    Type: String",
        "        Statement:\n          - Resource: !Join ['', ['arn:aws:s3:::', !Ref Name, '/', !Select [1, !Split ['|', 'a|b|c']]]]",
    );
    assert_eq!(
        resource_of(&found, "R"),
        Tv::Str(t(vec![
            text("arn:aws:s3:::"),
            Part::Field("name".into()),
            text("/b")
        ]))
    );
}

#[test]
fn no_value_leaves_out_an_element_and_a_key() {
    let found = role_with_trust(
        "  {}",
        "        Statement:\n          - Resource: [a, !Ref 'AWS::NoValue', b]\n            Condition: !Ref 'AWS::NoValue'\n          - !Ref 'AWS::NoValue'",
    );
    let trust = found.roles[0].trust.clone().unwrap();
    let statements = trust.get("Statement").unwrap().items().len();
    assert_eq!(statements, 1);
    let statement = trust.get("Statement").unwrap().items()[0].clone();
    assert_eq!(statement.get("Condition"), None);
    assert_eq!(
        statement.get("Resource"),
        Some(&Tv::List(vec![Tv::Str("a".into()), Tv::Str("b".into())]))
    );
}

#[test]
fn conditions_on_defaults_are_decided_with_a_note() {
    let found = yaml(
        "Parameters:\n  Env:\n    Type: String\n    Default: prod\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsDev: !Not [!Condition IsProd]\n  Either: !Or [!Condition IsDev, !Equals [a, b]]\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !If [IsProd, prod-role, dev-role]\n      Description: !If [Either, yes, no]\n",
    );
    assert_eq!(found.roles[0].name, Some("prod-role".into()));
    assert_eq!(found.roles[0].description, Some("no".into()));
    let changed = notes(&found, NoteKind::Changed);
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(
        changed[0]
            .message
            .contains("`IsProd` takes its true branch"),
        "{}",
        changed[0].message
    );
    assert!(
        changed[0].message.contains("Env = `prod`"),
        "{}",
        changed[0].message
    );
    assert_eq!(changed[0].place.path, "Resources.R.Properties.RoleName");
    assert_eq!(changed[0].place.line, Some(13));
}

#[test]
fn an_undecidable_condition_takes_the_true_branch_and_says_so() {
    let found = yaml(
        "Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  InChina: !Equals [!Ref 'AWS::Partition', aws-cn]\n  HasRegion: !Not [!Equals [!Ref 'AWS::Region', '']]\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !If [IsProd, prod-role, dev-role]\n      Path: !If [InChina, /cn/, /]\n      Description: !If [HasRegion, regional, global]\n",
    );
    let r = &found.roles[0];
    assert_eq!(r.name, Some("prod-role".into()));
    assert_eq!(r.path, Some("/cn/".into()));
    // A pseudo-parameter is never empty: that much is decided, with no note.
    assert_eq!(r.description, Some("regional".into()));
    let unexpressible = notes(&found, NoteKind::Unexpressible);
    assert_eq!(unexpressible.len(), 2, "{unexpressible:?}");
    assert!(unexpressible[0].message.contains("`IsProd`"));
    assert!(unexpressible[1].message.contains("`InChina`"));
}

#[test]
fn pseudo_parameters_and_the_stack_name() {
    let found = yaml(
        "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub '${AWS::StackName}-${AWS::Region}-${AWS::URLSuffix}'\n",
    );
    assert_eq!(
        found.roles[0].name,
        Some(t(vec![
            Part::Field("stack_name".into()),
            text("-"),
            Part::Pseudo(Pseudo::Region),
            text("-amazonaws.com"),
        ]))
    );
    assert_eq!(found.fields[0].name, "stack_name");
    assert_eq!(notes(&found, NoteKind::Unexpressible).len(), 1);
    assert_eq!(notes(&found, NoteKind::Changed).len(), 1);
}

#[test]
fn a_role_arn_of_the_template_is_a_template_and_other_attributes_are_fields() {
    let found = yaml(
        "Parameters:\n  Cluster:\n    Type: String\nResources:\n  Node:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub 'node-${Cluster}'\n      Path: /eks/\n  Unnamed:\n    Type: AWS::IAM::Role\n    Properties: {}\n  Queue:\n    Type: AWS::SQS::Queue\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      ManagedPolicyName: p\n      PolicyDocument:\n        Statement:\n          - Resource: [!GetAtt Node.Arn, !GetAtt Unnamed.Arn, !GetAtt Queue.Arn, !Ref Node]\n",
    );
    let resources = found.policies[0].document.get("Statement").unwrap().items()[0]
        .get("Resource")
        .unwrap()
        .clone();
    let arn = t(vec![
        text("arn:"),
        Part::Pseudo(Pseudo::Partition),
        text(":iam::"),
        Part::Pseudo(Pseudo::AccountId),
        text(":role/eks/node-"),
        Part::Field("cluster".into()),
    ]);
    assert_eq!(
        resources,
        Tv::List(vec![
            Tv::Str(arn),
            Tv::Str(t(vec![Part::Field("unnamed_arn".into())])),
            Tv::Str(t(vec![Part::Field("queue_arn".into())])),
            Tv::Str(t(vec![text("node-"), Part::Field("cluster".into())])),
        ])
    );
}

#[test]
fn attachments_from_policies_and_instance_profiles() {
    let found = yaml(
        "Parameters:\n  Other:\n    Type: String\nResources:\n  A:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: a\n      ManagedPolicyArns: [!Ref P, 'arn:aws:iam::aws:policy/ReadOnlyAccess']\n  C:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: c\n      ManagedPolicyArns: [!GetAtt P.PolicyArn]\n  B:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: b\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      ManagedPolicyName: p\n      PolicyDocument: {Statement: []}\n      Roles: [!Ref B]\n      Groups: [admins]\n  Inline:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: extra\n      PolicyDocument: {Statement: [{Effect: Allow}]}\n      Roles: [!Ref A, !Ref Other]\n  Profile:\n    Type: AWS::IAM::InstanceProfile\n    Properties:\n      InstanceProfileName: !Sub '${Other}-profile'\n      Roles: [!Ref B]\n",
    );
    let a = role(&found, "A");
    assert_eq!(a.policies, vec!["P".to_owned()]);
    assert_eq!(
        a.managed,
        vec![Template::literal("arn:aws:iam::aws:policy/ReadOnlyAccess")]
    );
    assert_eq!(a.inline.len(), 1);
    assert_eq!(role(&found, "C").policies, vec!["P".to_owned()]);
    let b = role(&found, "B");
    assert_eq!(b.policies, vec!["P".to_owned()]);
    assert_eq!(
        b.instance_profile,
        Some(Some(t(vec![Part::Field("other".into()), text("-profile")])))
    );
    let messages: Vec<&str> = found.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("IAM groups `[admins]`")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("role `{other}`, which is not declared")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("becomes part of the inline policy of `A`")),
        "{messages:#?}"
    );
}

#[test]
fn a_tagged_key_is_a_template() {
    let found = role_with_trust(
        "  OIDCProvider:\n    Type: String",
        "        Statement:\n          - Condition:\n              StringEquals:\n                ? !Sub '${OIDCProvider}:sub'\n                : system:serviceaccount:kube-system:x",
    );
    let trust = found.roles[0].trust.clone().unwrap();
    let condition = trust.get("Statement").unwrap().items()[0]
        .get("Condition")
        .unwrap()
        .clone();
    let Tv::Map(operators) = condition else {
        panic!()
    };
    let Tv::Map(keys) = &operators[0].1 else {
        panic!()
    };
    assert_eq!(
        keys[0].0,
        t(vec![Part::Field("oidc_provider".into()), text(":sub")])
    );
}

#[test]
fn parameters_named_like_keywords_or_pseudo_parameters_are_renamed() {
    let found = yaml(
        "Parameters:\n  Region:\n    Type: String\n  Type:\n    Type: String\n  ClusterName:\n    Type: String\n    Description: ' The cluster '\nResources: {}\n",
    );
    let names: Vec<&str> = found.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["region_value", "type_value", "cluster_name"]);
    assert_eq!(found.fields[2].doc.as_deref(), Some("The cluster"));
}

#[test]
fn max_session_duration_is_a_number_or_a_default() {
    let found = yaml(
        "Parameters:\n  Seconds:\n    Type: Number\n    Default: 7200\nResources:\n  A:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: a\n      MaxSessionDuration: 3600\n  B:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: b\n      MaxSessionDuration: !Ref Seconds\n",
    );
    assert_eq!(role(&found, "A").max_session, Some(3600));
    assert_eq!(role(&found, "B").max_session, Some(7200));
    assert_eq!(notes(&found, NoteKind::Changed).len(), 1);
}

#[test]
fn a_tag_key_with_a_placeholder_is_named_and_left_out() {
    let found = yaml(
        "Parameters:\n  C:\n    Type: String\nResources:\n  A:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: a\n      Tags:\n        - Key: team\n          Value: !Ref C\n        - Key: !Sub 'kubernetes.io/cluster/${C}'\n          Value: owned\n",
    );
    assert_eq!(
        role(&found, "A").tags,
        vec![("team".to_owned(), t(vec![Part::Field("c".into())]))]
    );
    let unexpressible = notes(&found, NoteKind::Unexpressible);
    assert_eq!(unexpressible.len(), 1);
    assert_eq!(
        unexpressible[0].place.path,
        "Resources.A.Properties.Tags[1]"
    );
    assert_eq!(unexpressible[0].place.line, Some(12));
}

#[test]
fn other_resources_and_unknown_functions_are_named() {
    let found = yaml(
        "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: a\n      Description: !Base64 x\n",
    );
    let skipped = notes(&found, NoteKind::Skipped);
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].place.line, Some(2));
    assert_eq!(
        role(&found, "A").description,
        Some(t(vec![Part::Field("base64".into())]))
    );
}

#[test]
fn what_is_no_template_is_an_error() {
    let read_text = |path: &str, text: &str| {
        read(&Input {
            path: path.into(),
            text: text.into(),
            format: None,
        })
    };
    let err = read_text("t.yaml", "Parameters: {}\n").unwrap_err();
    assert!(
        err.message.contains("no `Resources` map"),
        "{}",
        err.message
    );
    let err = read_text("t.yaml", "- a\n").unwrap_err();
    assert!(
        err.message.contains("top level is not a map"),
        "{}",
        err.message
    );
    let err = read_text("t.json", "{\"Resources\": }").unwrap_err();
    assert_eq!(err.place.line, Some(1));
    assert!(err.message.starts_with("not valid JSON"), "{}", err.message);
    let err = read_text("t.yaml", "Resources:\n  A: {\n").unwrap_err();
    assert!(err.place.line.is_some());
}

#[test]
fn inline_policies_are_kept_or_left_out_as_their_conditions_say() {
    let found = yaml(
        "Parameters:\n  Extra:\n    Type: String\n    Default: 'no'\nConditions:\n  WithExtra: !Equals [!Ref Extra, 'yes']\nResources:\n  A:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: a\n      Policies:\n        - PolicyName: base\n          PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}\n        - !If\n          - WithExtra\n          - PolicyName: extra\n            PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:PutObject', Resource: '*'}]}\n          - !Ref 'AWS::NoValue'\n",
    );
    assert_eq!(role(&found, "A").inline.len(), 1);
    let changed = notes(&found, NoteKind::Changed);
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert_eq!(changed[0].place.path, "Resources.A.Properties.Policies");
    assert!(
        changed[1]
            .message
            .contains("`WithExtra` takes its false branch"),
        "{}",
        changed[1].message
    );
    assert_eq!(changed[1].place.path, "Resources.A.Properties.Policies[1]");
}
