//! Declare AWS IAM roles as Rust items, checked at compile time, and render them as
//! CloudFormation, Terraform or raw IAM policy documents.
//!
//! ```
//! use role_dsl::role;
//!
//! /// Lets the log shipper Lambda write its logs to S3.
//! #[role(
//!     trust(service = "lambda.amazonaws.com"),
//!     allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/*"),
//! )]
//! pub struct LogWriter { pub bucket: String }
//!
//! use role_dsl::Role;
//! let writer = LogWriter { bucket: "my-logs".into() };
//! assert_eq!(writer.name(&role_dsl::Env::default()).unwrap(), "LogWriter");
//! let policy = writer.inline_policy(&role_dsl::Env::default()).unwrap().unwrap();
//! assert_eq!(policy["Statement"][0]["Resource"], "arn:aws:s3:::my-logs/*");
//! ```
//!
//! The arguments of `#[role(...)]` and `#[policy(...)]` are described in the project's
//! `dsl.md`; the same declarations are read by `role-cli` to render deployable output.

#[cfg(feature = "evaluate")]
pub mod evaluate;
mod registry;
mod traits;

pub use registry::{bundle, policies, render, roles};
pub use role_macros::{policy, role};
pub use role_model::render::{Format, OutputFile, RenderError, Rendered, UnknownFormat};
pub use role_model::{Bundle, Env, Invalid, Missing, Needed, ResolveError, model};
/// The JSON value documents are returned as.
pub use serde_json::Value;
pub use traits::{ParamValue, Policy, Role};

/// What the macros' expansion refers to; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::registry::{register_policy, register_role};

    /// The definition whose JSON the macro wrote, read on first use and kept for the process:
    /// one cache for every struct, keyed by the text's address, so that the expansion holds no
    /// static of its own (a static per struct is what costs `cargo check` most).
    pub fn definition<T: serde::de::DeserializeOwned + Send + Sync + 'static>(
        json: &'static str,
    ) -> &'static T {
        use std::any::Any;
        use std::collections::HashMap;
        use std::sync::{Mutex, PoisonError};

        type Cache = HashMap<(usize, usize), &'static (dyn Any + Send + Sync)>;
        static CACHE: Mutex<Option<Cache>> = Mutex::new(None);
        let key = (json.as_ptr() as usize, json.len());
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = cache
            .get_or_insert_with(HashMap::new)
            .entry(key)
            .or_insert_with(|| {
                let value: T = serde_json::from_str(json)
                    .expect("role-dsl and role-macros are the same version");
                Box::leak(Box::new(value))
            });
        entry
            .downcast_ref::<T>()
            .expect("one text is one definition")
    }

    /// Fails to compile, at the path in `policies(...)`, when it is not a `#[policy]` struct.
    pub const fn assert_policy<T: crate::Policy>() {}

    /// A text field's value.
    pub fn text<T: AsRef<str> + ?Sized>(value: &T) -> Option<crate::ParamValue<'_>> {
        Some(crate::ParamValue::Text(value.as_ref()))
    }

    /// A list field's value: its elements as text.
    pub fn list<'a, T: AsRef<str> + ?Sized + 'a>(
        items: impl Iterator<Item = &'a T>,
    ) -> Option<crate::ParamValue<'a>> {
        Some(crate::ParamValue::List(items.map(AsRef::as_ref).collect()))
    }
}
