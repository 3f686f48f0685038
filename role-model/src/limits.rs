//! IAM's limits on the strings of a role or policy (names, paths, descriptions, tags, external
//! ids): one definition, read by the validator on the literal text of a declaration and by every
//! resolution on the whole value, once the parameters are filled in.

use std::fmt;

/// A length and a set of characters, as IAM's API reference gives them.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// What the string is, for messages: "role name".
    pub what: &'static str,
    pub min: usize,
    pub max: usize,
    pub allowed: fn(char) -> bool,
    /// The allowed characters in words, for the help.
    pub characters: &'static str,
}

/// Why a string is outside its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Too short or too long, counted in characters.
    Length {
        count: usize,
        min: usize,
        max: usize,
    },
    /// A character IAM does not allow, at its byte offset.
    Character { at: usize, c: char },
    /// A path that is not `/` or `/.../`.
    Shape(&'static str),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Length { count, min, max } => {
                write!(f, "it has {count} characters; IAM allows {min} to {max}")
            }
            Problem::Character { c, .. } => write!(f, "it holds {c:?}, which IAM does not allow"),
            Problem::Shape(shape) => f.write_str(shape),
        }
    }
}

/// IAM's name characters, `[\w+=,.@-]`.
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// A role's description: `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]`.
fn is_description_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{a1}'..='\u{ff}')
}

/// Tag keys and values: `[\p{L}\p{Z}\p{N}_.:/=+\-@]`. `\p{Z}` is the separators (spaces, line and
/// paragraph separators): white space that is not a control character such as a tab.
pub fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || (c.is_whitespace() && !c.is_control()) || "_.:/=+-@".contains(c)
}

/// External ids: `[\w+=,.@:/-]`.
fn is_external_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c)
}

fn any_char(_: char) -> bool {
    true
}

const NAME_CHARACTERS: &str = "letters, digits and `_+=,.@-`";

pub const ROLE_NAME: Limit = Limit {
    what: "role name",
    min: 1,
    max: 64,
    allowed: is_name_char,
    characters: NAME_CHARACTERS,
};
pub const POLICY_NAME: Limit = Limit {
    what: "policy name",
    min: 1,
    max: 128,
    allowed: is_name_char,
    characters: NAME_CHARACTERS,
};
pub const INSTANCE_PROFILE_NAME: Limit = Limit {
    what: "instance profile name",
    min: 1,
    max: 128,
    allowed: is_name_char,
    characters: NAME_CHARACTERS,
};
pub const ROLE_DESCRIPTION: Limit = Limit {
    what: "description",
    min: 0,
    max: 1000,
    allowed: is_description_char,
    characters: "printable ASCII, tabs, line breaks and Latin-1 letters",
};
/// CreatePolicy's description has a length and no pattern.
pub const POLICY_DESCRIPTION: Limit = Limit {
    what: "description",
    min: 0,
    max: 1000,
    allowed: any_char,
    characters: "any characters",
};
pub const TAG_KEY: Limit = Limit {
    what: "tag key",
    min: 1,
    max: 128,
    allowed: is_tag_char,
    characters: "letters, digits, spaces and `_.:/=+-@`",
};
pub const TAG_VALUE: Limit = Limit {
    what: "tag value",
    min: 0,
    max: 256,
    allowed: is_tag_char,
    characters: "letters, digits, spaces and `_.:/=+-@`",
};
pub const EXTERNAL_ID: Limit = Limit {
    what: "external id",
    min: 2,
    max: 1224,
    allowed: is_external_id_char,
    characters: "letters, digits and `_+=,.@:/-`",
};

impl Limit {
    /// The whole value, once resolved.
    pub fn check(&self, text: &str) -> Result<(), Problem> {
        let count = text.chars().count();
        if count < self.min || count > self.max {
            return Err(Problem::Length {
                count,
                min: self.min,
                max: self.max,
            });
        }
        match self.bad_char(text) {
            Some((at, c)) => Err(Problem::Character { at, c }),
            None => Ok(()),
        }
    }

    /// The first character the limit does not allow, with its byte offset.
    pub fn bad_char(&self, text: &str) -> Option<(usize, char)> {
        text.char_indices().find(|&(_, c)| !(self.allowed)(c))
    }
}

/// Where a path is used: IAM checks a policy's path more strictly than a role's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// Roles and instance profiles: `/` or `/` + `[\u0021-\u007E]+` + `/`.
    Role,
    /// Managed policies: `((/[A-Za-z0-9.,+@=_-]+)*)/`.
    Policy,
}

const PATH_MAX: usize = 512;

impl PathKind {
    pub fn allows(self, c: char) -> bool {
        match self {
            PathKind::Role => ('\u{21}'..='\u{7e}').contains(&c),
            PathKind::Policy => c == '/' || c.is_ascii_alphanumeric() || ".,+@=_-".contains(c),
        }
    }

    /// How a path is written, for the help.
    pub fn shape(self) -> &'static str {
        match self {
            PathKind::Role => {
                "a path is `/` or starts and ends with `/`, such as `/service/`, up to 512 printable ASCII characters"
            }
            PathKind::Policy => {
                "a policy's path is `/` or `/`-separated names of letters, digits and `.,+@=_-` that starts and ends with `/`, such as `/app/`, up to 512 characters"
            }
        }
    }

    /// The whole path, once resolved.
    pub fn check(self, path: &str) -> Result<(), Problem> {
        let count = path.chars().count();
        if count == 0 || count > PATH_MAX {
            return Err(Problem::Length {
                count,
                min: 1,
                max: PATH_MAX,
            });
        }
        if let Some((at, c)) = path.char_indices().find(|&(_, c)| !self.allows(c)) {
            return Err(Problem::Character { at, c });
        }
        let shaped = path == "/"
            || (path.len() >= 3
                && path.starts_with('/')
                && path.ends_with('/')
                && (self == PathKind::Role || !path.contains("//")));
        if !shaped {
            return Err(Problem::Shape(self.shape()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(ROLE_NAME.check("KarpenterNodeRole-prod").is_ok());
        assert_eq!(
            ROLE_NAME.check(&"a".repeat(65)),
            Err(Problem::Length {
                count: 65,
                min: 1,
                max: 64
            })
        );
        assert_eq!(
            ROLE_NAME.check("a b"),
            Err(Problem::Character { at: 1, c: ' ' })
        );
        assert!(POLICY_NAME.check(&"a".repeat(128)).is_ok());
    }

    #[test]
    fn tags_allow_separators_but_not_control_whitespace() {
        assert!(TAG_VALUE.check("a b\u{a0}c\u{2028}").is_ok());
        assert!(TAG_VALUE.check("").is_ok());
        for bad in ["a\tb", "a\nb", "a\u{85}b", "a\u{b}b"] {
            assert!(TAG_VALUE.check(bad).is_err(), "{bad:?}");
        }
        assert!(TAG_KEY.check("").is_err());
    }

    #[test]
    fn paths() {
        for ok in ["/", "/a/", "/a/b/", "/a.b,c+d@e=f_g-h/"] {
            assert!(PathKind::Policy.check(ok).is_ok(), "{ok}");
            assert!(PathKind::Role.check(ok).is_ok(), "{ok}");
        }
        for role_only in ["/a:b/", "/a*/", "/a//b/"] {
            assert!(PathKind::Role.check(role_only).is_ok(), "{role_only}");
            assert!(PathKind::Policy.check(role_only).is_err(), "{role_only}");
        }
        for bad in ["", "a", "/a", "a/", "/ /"] {
            assert!(PathKind::Role.check(bad).is_err(), "{bad}");
        }
    }
}
