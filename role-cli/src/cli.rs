//! The command line as the contract (`spec/outputs.md`) spells it: the commands, their flags
//! and the help a user reads. Mistakes here are usage errors, which clap reports with exit 2.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{ArgGroup, Args, Parser, Subcommand};
use role_core::render::Format;

const ABOUT: &str =
    "Check and render the AWS IAM roles declared in Rust with #[role] and #[policy]";

const LONG_ABOUT: &str = "\
Check and render the AWS IAM roles declared in Rust with #[role] and #[policy].

role-cli reads the #[role(...)] and #[policy(...)] items of .rs files with the same parser and
validator as the macros, so it reports the same mistakes as `cargo check`. It does not compile
the crate.

Exit codes: 0 success; 1 the roles have errors (or `render --check` found drift, `import`
found errors in the IAM it imported, or `simulate --expect` was not met); 2 usage or I/O error.";

const EXAMPLES: &str = "\
Examples:
  role-cli check                                  check every .rs file under the current folder
  role-cli list src/                              list the roles and policies in src/
  role-cli render src/ --format cloudformation    print one CloudFormation template
  role-cli render src/ --format terraform --out infra/iam
  role-cli render src/ --format iam --role LogWriter --set bucket=my-logs --account-id 123456789012";

const RENDER_EXAMPLES: &str = "\
Examples:
  Print a CloudFormation template of every role under src/:
    role-cli render src/ --format cloudformation

  Write a Terraform module (main.tf.json, variables.tf.json, outputs.tf.json) to infra/iam:
    role-cli render src/ --format terraform --out infra/iam

  Fail a build when the committed module is out of date, writing nothing:
    role-cli render src/ --format terraform --out infra/iam --check

  Print the IAM documents of one role, placeholders resolved:
    role-cli render src/ --format iam --role log-writer \\
        --set bucket=my-logs --account-id 123456789012 --region eu-west-1

With --out, files are written whole or not at all: a failed run leaves DIR as it was. Files in
DIR that the render does not produce are left alone and are not drift.";

const LIST_EXAMPLE: &str = "\
Example:
  $ role-cli list src/
  policy    ReadConfig    read-config    src/config.rs:4
  role      LogWriter     log-writer     src/roles.rs:5
  role      Broken        Broken         src/roles.rs:12    (has errors)

Declarations with errors are listed and marked; their errors go to stderr and the exit code is 1.";

const IMPORT_EXAMPLES: &str = "\
Examples:
  Print the roles of a CloudFormation template as DSL source:
    role-cli import template.yaml

  Write one .rs file per input into src/roles (whole or not at all):
    role-cli import trust.json karpenter.yaml infra/iam/ --out src/roles

  Import a whole account (roles and customer managed policies):
    aws iam get-account-authorization-details > account.json
    role-cli import account.json --out src/roles

A FILE is a policy document (a trust policy becomes a #[role], any other a #[policy]), the
output of `aws iam get-role` or `aws iam get-account-authorization-details`, a CloudFormation
template (JSON or YAML), or Terraform (.tf, .tf.json; a folder is read as one module of its .tf
files). What the DSL cannot say is reported with its place in the input and left as a
`// TODO(import)` comment; what is said another way is a `// import:` comment. The source
written is then checked as `role-cli check` would: exit 1 when the imported IAM has errors (the
source is still written, to fix there), 2 when an input cannot be read.";

const SIMULATE_EXAMPLES: &str = "\
Examples:
  May the role LogWriter put this object?
    role-cli simulate src/ --role LogWriter --action s3:PutObject \\
        --resource arn:aws:s3:::logs/a.txt --set bucket=logs --expect allow

  May GitHub's OIDC provider assume the role (its trust policy decides)?
    role-cli simulate src/ --role github-deploy --action sts:AssumeRoleWithWebIdentity \\
        --principal arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com \\
        --context token.actions.githubusercontent.com:sub=repo:acme/site:ref:refs/heads/main

  Raw documents, no roles:
    role-cli simulate --policy policy.json --scp root.json --scp ou.json \\
        --action s3:GetObject --resource arn:aws:s3:::data/x --context aws:SourceIp=10.0.0.1

  Many requests, one JSON object a line in and out:
    role-cli simulate src/ --requests requests.jsonl --format json

The principal of a role's request is the role's ARN, in --account-id (123456789012 when not
given). With an `sts:AssumeRole...` action, --principal and no other --resource than the role's
ARN, the question is whether that principal may assume the role. A request line of --requests
is {\"role\": ..., \"action\": ..., \"resource\": ..., \"context\": {\"key\": \"v\" or [\"v1\", \"v2\"]},
\"principal\": ...}, without `role` for raw documents.

Exit codes: 0 evaluated (and --expect matched); 1 --expect did not match; 2 usage or I/O error.";

const CAN_EXAMPLES: &str = "\
Examples:
  role-cli can src/ --action s3:PutObject --resource arn:aws:s3:::logs/a.txt --set bucket=logs
  role-cli can --action iam:PassRole --resource '*' --format json

A role whose placeholders lack values (--set, --account-id, --region) cannot be decided: it is
named on stderr and left out. Exit 0 when the roles were evaluated, 2 on a usage or I/O error.";

const PATHS_HELP: &str =
    "A .rs file, or a folder searched for .rs files (skipping `target/` and hidden folders)";

#[derive(Debug, Parser)]
#[command(
    name = "role-cli",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = EXAMPLES,
    propagate_version = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the roles as IAM JSON documents, a CloudFormation template or a Terraform module
    #[command(after_help = RENDER_EXAMPLES)]
    Render(RenderArgs),
    /// Check the roles and report every mistake, in the words of `cargo check`; a `.json` file
    /// named on the command line is checked as a raw IAM policy document
    #[command(
        after_help = "Examples:\n  role-cli check src/ examples/\n  role-cli check policy.json trust.json\n  role-cli check --verbose src/    also list what `unchecked = [...]` silenced, and where"
    )]
    Check(CheckArgs),
    /// List the roles and policies found, one line each: kind, identifier, IAM name, place
    #[command(after_help = LIST_EXAMPLE)]
    List(Paths),
    /// Turn existing IAM (policy documents, `aws iam` output, CloudFormation templates,
    /// Terraform) into #[role] and #[policy] source
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArgs),
    /// Report the judgement calls (lints, `RLnnn`) on the roles and on raw JSON policy
    /// documents: each with its place, why it matters and the fix
    #[command(after_help = LINT_HELP)]
    Lint(LintArgs),
    /// Describe the findings' codes: every code, or the ones named (`RD511`, `resource-mismatch`)
    #[command(
        after_help = "Examples:\n  role-cli explain\n  role-cli explain RD511 unknown-action"
    )]
    Explain(ExplainArgs),
    /// Decide a request as AWS would: made by a role of the project, or against raw policy
    /// documents; the decision and the statements that made it
    #[command(after_help = SIMULATE_EXAMPLES)]
    Simulate(Box<SimulateArgs>),
    /// List every role of the project that may perform a request, with the statement that
    /// allows it
    #[command(after_help = CAN_EXAMPLES)]
    Can(CanArgs),
    /// What a change grants, by meaning: for each role and policy, the access NEW allows that
    /// OLD does not and the reverse, each with a request one side allows and the other denies
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
}

const DIFF_EXAMPLES: &str = "\
Examples:
  Compare two policy documents:
    role-cli diff old.json new.json

  Fail a pipeline when the working tree grants anything the main branch does not:
    role-cli diff --base main src/ --fail-on new-access

  Compare two versions of a project, as SARIF for code scanning:
    role-cli diff before/src after/src --format sarif

  Compare two folders of `render --format iam --out` documents, or two `cdk synth` outputs:
    role-cli diff old/iam new/iam
    role-cli diff cdk.out.main cdk.out

A document whose statements name a Principal (a bucket or key policy) is compared principal by
principal: who may do what.

Reordering, splitting or merging statements, equivalent wildcards and redundant statements are
no change. Each finding names the statements that make it and one request (checked with the
evaluator on both sides) that one side allows and the other denies. A finding the search could
not settle exactly (a condition it cannot compare) is printed as possible, never left out.
Exit codes: 0 done (no new access, with --fail-on); 1 new access with --fail-on new-access;
2 usage or I/O error.";

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The git revision to compare the working tree with; the PATHs are then read at it and
    /// as they are now
    #[arg(long, value_name = "GIT-REV")]
    pub base: Option<String>,

    /// OLD then NEW: a .rs file or a folder of them; a policy document, a CloudFormation
    /// template, `aws iam` output or Terraform, or a folder of them (as `render --format iam
    /// --out` writes it); with --base, the PATHs to compare [default: .]
    #[arg(value_name = "PATH")]
    pub old: Vec<PathBuf>,

    /// How to write the findings
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// Exit 1 when NEW grants anything OLD does not (a possible finding counts)
    #[arg(long = "fail-on", value_name = "WHAT", value_enum)]
    pub fail_on: Option<FailOn>,

    #[command(flatten)]
    pub env: EnvArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Readable text, grouped by role, service and change
    Text,
    /// One JSON object
    Json,
    /// SARIF 2.1.0, for code scanning
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any access NEW grants that OLD does not
    NewAccess,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub paths: Paths,

    /// Also list the findings that `unchecked = [...]` silenced, each with the entry that did
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

const LINT_HELP: &str = "\
Examples:
  role-cli lint src/
  role-cli lint policy.json trust.json --format json
  role-cli lint src/ --format sarif > lint.sarif       for code scanning
  role-cli lint src/ --deny all --allow RL303          fail on every lint but one

Which findings fail the run: every lint at level `error` by default; `--deny all` makes every
level deny (warnings and notes too), `--deny CODE` one lint. `--allow CODE` leaves a lint out of
the report altogether. A lint accepted in the source, `accept(\"RL111\", \"the reason\")` on a
statement, a #[role] or a #[policy], never fails the run; it is kept in the JSON and SARIF reports
(SARIF `suppressions`, with the reason as `justification`) and shown with --verbose. A raw JSON
document's accepts live beside it, in `<document>.accept`, one a line: `RL103 the reason` for the
whole document, `statement SID: RL111 the reason` (or `statement 2: ...`) for one statement.

Errors (`role-cli check`) are reported as `check` reports them, and exit 1; a declaration with
errors is not linted (a JSON document is: its statements stand on their own).

Exit codes: 0 no finding at a denied level; 1 findings at a denied level, or errors; 2 usage or
I/O error.";

#[derive(Debug, Args)]
pub struct LintArgs {
    #[arg(
        value_name = "PATH",
        default_value = ".",
        help = "A .rs file, a folder searched for .rs files (skipping `target/` and hidden folders), or a raw IAM policy document (.json)"
    )]
    pub paths: Vec<PathBuf>,

    /// How to write the findings: rustc's layout on stderr, or JSON or SARIF 2.1.0 on stdout
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = PossibleValuesParser::new(["text", "json", "sarif"]))]
    pub format: String,

    /// Fail the run on this lint (a code or name), or on every lint with `all` (repeatable)
    #[arg(long, value_name = "CODE|all")]
    pub deny: Vec<String>,

    /// Leave this lint (a code or name) out of the report (repeatable)
    #[arg(long, value_name = "CODE")]
    pub allow: Vec<String>,

    /// Also show the findings accepted in the source, with their reasons
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The files to import; a folder is a Terraform module, read from its .tf files
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Write one .rs file per input into DIR (created if missing) instead of printing one file
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// With --out, replace files of DIR that an import did not write
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Codes (`RD511`) or slugs (`resource-mismatch`); every code when none is given
    #[arg(value_name = "CODE")]
    pub codes: Vec<String>,
}

#[derive(Debug, Args)]
pub struct Paths {
    #[arg(value_name = "PATH", default_value = ".", help = PATHS_HELP)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub paths: Paths,

    /// The output format
    #[arg(long, value_name = "FORMAT", value_parser = format_parser())]
    pub format: Format,

    /// Write the output's files into DIR (created if missing) instead of printing it
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Render only this role, by RoleName or struct identifier, with the policies it attaches
    /// (repeatable)
    #[arg(long = "role", value_name = "NAME")]
    pub roles: Vec<String>,

    /// The value of the parameter (struct field) KEY, for `--format iam` (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_set)]
    pub set: Vec<(String, String)>,

    /// The partition that `{partition}` stands for, for `--format iam` [default: aws]
    #[arg(long, value_name = "PARTITION")]
    pub partition: Option<String>,

    /// The account id (12 digits) that `{account_id}` stands for, for `--format iam`
    #[arg(long = "account-id", value_name = "ACCOUNT_ID")]
    pub account_id: Option<String>,

    /// The region that `{region}` stands for, for `--format iam`
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Write nothing; exit 1 and list the files of DIR that differ or are missing
    #[arg(long, requires = "out")]
    pub check: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("asked").args(["action", "requests"]).required(true)))]
pub struct SimulateArgs {
    /// A .rs file, or a folder searched for .rs files, holding the roles named by --role or by
    /// the requests [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The role making the request, by RoleName or struct identifier
    #[arg(long, value_name = "NAME", conflicts_with = "requests")]
    pub role: Option<String>,

    #[command(flatten)]
    pub request: RequestArgs,

    /// The principal's ARN instead of the role's; with an `sts:AssumeRole...` action, the
    /// principal that would assume the role
    #[arg(long, value_name = "ARN", conflicts_with = "requests")]
    pub principal: Option<String>,

    /// Requests, one JSON object a line; the output answers each line on a line of its own
    #[arg(long, value_name = "FILE.jsonl", conflicts_with_all = ["action", "resource", "context"])]
    pub requests: Option<PathBuf>,

    /// An identity policy document of the principal (repeatable); with a role, added to its own
    #[arg(long = "policy", value_name = "FILE")]
    pub policies: Vec<PathBuf>,

    /// The permissions boundary document; with a role, it replaces the role's boundary
    #[arg(long, value_name = "FILE")]
    pub boundary: Option<PathBuf>,

    /// A session policy document (repeatable: several are one session policy, any allowing)
    #[arg(long = "session-policy", value_name = "FILE")]
    pub session_policies: Vec<PathBuf>,

    /// A service control policy, one level of the organization each, the root first
    /// (repeatable)
    #[arg(long = "scp", value_name = "FILE")]
    pub scps: Vec<PathBuf>,

    /// A resource control policy, one level of the organization each, the root first
    /// (repeatable)
    #[arg(long = "rcp", value_name = "FILE")]
    pub rcps: Vec<PathBuf>,

    /// The resource's own policy document (a bucket policy, a key policy)
    #[arg(long = "resource-policy", value_name = "FILE")]
    pub resource_policy: Option<PathBuf>,

    #[command(flatten)]
    pub env: EnvArgs,

    /// How to write each decision: text is the decision, then each reason on a line of its own
    /// (with --requests, one line a request); json is {"decision": ..., "reasons": [...]}, one a
    /// line
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Exit 1 unless every request is decided so (`deny`: an explicit or an implicit deny)
    #[arg(long, value_name = "DECISION", value_enum)]
    pub expect: Option<Expect>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("asked").args(["action"]).required(true)))]
pub struct CanArgs {
    #[command(flatten)]
    pub paths: Paths,

    #[command(flatten)]
    pub request: RequestArgs,

    #[command(flatten)]
    pub env: EnvArgs,

    /// How to write each role that may: text is one line a role (identifier, RoleName, the
    /// reasons); json is {"role", "name", "arn", "decision", "reasons"}, one a line
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// The request, as simulate and can take it on the command line.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The action requested, `service:Action`
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,

    /// The resource's ARN [default: *]
    #[arg(long, value_name = "ARN")]
    pub resource: Option<String>,

    /// A context key and its value (repeatable; a key given again is multi-valued)
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_context)]
    pub context: Vec<(String, String)>,
}

/// Where the roles are deployed and their parameters, as `render --format iam` takes them.
#[derive(Debug, Args)]
pub struct EnvArgs {
    /// The value of the parameter (struct field) KEY; a list parameter takes commas
    /// (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_set)]
    pub set: Vec<(String, String)>,

    /// The partition that `{partition}` stands for [default: aws]
    #[arg(long, value_name = "PARTITION")]
    pub partition: Option<String>,

    /// The account id of the roles and of `{account_id}` [default: 123456789012]
    #[arg(long = "account-id", value_name = "ACCOUNT_ID")]
    pub account_id: Option<String>,

    /// The region that `{region}` stands for
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Readable text
    Text,
    /// One JSON object a line
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Expect {
    /// Allowed
    Allow,
    /// Denied, explicitly or for want of an allow
    Deny,
}

/// `--context KEY=VALUE`: KEY is a context key (`aws:SourceIp`), VALUE anything.
fn parse_context(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!(
            "expected KEY=VALUE, such as `aws:SourceIp=10.0.0.1`; `{arg}` has no key"
        )),
    }
}

/// `--format`: the names role-core accepts, with a line of help each.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    let values = Format::ALL.map(|format| {
        let help = match format {
            Format::Iam => "raw IAM policy documents, placeholders resolved",
            Format::CloudFormation => "one CloudFormation template, JSON",
            Format::CloudFormationYaml => "one CloudFormation template, YAML",
            Format::Terraform => "a Terraform module in JSON syntax",
        };
        PossibleValue::new(format.as_str()).help(help)
    });
    PossibleValuesParser::new(values).try_map(|name| name.parse::<Format>())
}

/// `--set KEY=VALUE`: KEY is a field name, VALUE anything (it may hold `=`).
fn parse_set(arg: &str) -> Result<(String, String), String> {
    let Some((key, value)) = arg.split_once('=') else {
        return Err(format!(
            "expected KEY=VALUE, such as `bucket=my-logs`; `{arg}` has no `=`"
        ));
    };
    let key = key.strip_prefix("r#").unwrap_or(key);
    let mut chars = key.chars();
    let starts_well = chars.next().is_some_and(|c| c == '_' || c.is_alphabetic());
    if !starts_well || !chars.all(|c| c == '_' || c.is_alphanumeric()) {
        return Err(format!(
            "KEY must be the name of a struct field, such as `bucket`; `{key}` is not"
        ));
    }
    Ok((key.to_owned(), value.to_owned()))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn set_splits_at_the_first_equals_sign() {
        assert_eq!(parse_set("bucket=a=b"), Ok(("bucket".into(), "a=b".into())));
        assert_eq!(parse_set("bucket="), Ok(("bucket".into(), String::new())));
        assert!(parse_set("bucket").is_err());
        assert!(parse_set("=x").is_err());
        assert!(parse_set("my bucket=x").is_err());
    }

    #[test]
    fn context_keys_may_hold_colons_and_slashes() {
        assert_eq!(
            parse_context("aws:PrincipalTag/team=a=b"),
            Ok(("aws:PrincipalTag/team".into(), "a=b".into()))
        );
        assert!(parse_context("=x").is_err());
        assert!(parse_context("aws:SourceIp").is_err());
    }
}
