//! Where a written resource stops fitting an action, so that a mismatch can name the part to
//! change: the resource is compared with each of the action's ARN formats field by field.

use super::Catalogue;
use super::arn::{ResourcePiece, split_resource};
use super::lookup::{Action, ArnFormat, ResourceType};

/// The first field of a resource that no format of an action holds once the fields before it
/// fit: the formats that come nearest, and how far they come.
#[derive(Debug)]
pub struct Unfit<'c> {
    /// 1 is the partition, 2 the service, 3 the region, 4 the account, 5 the resource part.
    pub field: usize,
    /// The formats that fit every field before `field`, each with its resource type.
    pub nearest: Vec<(ResourceType<'c>, ArnFormat<'c>)>,
}

impl<'c> Action<'c> {
    /// Where `resource` stops fitting this action. `None` when the resource is not six fields,
    /// or when some format holds each of its fields alone (a wildcard spanning fields, or rule 2
    /// of the matching): then no one field is to blame.
    pub fn unfit(&self, resource: &[ResourcePiece<'_>]) -> Option<Unfit<'c>> {
        let fields = split_resource(resource)?;
        let mut best: Option<Unfit<'c>> = None;
        for link in self.resource_types() {
            for format in link.resource_type.arn_formats() {
                let field = format.first_unfit_field(&fields)?;
                let nearest = (link.resource_type, format);
                match &mut best {
                    Some(best) if best.field > field => {}
                    Some(best) if best.field == field => best.nearest.push(nearest),
                    _ => {
                        best = Some(Unfit {
                            field,
                            nearest: vec![nearest],
                        })
                    }
                }
            }
        }
        best
    }
}

impl<'c> Unfit<'c> {
    /// The nearest formats' own text for field `index` (`s3`, `${Region}`, `` for none), each
    /// once, sorted.
    pub fn expected(&self, index: usize) -> Vec<&'c str> {
        let mut fields: Vec<&str> = self
            .nearest
            .iter()
            .filter_map(|(_, format)| format.field(index))
            .collect();
        fields.sort_unstable();
        fields.dedup();
        fields
    }
}

impl Catalogue {
    /// The resource type of the ARN's own service that `resource` names: `bucket` for
    /// `arn:aws:s3:::b`. `None` for a service written with a placeholder or a wildcard, and
    /// for the `(unknown)` type, which names anything.
    pub fn resource_type_named(&self, resource: &[ResourcePiece<'_>]) -> Option<ResourceType<'_>> {
        let fields = split_resource(resource)?;
        let [ResourcePiece::Text(prefix)] = fields[SERVICE_FIELD].as_slice() else {
            return None;
        };
        if prefix.contains(['*', '?']) {
            return None;
        }
        self.service(prefix)?
            .resource_types()
            .filter(|t| !t.arn_formats().any(|f| f.text() == "*"))
            .find(|t| t.arn_formats().any(|f| f.may_match(resource)))
    }
}

/// The service's place among an ARN's fields.
const SERVICE_FIELD: usize = 2;
