//! The catalogue as `role_eval::diff` reads it: every action with the ARN formats of its
//! resource types (only requests on such resources exist), in one place for `role-cli diff`,
//! its tests and its bench.

use role_eval::diff::{Actions, ResourceFormat};

use super::Catalogue;

impl Catalogue {
    /// Every action of the catalogue, each with its resource types' ARN formats.
    pub fn diff_actions(&self) -> Actions {
        let mut actions = Actions::default();
        for service in self.services() {
            for action in service.actions() {
                let formats: Vec<ResourceFormat> = action
                    .arn_formats()
                    .map(|f| ResourceFormat {
                        arn: f.text().to_string(),
                        last_segment_only: f.last_segment_only(),
                    })
                    .collect();
                actions.add_with_resources(&action.full_name(), &formats);
            }
        }
        actions
    }
}
