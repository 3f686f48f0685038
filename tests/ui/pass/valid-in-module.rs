// Roles and policies inside modules, private or public, naming each other by relative paths.
use role_dsl::Role;

pub mod policies {
    use role_dsl::policy;

    /// Read the shared configuration bucket.
    #[policy(allow("s3:GetObject", on = "arn:{partition}:s3:::{config_bucket}/*"))]
    pub struct ReadConfig {
        pub config_bucket: String,
    }
}

mod roles {
    pub mod lambda {
        use role_dsl::role;

        /// Lets the reporting Lambda read its configuration.
        #[role(trust(service = "lambda.amazonaws.com"), policies(crate::policies::ReadConfig))]
        pub struct ReportingTask;

        /// The same, by a relative path.
        #[role(trust(service = "lambda.amazonaws.com"), policies(super::super::policies::ReadConfig))]
        pub(crate) struct ReportingTaskToo;
    }
}

fn main() {
    fn _private_role_in_fn() {
        /// A role declared inside a function.
        #[role_dsl::role(trust(account = "111122223333"), managed = ["ReadOnlyAccess"])]
        #[allow(dead_code)]
        struct Local;
    }
    assert_eq!(roles::lambda::ReportingTask::definition().policies, ["ReadConfig"]);
    assert_eq!(roles::lambda::ReportingTaskToo::definition().name, "ReportingTaskToo");
}
