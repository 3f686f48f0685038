//! "Did you mean ...?": the nearest valid spelling of a mistyped name, when one is close.

use super::{Catalogue, KeyInfo};

/// At most a third of the characters may differ (at least one may), counting a swap of two
/// neighbours as one edit, ignoring case.
fn distance_if_close(wrong: &str, candidate: &str) -> Option<usize> {
    let distance = strsim::osa_distance(&wrong.to_lowercase(), &candidate.to_lowercase());
    let allowed = (wrong.chars().count() / 3).max(1);
    (distance <= allowed).then_some(distance)
}

/// The closest candidate: each comes with the part of the wrong text it is compared with
/// (usually all of it). Ties go to the one that shares the longer start (Jaro-Winkler), then
/// to the first in the catalogue's order.
fn nearest_of<'a, T>(candidates: impl Iterator<Item = (&'a str, &'a str, T)>) -> Option<T> {
    let mut best: Option<(usize, f64, T)> = None;
    for (written, text, value) in candidates {
        let Some(distance) = distance_if_close(written, text) else {
            continue;
        };
        let likeness = strsim::jaro_winkler(&written.to_lowercase(), &text.to_lowercase());
        let better = match &best {
            None => true,
            Some((best_distance, best_likeness, _)) => {
                distance < *best_distance
                    || (distance == *best_distance && likeness > *best_likeness)
            }
        };
        if better {
            best = Some((distance, likeness, value));
        }
    }
    best.map(|(_, _, value)| value)
}

fn nearest<'a, T>(wrong: &'a str, candidates: impl Iterator<Item = (&'a str, T)>) -> Option<T> {
    nearest_of(candidates.map(|(text, value)| (wrong, text, value)))
}

const AMAZONAWS: &str = ".amazonaws.com";

impl Catalogue {
    /// The service prefix nearest to an unknown one: `s4` → `s3`.
    pub fn suggest_service(&self, prefix: &str) -> Option<&str> {
        nearest(
            prefix,
            self.services()
                .map(|service| (service.prefix(), service.prefix())),
        )
    }

    /// The action nearest to an unknown `prefix:Name`: `s3:PutObjet` → `s3:PutObject`. An
    /// unknown service is first replaced by its nearest (`s4:GetObject` → `s3:GetObject`).
    pub fn suggest_action(&self, action: &str) -> Option<String> {
        let (prefix, name) = action.split_once(':')?;
        let service = match self.service(prefix) {
            Some(service) => service,
            None => self.service(self.suggest_service(prefix)?)?,
        };
        if let Some(exact) = service.action(name) {
            return Some(exact.full_name());
        }
        let found = nearest(
            name,
            service.actions().map(|action| (action.name(), action)),
        )?;
        Some(found.full_name())
    }

    /// The condition key nearest to an unknown one: `s3:prefixx` → `s3:prefix`,
    /// `aws:PrincipalTagg/team` → `aws:PrincipalTag/team`, `aws:ResourceTag` →
    /// `aws:ResourceTag/${TagKey}`.
    pub fn suggest_condition_key(&self, key: &str) -> Option<String> {
        // The service part must be near on its own: `lakeformation:GlueArm` is not
        // `cloudformation:TypeArn`, however alike the whole strings are.
        let wrong_prefix = service_part(key);
        let near_prefix =
            |info: &KeyInfo<'_>| distance_if_close(wrong_prefix, service_part(info.name)).is_some();
        nearest_of(self.condition_keys().filter(near_prefix).map(|info| {
            match info.name.split_once("${") {
                None => (key, info.name, info.name.to_owned()),
                Some((head, var_and_tail)) => {
                    let tail = var_and_tail.split_once('}').map_or("", |(_, tail)| tail);
                    templated_candidate(key, head, tail, info.name)
                }
            }
        }))
    }

    /// The service principal nearest to an unknown one: `lamda.amazonaws.com` →
    /// `lambda.amazonaws.com`.
    pub fn suggest_service_principal(&self, host: &str) -> Option<String> {
        let wrong = host.strip_suffix(AMAZONAWS).unwrap_or(host);
        let known: Vec<String> = self.service_principals().collect();
        let trimmed = known
            .iter()
            .map(|known| (known.strip_suffix(AMAZONAWS).unwrap_or(known), known));
        nearest(wrong, trimmed).cloned()
    }

    /// The AWS managed policy nearest to an unknown reference, written as `managed = [...]`
    /// wants it: `AWSLambdaBasicExecutionRole` → `service-role/AWSLambdaBasicExecutionRole`,
    /// `ReadOnlyAcess` → `ReadOnlyAccess`.
    pub fn suggest_managed_policy(&self, reference: &str) -> Option<String> {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        if let Some(policy) = self.managed_policy_named(name) {
            return Some(policy.reference());
        }
        nearest(
            name,
            self.managed_policies().map(|policy| (policy.name, policy)),
        )
        .map(|policy| policy.reference())
    }
}

/// How a mistyped key compares with a `head${Var}tail` key: `aws:PrincipalTagg/team` is
/// compared by its `aws:PrincipalTagg/` with `aws:PrincipalTag/` and keeps its `team`;
/// `aws:ResourceTag` (no tag) is compared with `aws:ResourceTag` and gets the template.
fn templated_candidate<'a>(
    key: &'a str,
    head: &'a str,
    tail: &str,
    template: &'a str,
) -> (&'a str, &'a str, String) {
    let Some(separator) = head.chars().last() else {
        return (key, template, template.to_owned());
    };
    let wanted = head.matches(separator).count();
    match key.match_indices(separator).nth(wanted.saturating_sub(1)) {
        Some((at, _)) if at + separator.len_utf8() < key.len() && tail.is_empty() => {
            let (written, tag) = key.split_at(at + separator.len_utf8());
            (written, head, format!("{head}{tag}"))
        }
        _ => (key, head.trim_end_matches(separator), template.to_owned()),
    }
}

fn service_part(key: &str) -> &str {
    key.split(':').next().unwrap_or_default()
}
