//! Who is asking, and whether a resource-based policy's `Principal` names them.
//!
//! A statement names a principal exactly (its ARN), through its session (a role's ARN names
//! every session of that role; a user's ARN its federated-user sessions), through its account
//! (the account id or its `:root` ARN: the account then delegates to its identity policies), or
//! as anyone (`*`). [The Principal element] has no wildcards in ARNs: they compare as text.
//!
//! [The Principal element]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

use crate::policy::{Negatable, PrincipalEntry, is_account_id, split_arn};

/// The request's principal, read from its ARN (or service name) once per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller<'r> {
    pub text: &'r str,
    pub kind: CallerKind,
    /// The account the principal belongs to; none for a service principal or anonymous.
    pub account: Option<&'r str>,
    partition: &'r str,
    /// The role's name for a session, the user's path and name for a federated user.
    session_of: Option<&'r str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallerKind {
    Role,
    AssumedRole,
    User,
    FederatedUser,
    /// Another ARN: an account root, an identity provider.
    OtherArn,
    Service,
    Anonymous,
}

/// How a statement's principal element names the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Named {
    No,
    /// Through the caller's account: the account's identity policies must allow too.
    Account,
    /// Through the role or user a session belongs to.
    Session,
    Exactly,
}

impl<'r> Caller<'r> {
    pub fn new(text: &'r str) -> Caller<'r> {
        let mut caller = Caller {
            text,
            kind: CallerKind::Anonymous,
            account: None,
            partition: "",
            session_of: None,
        };
        if text.is_empty() || text == "*" || text.eq_ignore_ascii_case("anonymous") {
            return caller;
        }
        let Some([partition, service, _, account, resource]) = split_arn(text) else {
            caller.kind = CallerKind::Service;
            return caller;
        };
        caller.partition = partition;
        caller.account = Some(account).filter(|a| !a.is_empty());
        let account_ok = is_account_id(account);
        caller.kind = match (service, resource.split_once('/')) {
            ("iam", Some(("role", _))) if account_ok => CallerKind::Role,
            ("iam", Some(("user", _))) if account_ok => CallerKind::User,
            ("sts", Some(("assumed-role", rest))) if account_ok => {
                caller.session_of = rest.split('/').next();
                CallerKind::AssumedRole
            }
            ("sts", Some(("federated-user", rest))) if account_ok => {
                caller.session_of = Some(rest);
                CallerKind::FederatedUser
            }
            _ => CallerKind::OtherArn,
        };
        caller
    }

    pub fn is_service(&self) -> bool {
        self.kind == CallerKind::Service
    }

    /// How a `Principal` (or `NotPrincipal`) element names this caller. For `NotPrincipal`, any
    /// way of being named is being excluded.
    pub fn named_by(&self, element: &Negatable<Vec<PrincipalEntry>>) -> Named {
        let named = element
            .items
            .iter()
            .map(|entry| self.named_by_entry(entry))
            .max()
            .unwrap_or(Named::No);
        match (element.negated, named) {
            (false, named) => named,
            (true, Named::No) => Named::Exactly,
            (true, _) => Named::No,
        }
    }

    fn named_by_entry(&self, entry: &PrincipalEntry) -> Named {
        match entry {
            PrincipalEntry::Anyone => Named::Exactly,
            _ if self.kind == CallerKind::Anonymous => Named::No,
            PrincipalEntry::Service(service) => {
                if self.is_service() && service == self.text {
                    Named::Exactly
                } else {
                    Named::No
                }
            }
            PrincipalEntry::Federated(id) | PrincipalEntry::CanonicalUser(id) => {
                if id == self.text {
                    Named::Exactly
                } else {
                    Named::No
                }
            }
            PrincipalEntry::Account(account) => {
                if self.account == Some(account.as_str()) {
                    Named::Account
                } else {
                    Named::No
                }
            }
            PrincipalEntry::Arn(arn) => {
                if arn == self.text {
                    Named::Exactly
                } else if self.is_session_of(arn) {
                    Named::Session
                } else {
                    Named::No
                }
            }
        }
    }

    /// Whether `arn` is the role of this assumed-role session, or the user of this
    /// federated-user session.
    fn is_session_of(&self, arn: &str) -> bool {
        let Some(session_of) = self.session_of else {
            return false;
        };
        let Some([partition, service, _, account, resource]) = split_arn(arn) else {
            return false;
        };
        if partition != self.partition || Some(account) != self.account {
            return false;
        }
        match (self.kind, service, resource.split_once('/')) {
            // A role's ARN may carry a path; the session's ARN has the name alone.
            (CallerKind::AssumedRole, "iam", Some(("role", path_and_name))) => {
                let name = path_and_name.rsplit('/').next().unwrap_or(path_and_name);
                name.eq_ignore_ascii_case(session_of)
            }
            (CallerKind::FederatedUser, "iam", Some(("user", path_and_name))) => {
                path_and_name.rsplit('/').next() == Some(session_of)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(entries: Vec<PrincipalEntry>) -> Negatable<Vec<PrincipalEntry>> {
        Negatable {
            negated: false,
            items: entries,
        }
    }

    #[test]
    fn kinds_and_accounts() {
        let role = Caller::new("arn:aws:iam::111122223333:role/path/r");
        assert_eq!(
            (role.kind, role.account),
            (CallerKind::Role, Some("111122223333"))
        );
        let session = Caller::new("arn:aws:sts::111122223333:assumed-role/r/s");
        assert_eq!(session.kind, CallerKind::AssumedRole);
        assert_eq!(
            Caller::new("lambda.amazonaws.com").kind,
            CallerKind::Service
        );
    }

    #[test]
    fn naming() {
        let session = Caller::new("arn:aws:sts::111122223333:assumed-role/R/s");
        let arn = |a: &str| element(vec![PrincipalEntry::Arn(a.into())]);
        assert_eq!(
            session.named_by(&arn("arn:aws:iam::111122223333:role/team/r")),
            Named::Session
        );
        assert_eq!(
            session.named_by(&arn("arn:aws:iam::444455556666:role/r")),
            Named::No
        );
        assert_eq!(
            session.named_by(&element(vec![PrincipalEntry::Account(
                "111122223333".into()
            )])),
            Named::Account
        );
        let not = Negatable {
            negated: true,
            items: vec![PrincipalEntry::Account("111122223333".into())],
        };
        assert_eq!(session.named_by(&not), Named::No);
    }
}
