//! Where a note points: the path of names in the template, and the line it starts on. Neither
//! YAML nor JSON parser here keeps positions, so the line is found again in the text by
//! following the path through the indentation, as a reader's eye would; where that fails
//! (flow style, a minified file) the note keeps the line of the nearest enclosing name found.

use std::fmt;

/// `Resources.NodeRole.Properties.Policies[0].PolicyDocument`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Path(Vec<Seg>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

impl Path {
    pub(crate) fn key(&self, key: &str) -> Path {
        let mut path = self.clone();
        path.0.push(Seg::Key(key.to_owned()));
        path
    }

    pub(crate) fn index(&self, index: usize) -> Path {
        let mut path = self.clone();
        path.0.push(Seg::Index(index));
        path
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(key) if i == 0 => f.write_str(key)?,
                Seg::Key(key) => write!(f, ".{key}")?,
                Seg::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The template's lines, to find a path's line in.
pub(crate) struct Lines<'a> {
    lines: Vec<&'a str>,
    json: bool,
}

/// The part of the text a value takes: its content starts at `begin` (on that line at `inline`
/// when it starts right after a list item's dash) and goes on over the lines indented deeper
/// than `parent`.
#[derive(Clone, Copy)]
struct Region {
    begin: usize,
    inline: Option<usize>,
    parent: isize,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Lines<'a> {
        Lines {
            lines: text.lines().collect(),
            json: text.trim_start().starts_with('{'),
        }
    }

    pub(crate) fn is_json(&self) -> bool {
        self.json
    }

    /// The line and column (1-based) where `path` starts, or where the deepest part of it that
    /// could be followed starts.
    pub(crate) fn locate(&self, path: &Path) -> (Option<usize>, Option<usize>) {
        let mut region = self.root();
        let mut found = None;
        for seg in &path.0 {
            let next = match seg {
                Seg::Key(key) => self.find_key(region, key),
                Seg::Index(index) => self.find_item(region, *index),
            };
            match next {
                Some((line, column, inner)) => {
                    found = Some((line + 1, column + 1));
                    region = inner;
                }
                None => break,
            }
        }
        (found.map(|f| f.0), found.map(|f| f.1))
    }

    fn root(&self) -> Region {
        if self.json {
            let open = self
                .lines
                .iter()
                .position(|l| l.trim_start().starts_with('{'))
                .unwrap_or(0);
            Region {
                begin: open + 1,
                inline: None,
                parent: indent(self.lines.get(open).copied().unwrap_or("")) as isize,
            }
        } else {
            Region {
                begin: 0,
                inline: None,
                parent: -1,
            }
        }
    }

    /// The lines that hold `region`'s direct children, with the column they start at: each
    /// line's text from that column.
    fn children(&self, region: Region) -> Vec<(usize, usize, &'a str)> {
        let mut out = Vec::new();
        let mut start = region.begin;
        let column = match region.inline {
            Some(column) => {
                if let Some(line) = self.lines.get(region.begin) {
                    out.push((region.begin, column, line.get(column..).unwrap_or("")));
                }
                start += 1;
                column
            }
            None => match self.first_content(start, region.parent) {
                Some(column) => column,
                None => return out,
            },
        };
        // A YAML list at its key's own indentation ends where its dashes do.
        let list_beside_key = column as isize == region.parent;
        for (i, line) in self.lines.iter().enumerate().skip(start) {
            if is_blank(line) {
                continue;
            }
            let own = indent(line);
            if own < column || (list_beside_key && own == column && !line[own..].starts_with('-')) {
                break;
            }
            if own == column {
                out.push((i, column, &line[column..]));
            }
        }
        out
    }

    /// The indentation of the first line of content after `begin`, when it belongs to the
    /// value (deeper than its parent; a YAML list may sit at its key's own indentation).
    fn first_content(&self, begin: usize, parent: isize) -> Option<usize> {
        let line = self.lines.iter().skip(begin).find(|l| !is_blank(l))?;
        let own = indent(line) as isize;
        let dash = !self.json && line.trim_start().starts_with('-');
        (own > parent || (dash && own == parent)).then_some(own as usize)
    }

    fn find_key(&self, region: Region, key: &str) -> Option<(usize, usize, Region)> {
        self.children(region)
            .into_iter()
            .find(|(_, _, text)| starts_with_key(text, key))
            .map(|(line, column, _)| {
                let inner = Region {
                    begin: line + 1,
                    inline: None,
                    parent: column as isize,
                };
                (line, column, inner)
            })
    }

    fn find_item(&self, region: Region, index: usize) -> Option<(usize, usize, Region)> {
        let items = self
            .children(region)
            .into_iter()
            .filter(|(_, _, text)| self.starts_item(text));
        let (line, column, text) = items.into_iter().nth(index)?;
        let inner = if self.json {
            Region {
                begin: line + 1,
                inline: None,
                parent: column as isize,
            }
        } else {
            let after_dash = text[1..].len() - text[1..].trim_start().len();
            Region {
                begin: line,
                inline: Some(column + 1 + after_dash),
                parent: column as isize,
            }
        };
        Some((line, column, inner))
    }

    fn starts_item(&self, text: &str) -> bool {
        if self.json {
            !text.starts_with('}') && !text.starts_with(']')
        } else {
            text == "-" || text.starts_with("- ")
        }
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

fn is_blank(line: &str) -> bool {
    let text = line.trim();
    text.is_empty() || text.starts_with('#')
}

/// `Key:`, `"Key":`, `'Key':` opening a line's text.
fn starts_with_key(text: &str, key: &str) -> bool {
    let rest = ["\"", "'", ""].iter().find_map(|quote| {
        let rest = text.strip_prefix(quote)?.strip_prefix(key)?;
        rest.strip_prefix(quote)
    });
    rest.is_some_and(|rest| {
        let rest = rest.trim_start();
        rest.strip_prefix(':').is_some_and(|after| {
            after.is_empty() || after.starts_with([' ', '\t']) || after.starts_with(['"', '{', '['])
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(segs: &[&str]) -> Path {
        let mut path = Path::default();
        for seg in segs {
            path = match seg.parse::<usize>() {
                Ok(i) => path.index(i),
                Err(_) => path.key(seg),
            };
        }
        path
    }

    #[test]
    fn paths_read_as_names_and_indices() {
        assert_eq!(
            path(&[
                "Resources",
                "Role",
                "Properties",
                "Policies",
                "0",
                "PolicyDocument"
            ])
            .to_string(),
            "Resources.Role.Properties.Policies[0].PolicyDocument"
        );
    }

    const YAML: &str = "\
Parameters:
  Name:
    Type: String
Resources:
  # the role
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
      - PolicyName: a
        PolicyDocument:
          Statement: []
      -   PolicyName: b
          PolicyDocument:
            Statement: []
      Tags:
        - Key: k
          Value: v
";

    #[test]
    fn yaml_paths_are_followed_through_the_indentation() {
        let lines = Lines::new(YAML);
        let at = |segs: &[&str]| lines.locate(&path(segs));
        assert_eq!(at(&["Resources", "Role"]), (Some(6), Some(3)));
        assert_eq!(
            at(&[
                "Resources",
                "Role",
                "Properties",
                "Policies",
                "1",
                "PolicyDocument"
            ]),
            (Some(14), Some(11))
        );
        assert_eq!(
            at(&[
                "Resources",
                "Role",
                "Properties",
                "Policies",
                "0",
                "PolicyDocument"
            ]),
            (Some(11), Some(9))
        );
        assert_eq!(
            at(&["Resources", "Role", "Properties", "Tags", "0", "Value"]),
            (Some(18), Some(11))
        );
        // `Name` under Parameters is not the role's: the search stays in its block.
        assert_eq!(at(&["Resources", "Name"]), (Some(4), Some(1)));
    }

    #[test]
    fn json_paths_are_followed_through_the_indentation() {
        let text = "{\n  \"Resources\": {\n    \"Role\": {\n      \"Properties\": {\n        \"Policies\": [\n          {\n            \"PolicyName\": \"a\"\n          },\n          {\n            \"PolicyName\": \"b\"\n          }\n        ]\n      }\n    }\n  }\n}\n";
        let lines = Lines::new(text);
        assert_eq!(
            lines.locate(&path(&[
                "Resources",
                "Role",
                "Properties",
                "Policies",
                "1",
                "PolicyName"
            ])),
            (Some(10), Some(13))
        );
    }
}
