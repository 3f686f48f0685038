//! Renderers: pure functions from the model to each output format. The same bundle always gives
//! the same bytes: maps keep insertion order, and everything is inserted in bundle order.

pub mod cloudformation;
mod document;
mod encode;
mod error;
mod format;
pub mod iam;
pub mod names;
pub mod terraform;
mod unique;

#[cfg(any(test, feature = "equivalence"))]
#[doc(hidden)]
pub mod equivalence;
#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

pub use error::RenderError;
pub use format::{Format, UnknownFormat};

use crate::env::Env;
use crate::model::Bundle;

/// One file that `--out DIR` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to DIR: `template.json`, `main.tf.json`, `LogWriter.trust.json`.
    pub path: String,
    pub contents: String,
}

/// A render, in both of the forms the CLI writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// What goes to stdout without `--out`.
    pub stdout: String,
    /// What `--out DIR` writes.
    pub files: Vec<OutputFile>,
    /// What the format could not hold, said rather than dropped in silence.
    pub warnings: Vec<String>,
}

/// Renders `bundle` in `format`. Only `Format::Iam` reads `env`: the other formats keep
/// placeholders as parameters and references.
pub fn render(bundle: &Bundle, format: Format, env: &Env) -> Result<Rendered, RenderError> {
    match format {
        Format::Iam => {
            let value = iam::bundle(bundle, env)?;
            Ok(Rendered {
                stdout: encode::json(&value),
                files: iam::files(&value)?,
                warnings: Vec::new(),
            })
        }
        Format::CloudFormation => {
            let text = encode::json(&cloudformation::template(bundle)?);
            Ok(Rendered {
                files: vec![OutputFile {
                    path: "template.json".into(),
                    contents: text.clone(),
                }],
                stdout: text,
                warnings: cloudformation::warnings(bundle),
            })
        }
        Format::CloudFormationYaml => {
            let text = encode::yaml(&cloudformation::template(bundle)?);
            Ok(Rendered {
                files: vec![OutputFile {
                    path: "template.yaml".into(),
                    contents: text.clone(),
                }],
                stdout: text,
                warnings: cloudformation::warnings(bundle),
            })
        }
        Format::Terraform => {
            let module = terraform::module(bundle)?;
            Ok(Rendered {
                stdout: encode::json(&module.merged()),
                files: module.files(),
                warnings: Vec::new(),
            })
        }
    }
}
