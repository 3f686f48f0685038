//! Who may be trusted and what may be attached: service principals and AWS managed policies.

use super::Catalogue;
use super::format::{PolicyRec, cmp_ignore_case};

const AMAZONAWS: &str = ".amazonaws.com";

/// An AWS managed policy (`arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManagedPolicy<'c> {
    pub name: &'c str,
    /// `/`, `/service-role/`, `/aws-service-role/`, `/job-function/`, ...
    pub path: &'c str,
}

impl ManagedPolicy<'_> {
    /// The policy as the DSL's `managed = [...]` writes it: `ReadOnlyAccess`,
    /// `service-role/AWSLambdaBasicExecutionRole`.
    pub fn reference(&self) -> String {
        format!("{}{}", &self.path[1..], self.name)
    }

    /// The policy's ARN in a partition (`aws`, `aws-cn`, ... or a placeholder).
    pub fn arn(&self, partition: &str) -> String {
        format!("arn:{partition}:iam::aws:policy{}{}", self.path, self.name)
    }
}

/// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eusc-de-east-1`: letters, dashes, a number.
fn looks_like_region(label: &str) -> bool {
    let Some((head, number)) = label.rsplit_once('-') else {
        return false;
    };
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && head.contains('-')
        && head
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()))
}

impl Catalogue {
    /// Whether `host` names an AWS service principal: `<iam-prefix>.amazonaws.com`, a host of
    /// the kept list (`ecs-tasks.amazonaws.com`), either of those in China
    /// (`.amazonaws.com.cn`) or in a region (`logs.us-east-1.amazonaws.com`). Ignores ASCII case.
    pub fn is_service_principal(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let host = host
            .strip_suffix(".cn")
            .filter(|h| h.ends_with(AMAZONAWS))
            .unwrap_or(&host);
        if self.is_global_service_principal(host) {
            return true;
        }
        let Some(base) = host.strip_suffix(AMAZONAWS) else {
            return false;
        };
        match base.rsplit_once('.') {
            Some((name, region)) if looks_like_region(region) => {
                self.is_global_service_principal(&format!("{name}{AMAZONAWS}"))
            }
            _ => false,
        }
    }

    fn is_global_service_principal(&self, host: &str) -> bool {
        if let Some(prefix) = host.strip_suffix(AMAZONAWS)
            && !prefix.contains('.')
            && self.service(prefix).is_some()
        {
            return true;
        }
        self.tables
            .principals
            .binary_search_by(|&span| cmp_ignore_case(self.str(span), host))
            .is_ok()
    }

    /// Every service principal without region or `.cn`: the prefix-derived ones and the kept
    /// list.
    pub fn service_principals(&self) -> impl Iterator<Item = String> + '_ {
        let derived = self
            .services()
            .map(|service| format!("{}{AMAZONAWS}", service.prefix().to_ascii_lowercase()));
        derived.chain(
            self.tables
                .principals
                .iter()
                .map(|&span| self.str(span).to_owned()),
        )
    }

    /// The AWS managed policy written as in `managed = [...]`: `ReadOnlyAccess` (path `/`),
    /// `service-role/AWSLambdaBasicExecutionRole`, `/service-role/...`, or its full ARN in any
    /// partition. The path must be the policy's own: `AWSLambdaBasicExecutionRole` alone is
    /// not found (see [`Catalogue::managed_policy_named`] and the suggestion).
    pub fn managed_policy(&self, reference: &str) -> Option<ManagedPolicy<'_>> {
        let reference = match reference.strip_prefix("arn:") {
            Some(arn) => arn.split_once(":iam::aws:policy")?.1,
            None => reference,
        };
        let (path, name) = match reference.rsplit_once('/') {
            Some((path, name)) => (path.trim_start_matches('/'), name),
            None => ("", reference),
        };
        let policy = self.managed_policy_named(name)?;
        (policy.path.trim_matches('/') == path).then_some(policy)
    }

    /// The AWS managed policy named `name`, whatever its path; names are unique across paths.
    pub fn managed_policy_named(&self, name: &str) -> Option<ManagedPolicy<'_>> {
        let policies = &self.tables.policies;
        let first =
            policies.partition_point(|rec| cmp_ignore_case(self.str(rec.name), name).is_lt());
        policies[first..]
            .iter()
            .take_while(|rec| cmp_ignore_case(self.str(rec.name), name).is_eq())
            .find(|rec| self.str(rec.name) == name)
            .map(|rec| self.policy(rec))
    }

    pub fn managed_policies(&self) -> impl Iterator<Item = ManagedPolicy<'_>> {
        self.tables.policies.iter().map(|rec| self.policy(rec))
    }

    fn policy(&self, rec: &PolicyRec) -> ManagedPolicy<'_> {
        ManagedPolicy {
            name: self.str(rec.name),
            path: self.str(rec.path),
        }
    }
}
