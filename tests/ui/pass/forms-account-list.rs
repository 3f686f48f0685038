use role_dsl::role;

// The CDK bootstrap template trusts a list of accounts, written as their ids (IAM reads an
// account id as that account's root): aws/aws-cdk-cli,
// packages/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml, `Principal: AWS: !Ref TrustedAccounts`.
#[role(
    trust(account = "{account_id}"),
    trust(account = "{trusted_accounts}"),
    allow("s3:GetObject", on = "*"),
)]
pub struct Deploy {
    pub trusted_accounts: Vec<String>,
}

fn main() {}
