//! The values that resolve a project's placeholders, read from the command line the same way by
//! every command that resolves them (`render --format iam`, `simulate`, `can`): the partition,
//! account and region, checked before any role is read, then the `--set` values, once the
//! roles say which parameters are lists.

use role_core::Env;
use role_core::check::arn::{PARTITIONS, is_region};
use role_core::diag::{did_you_mean, nearest};
use role_core::model::{Bundle, ParamKind};

use crate::exit::Error;

/// The partition (AWS's if none), the account and the region, each checked.
pub(super) fn env(
    partition: Option<&String>,
    account_id: Option<&String>,
    region: Option<&String>,
) -> Result<Env, Error> {
    let partition = partition
        .cloned()
        .unwrap_or_else(|| Env::default().partition);
    if !PARTITIONS.contains(&partition.as_str()) {
        let hint = did_you_mean(nearest(&partition, PARTITIONS.iter().copied()));
        return Err(Error::usage(format!(
            "`--partition {partition}` is not an AWS partition{hint}"
        ))
        .with_help(format!("the partitions are {}", PARTITIONS.join(", "))));
    }
    if let Some(account) = account_id
        && (account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(Error::usage(format!(
            "`--account-id {account}` is not an account id: 12 digits, such as 123456789012"
        )));
    }
    if let Some(region) = region
        && !is_region(region)
    {
        return Err(Error::usage(format!(
            "`--region {region}` is not an AWS region, such as us-east-1"
        )));
    }
    Ok(Env {
        partition,
        account_id: account_id.cloned(),
        region: region.cloned(),
        ..Env::default()
    })
}

/// `--set KEY=VALUE`: a text parameter takes one value; a list parameter takes its elements
/// separated by commas, from one `--set` or several (`--set KEY=` is the empty list).
pub(super) fn set_values(
    set: &[(String, String)],
    bundle: &Bundle,
    env: &mut Env,
) -> Result<(), Error> {
    let lists: Vec<String> = bundle
        .params()
        .into_iter()
        .filter(|p| p.kind == ParamKind::List)
        .map(|p| p.name)
        .collect();
    for (key, value) in set {
        if lists.contains(key) {
            let list = env.lists.entry(key.clone()).or_default();
            list.extend(
                value
                    .split(',')
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned),
            );
            continue;
        }
        if let Some(earlier) = env.values.insert(key.clone(), value.clone())
            && earlier != *value
        {
            return Err(Error::usage(format!(
                "`--set {key}=...` is given twice, as `{earlier}` and as `{value}`"
            ))
            .with_help("a text parameter takes one value; list parameters take several"));
        }
    }
    Ok(())
}
