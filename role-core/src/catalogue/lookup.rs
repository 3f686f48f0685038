//! Services, actions and resource types: the views the checks read, found by binary search
//! over the sorted tables (ignoring ASCII case, as IAM does).

use std::fmt;

use wildmatch::WildMatch;

use super::Catalogue;
use super::arn::{
    ARN_FIELDS, ResourcePiece, format_field_may_match, format_may_match, split_format,
};
use super::body::{ActionRec, ResourceTypeRec, ServiceBody, parse_body};
use super::format::{ServiceRec, Span, cmp_ignore_case};
use super::keys::key_matches;

/// How AWS classifies an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessLevel {
    Read,
    Write,
    List,
    Tagging,
    PermissionsManagement,
}

impl AccessLevel {
    const ALL: [AccessLevel; 5] = [
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::List,
        AccessLevel::Tagging,
        AccessLevel::PermissionsManagement,
    ];

    fn code(self) -> char {
        match self {
            AccessLevel::Read => 'R',
            AccessLevel::Write => 'W',
            AccessLevel::List => 'L',
            AccessLevel::Tagging => 'T',
            AccessLevel::PermissionsManagement => 'P',
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::List => "List",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::PermissionsManagement => "Permissions management",
        })
    }
}

/// The access levels of an action: AWS gives some two (`Tagging, Write`); an action known only
/// from cfn-lint has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AccessLevels(u8);

impl AccessLevels {
    pub(super) fn parse(codes: &str) -> Option<AccessLevels> {
        codes.chars().try_fold(AccessLevels(0), |levels, code| {
            let level = AccessLevel::ALL
                .into_iter()
                .find(|level| level.code() == code)?;
            Some(AccessLevels(levels.0 | level.bit()))
        })
    }

    pub fn contains(self, level: AccessLevel) -> bool {
        self.0 & level.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = AccessLevel> {
        AccessLevel::ALL
            .into_iter()
            .filter(move |&level| self.contains(level))
    }
}

/// An AWS service, by its IAM prefix.
#[derive(Clone, Copy)]
pub struct Service<'c> {
    catalogue: &'c Catalogue,
    rec: &'c ServiceRec,
}

impl<'c> Service<'c> {
    /// The IAM prefix as AWS spells it (`s3`, `elasticloadbalancing`).
    pub fn prefix(&self) -> &'c str {
        self.catalogue.str(self.rec.prefix)
    }

    /// The service's name (`Amazon S3`).
    pub fn name(&self) -> &'c str {
        self.catalogue.str(self.rec.name)
    }

    fn body(&self) -> &'c ServiceBody {
        self.catalogue.body(self.rec)
    }

    pub fn actions(&self) -> impl Iterator<Item = Action<'c>> + use<'c> {
        let service = *self;
        self.body()
            .actions
            .iter()
            .map(move |rec| Action { service, rec })
    }

    /// The action named `name`, ignoring case.
    pub fn action(&self, name: &str) -> Option<Action<'c>> {
        let actions = &self.body().actions;
        let found = actions
            .binary_search_by(|rec| cmp_ignore_case(self.catalogue.str(rec.name), name))
            .ok()?;
        Some(Action {
            service: *self,
            rec: &actions[found],
        })
    }

    pub fn resource_types(&self) -> impl Iterator<Item = ResourceType<'c>> + use<'c> {
        let (catalogue, body) = (self.catalogue, self.body());
        body.resource_types.iter().map(move |rec| ResourceType {
            catalogue,
            body,
            rec,
        })
    }

    /// The resource type named `name` (`bucket`, `object`), ignoring case.
    pub fn resource_type(&self, name: &str) -> Option<ResourceType<'c>> {
        let (catalogue, body) = (self.catalogue, self.body());
        let found = body
            .resource_types
            .binary_search_by(|rec| cmp_ignore_case(catalogue.str(rec.name), name))
            .ok()?;
        Some(ResourceType {
            catalogue,
            body,
            rec: &body.resource_types[found],
        })
    }
}

impl fmt::Debug for Service<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Service({})", self.prefix())
    }
}

/// An action of a service (`s3:PutObject`).
#[derive(Clone, Copy)]
pub struct Action<'c> {
    service: Service<'c>,
    rec: &'c ActionRec,
}

impl<'c> Action<'c> {
    pub fn service(&self) -> Service<'c> {
        self.service
    }

    /// The name as AWS spells it (`PutObject`).
    pub fn name(&self) -> &'c str {
        self.service.catalogue.str(self.rec.name)
    }

    /// `prefix:Name`, as AWS spells both.
    pub fn full_name(&self) -> String {
        format!("{}:{}", self.service.prefix(), self.name())
    }

    pub fn access_levels(&self) -> AccessLevels {
        self.rec.access
    }

    /// The resource types the action acts on, each with whether AWS marks it required.
    pub fn resource_types(&self) -> impl Iterator<Item = ActionResource<'c>> + use<'c> {
        let (catalogue, body) = (self.service.catalogue, self.service.body());
        body.action_resources[self.rec.resources.range()]
            .iter()
            .map(move |link| ActionResource {
                resource_type: ResourceType {
                    catalogue,
                    body,
                    rec: &body.resource_types[link.resource_type as usize],
                },
                required: link.required,
            })
    }

    /// False when the action names no resource type: it takes only `"*"`.
    pub fn supports_resource_level_permissions(&self) -> bool {
        !self.rec.resources.range().is_empty()
    }

    /// Every ARN format of every resource type of the action.
    pub fn arn_formats(&self) -> impl Iterator<Item = ArnFormat<'c>> + use<'c> {
        self.resource_types()
            .flat_map(|link| link.resource_type.arn_formats())
    }

    /// Whether the resource can name a resource of one of the action's types (see the module
    /// documentation for the rules). An action without resource types fits only `*`.
    pub fn resource_may_match(&self, resource: &[ResourcePiece<'_>]) -> bool {
        if !self.supports_resource_level_permissions() {
            return is_star(resource);
        }
        self.arn_formats().any(|format| format.may_match(resource))
    }

    /// The condition keys AWS lists for the action itself (including those it lists for one of
    /// its resource types), as AWS spells them; `${TagKey}`-style parts stand for any text.
    pub fn condition_keys(&self) -> impl Iterator<Item = &'c str> + use<'c> {
        self.service.catalogue.key_list(self.rec.keys)
    }

    /// Whether the action documents `key`: listed for the action or for one of its resource
    /// types (`aws:ResourceTag/${TagKey}` on most). Global keys are not counted: they apply to
    /// every action, see [`Catalogue::condition_key`].
    pub fn documents_condition_key(&self, key: &str) -> bool {
        let mut documented = self.condition_keys().chain(
            self.resource_types()
                .flat_map(|link| link.resource_type.condition_keys()),
        );
        documented.any(|known| key_matches(known, key))
    }
}

impl fmt::Debug for Action<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Action({})", self.full_name())
    }
}

/// `"*"`, however the caller cut it into pieces.
fn is_star(resource: &[ResourcePiece<'_>]) -> bool {
    let mut texts = resource.iter().map(|piece| match piece {
        ResourcePiece::Text(text) => Some(*text),
        ResourcePiece::Hole => None,
    });
    texts
        .try_fold(String::new(), |whole, text| Some(whole + text?))
        .as_deref()
        == Some("*")
}

/// A resource type named by an action.
#[derive(Debug, Clone, Copy)]
pub struct ActionResource<'c> {
    pub resource_type: ResourceType<'c>,
    /// AWS marks the type required: the request always names such a resource.
    pub required: bool,
}

/// A kind of resource of a service (`bucket`), with its ARN formats. The type `(unknown)`,
/// with the format `*`, stands for the resources of actions that only AWS's managed policies
/// name: nothing is known of them, so any resource may fit.
#[derive(Clone, Copy)]
pub struct ResourceType<'c> {
    catalogue: &'c Catalogue,
    body: &'c ServiceBody,
    rec: &'c ResourceTypeRec,
}

impl<'c> ResourceType<'c> {
    pub fn name(&self) -> &'c str {
        self.catalogue.str(self.rec.name)
    }

    /// Most types have one format; a few have several (API Gateway v1 and v2, Lex bots).
    pub fn arn_formats(&self) -> impl Iterator<Item = ArnFormat<'c>> + use<'c> {
        let catalogue = self.catalogue;
        self.body.formats[self.rec.formats.range()]
            .iter()
            .map(move |rec| ArnFormat {
                text: catalogue.str(rec.text),
                tail_single_segment: rec.tail_single_segment,
            })
    }

    /// The condition keys that apply to resources of this type.
    pub fn condition_keys(&self) -> impl Iterator<Item = &'c str> + use<'c> {
        self.catalogue.key_list(self.rec.keys)
    }
}

impl fmt::Debug for ResourceType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResourceType({})", self.name())
    }
}

/// One ARN format of a resource type (`arn:${Partition}:s3:::${BucketName}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArnFormat<'c> {
    text: &'c str,
    tail_single_segment: bool,
}

impl<'c> ArnFormat<'c> {
    pub fn text(&self) -> &'c str {
        self.text
    }

    /// Rule 2 of the module documentation: whether a variable ending the format holds no `/`
    /// (the service has a format continuing this one with `/`).
    pub fn last_segment_only(&self) -> bool {
        self.tail_single_segment
    }

    /// Whether the resource can name an ARN of this format (see the module documentation).
    pub fn may_match(&self, resource: &[ResourcePiece<'_>]) -> bool {
        format_may_match(self.text, self.tail_single_segment, resource)
    }

    /// The first field of a written resource (cut by [`super::split_resource`]; 1 is the
    /// partition, 2 the service, 3 the region, 4 the account, 5 the resource part) that this
    /// format's field cannot hold. `None` when every field fits alone (the whole may still not,
    /// as a wildcard may span fields) and for a format that is not six fields (`*`).
    pub fn first_unfit_field(
        &self,
        fields: &[Vec<ResourcePiece<'_>>; ARN_FIELDS],
    ) -> Option<usize> {
        let own = split_format(self.text)?;
        (0..ARN_FIELDS).find(|&index| {
            !format_field_may_match(own[index], index, self.tail_single_segment, &fields[index])
        })
    }

    /// Field `index` of the format as written (`s3`, `${Region}`, `` for none), or `None` for a
    /// format that is not six fields.
    pub fn field(&self, index: usize) -> Option<&'c str> {
        split_format(self.text).and_then(|fields| fields.get(index).copied())
    }
}

impl fmt::Display for ArnFormat<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl Catalogue {
    pub fn services(&self) -> impl Iterator<Item = Service<'_>> {
        self.tables.services.iter().map(move |rec| Service {
            catalogue: self,
            rec,
        })
    }

    /// The service with IAM prefix `prefix`, ignoring case.
    pub fn service(&self, prefix: &str) -> Option<Service<'_>> {
        let services = &self.tables.services;
        let found = services
            .binary_search_by(|rec| cmp_ignore_case(self.str(rec.prefix), prefix))
            .ok()?;
        Some(Service {
            catalogue: self,
            rec: &services[found],
        })
    }

    /// The action `prefix:name`, ignoring case.
    pub fn action(&self, prefix: &str, name: &str) -> Option<Action<'_>> {
        self.service(prefix)?.action(name)
    }

    /// The action written `prefix:Name` (no wildcards), ignoring case.
    pub fn action_named(&self, action: &str) -> Option<Action<'_>> {
        let (prefix, name) = action.split_once(':')?;
        self.action(prefix, name)
    }

    /// The actions an IAM action pattern names: `s3:Get*`, `s3:?etObject`, `*`. Wildcards may
    /// stand in the service part too (IAM rejects that; the checks say so, this only answers).
    /// Empty when nothing matches (`s3:Fly*`) or the pattern has no `:`.
    pub fn actions_matching(&self, pattern: &str) -> Vec<Action<'_>> {
        if pattern == "*" {
            return self
                .services()
                .flat_map(|service| service.actions())
                .collect();
        }
        let Some((service_part, action_part)) = pattern.split_once(':') else {
            return Vec::new();
        };
        let action_pattern = WildMatch::new_case_insensitive(action_part);
        let matching = |action: &Action<'_>| action_pattern.matches(action.name());
        if !service_part.contains(['*', '?']) {
            let Some(service) = self.service(service_part) else {
                return Vec::new();
            };
            return service.actions().filter(matching).collect();
        }
        let service_pattern = WildMatch::new_case_insensitive(service_part);
        self.services()
            .filter(|service| service_pattern.matches(service.prefix()))
            .flat_map(|service| service.actions())
            .filter(matching)
            .collect()
    }

    /// The resource type `name` of service `prefix`, ignoring case.
    pub fn resource_type(&self, prefix: &str, name: &str) -> Option<ResourceType<'_>> {
        self.service(prefix)?.resource_type(name)
    }

    /// The ARN formats an action (`s3:PutObject`) acts on; `None` for an unknown action, an
    /// empty list for an action that takes only `"*"`.
    pub fn action_resource_formats(&self, action: &str) -> Option<Vec<ArnFormat<'_>>> {
        Some(self.action_named(action)?.arn_formats().collect())
    }

    fn key_list(&self, list: Span) -> impl Iterator<Item = &str> {
        self.str(list).split(',').filter(|key| !key.is_empty())
    }

    /// A service's body, read on first use. A user-given file was read whole at load (so its
    /// errors were reported then); the embedded one is checked by the tests: an error cannot
    /// happen here, and would leave the service empty rather than panic.
    fn body<'c>(&'c self, service: &'c ServiceRec) -> &'c ServiceBody {
        service.body.get_or_init(|| {
            parse_body(&self.text, "the embedded catalogue", service).unwrap_or_default()
        })
    }
}
