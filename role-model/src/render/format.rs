//! The output formats a render can produce, by the names the CLI accepts.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Raw IAM policy documents, placeholders resolved.
    Iam,
    /// One CloudFormation template, in JSON.
    CloudFormation,
    /// The same CloudFormation template, in YAML.
    CloudFormationYaml,
    /// A Terraform module in JSON syntax.
    Terraform,
}

impl Format {
    pub const ALL: [Format; 4] = [
        Format::Iam,
        Format::CloudFormation,
        Format::CloudFormationYaml,
        Format::Terraform,
    ];

    /// The name given to `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Iam => "iam",
            Format::CloudFormation => "cloudformation",
            Format::CloudFormationYaml => "cloudformation-yaml",
            Format::Terraform => "terraform",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `--format` value that names no format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown format `{}`; expected one of ", self.0)?;
        for (i, format) in Format::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{format}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_parses_back_from_its_name() {
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>(), Ok(format));
        }
    }

    #[test]
    fn an_unknown_name_lists_the_known_ones() {
        let err = "yaml".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format `yaml`; expected one of `iam`, `cloudformation`, `cloudformation-yaml`, `terraform`"
        );
    }
}
