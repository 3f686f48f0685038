//! Patterns as the regular languages they are: a glob of literal characters, `*` and `?` is a
//! small automaton, and a subset construction over all of a question's patterns at once finds
//! every combination of "matched by these, not by those" that some string realizes, with the
//! shortest such string. That is what makes the diff exact for resources and string conditions.
//!
//! The alphabet is the characters the patterns name (both cases where a pattern ignores case),
//! `:` (which `*` does not cross inside an ARN field), and one character none of them names:
//! every other character behaves as that one does.

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::pattern::{Pattern, Piece};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elem {
    Char(char),
    /// A literal compared ignoring case.
    Fold(char),
    /// `*`; `colon` when it may match `:` too (not within the first ARN fields), `slash` when
    /// it may match `/` (all but a catalogue format's variable that holds one segment).
    Any {
        colon: bool,
        slash: bool,
    },
    /// `?`.
    One {
        colon: bool,
        slash: bool,
    },
}

impl Elem {
    fn admits(self, c: char) -> bool {
        match self {
            Elem::Char(x) => x == c,
            Elem::Fold(x) => x.to_lowercase().eq(c.to_lowercase()),
            Elem::Any { colon, slash } | Elem::One { colon, slash } => {
                (colon || c != ':') && (slash || c != '/')
            }
        }
    }
}

/// One pattern's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Glob {
    elems: Vec<Elem>,
    /// A catalogue format's variables: where each starts among `elems` (a `?` then a `*`),
    /// and its name.
    variables: Vec<(usize, String)>,
}

/// A policy variable read as one fixed value: the diff asks about one request at a time, and
/// the witness sets the variable's key to that value.
pub(crate) fn stand_in(key: &str) -> String {
    let tidy: String = key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("value-of-{tidy}")
}

impl Glob {
    /// Every string, `Resource: "*"`.
    pub fn everything() -> Glob {
        Glob {
            elems: vec![ANY],
            variables: Vec::new(),
        }
    }

    fn empty() -> Glob {
        Glob {
            elems: Vec::new(),
            variables: Vec::new(),
        }
    }

    /// A catalogue ARN format (see [`super::ResourceFormat`]): its `${Var}`s non-empty runs,
    /// without `:` nor `/` before the fifth `:`, without `/` at the end when
    /// `last_segment_only`; a `*` in it any run.
    pub fn format(text: &str, last_segment_only: bool) -> Glob {
        let mut glob = Glob::empty();
        let mut colons = 0;
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("${")
                && let Some(close) = after.find('}')
            {
                rest = &after[close + 1..];
                let (colon, slash) = if colons < 5 {
                    (false, false)
                } else {
                    (true, !(last_segment_only && rest.is_empty()))
                };
                glob.variables
                    .push((glob.elems.len(), after[..close].to_string()));
                glob.elems.push(Elem::One { colon, slash });
                glob.elems.push(Elem::Any { colon, slash });
                continue;
            }
            rest = &rest[c.len_utf8()..];
            colons += usize::from(c == ':');
            glob.elems.push(match c {
                '*' => ANY,
                '?' => Elem::One {
                    colon: true,
                    slash: true,
                },
                c => Elem::Char(c),
            });
        }
        glob
    }

    /// A pattern, its variables read as their [`stand_in`] (whose keys go to `variables`).
    pub fn of(pattern: &Pattern, colon: bool, fold: bool, variables: &mut Vec<String>) -> Glob {
        let mut glob = Glob::empty();
        glob.push(pattern, colon, fold, variables);
        glob
    }

    /// An ARN pattern's five fields after `arn:`, matched one by one as IAM does: a wildcard
    /// in the first four does not cross a `:`.
    pub fn arn(fields: &[Pattern; 5], variables: &mut Vec<String>) -> Glob {
        let mut glob = Glob::empty();
        glob.text("arn:", false);
        for (at, field) in fields.iter().enumerate() {
            if at > 0 {
                glob.text(":", false);
            }
            glob.push(field, at == 4, false, variables);
        }
        glob
    }

    fn text(&mut self, text: &str, fold: bool) {
        for c in text.chars() {
            self.elems
                .push(if fold { Elem::Fold(c) } else { Elem::Char(c) });
        }
    }

    fn push(&mut self, pattern: &Pattern, colon: bool, fold: bool, variables: &mut Vec<String>) {
        for piece in pattern.pieces() {
            match piece {
                Piece::Text(text) => self.text(text, fold),
                Piece::Any => self.elems.push(Elem::Any { colon, slash: true }),
                Piece::One => self.elems.push(Elem::One { colon, slash: true }),
                Piece::Variable { key, .. } => {
                    if !variables.iter().any(|k| k == &**key) {
                        variables.push(key.to_string());
                    }
                    self.text(&stand_in(key), fold);
                }
            }
        }
    }

    fn letters(&self, into: &mut Vec<char>) {
        for elem in &self.elems {
            match *elem {
                Elem::Char(c) => into.push(c),
                Elem::Fold(c) => into.extend(c.to_lowercase().chain(c.to_uppercase())),
                _ => {}
            }
        }
    }

    /// Where each element starts in `text` (and, last, its length) in one way the pattern
    /// matches it, each `*` as short as it can be; `None` when it does not match.
    fn align(&self, text: &str) -> Option<Vec<usize>> {
        let chars: Vec<char> = text.chars().collect();
        let (n, m) = (self.elems.len(), chars.len());
        let width = m + 1;
        // `can[i * width + j]`: the elements from `i` on match the characters from `j` on.
        let mut can = vec![false; (n + 1) * width];
        can[n * width + m] = true;
        for i in (0..n).rev() {
            for j in (0..=m).rev() {
                let elem = self.elems[i];
                let takes = j < m && elem.admits(chars[j]);
                can[i * width + j] = match elem {
                    Elem::Any { .. } => {
                        can[(i + 1) * width + j] || (takes && can[i * width + j + 1])
                    }
                    _ => takes && can[(i + 1) * width + j + 1],
                };
            }
        }
        if !can[0] {
            return None;
        }
        let mut starts = vec![0];
        let (mut i, mut j) = (0, 0);
        while i < n {
            match self.elems[i] {
                Elem::Any { .. } if !can[(i + 1) * width + j] => j += 1,
                Elem::Any { .. } => i += 1,
                _ => (i, j) = (i + 1, j + 1),
            }
            if starts.len() == i {
                starts.push(j);
            }
        }
        Some(starts)
    }

    /// Whether the pattern matches `text`.
    pub fn accepts(&self, text: &str) -> bool {
        let globs = [Some(self.clone())];
        let mut state = closure(&globs, vec![0]);
        for c in text.chars() {
            state = step(&globs, &state, c);
        }
        state.contains(&(self.elems.len() as u64))
    }
}

const ANY: Elem = Elem::Any {
    colon: true,
    slash: true,
};

/// How many position-steps one search may take: about a second's work at most.
const WORK_LIMIT: usize = 30_000_000;

/// The membership combinations that strings realize, each with the shortest string (in the
/// alphabet's order) that realizes it. `complete` is false when the automaton grew past
/// `limit` states and the search stopped: then some combination may be missing.
pub(crate) struct Cells {
    pub cells: Vec<(Vec<bool>, String)>,
    pub complete: bool,
}

/// Every combination of the `globs` (a `None` matches nothing) that some string realizes.
pub(crate) fn cells(globs: &[Option<Glob>], limit: usize) -> Cells {
    let alphabet = alphabet(globs);
    let start = closure(globs, (0..globs.len() as u64).map(|g| g << 32).collect());
    let mut seen: HashMap<Vec<u64>, ()> = HashMap::new();
    let mut found: BTreeMap<Vec<bool>, String> = BTreeMap::new();
    let mut queue = VecDeque::from([(start, String::new())]);
    let mut complete = true;
    let mut work = 0usize;
    while let Some((state, text)) = queue.pop_front() {
        if seen.contains_key(&state) {
            continue;
        }
        // Many overlapping wildcards can make the automaton large: past a budget of states or
        // of steps the search stops, and says so.
        work += state.len().max(1) * alphabet.len();
        if seen.len() >= limit || work > WORK_LIMIT {
            complete = false;
            break;
        }
        found
            .entry(membership(globs, &state))
            .or_insert_with(|| text.clone());
        for &c in &alphabet {
            let next = step(globs, &state, c);
            if !seen.contains_key(&next) {
                let mut longer = text.clone();
                longer.push(c);
                queue.push_back((next, longer));
            }
        }
        seen.insert(state, ());
    }
    // The empty string is the shortest of its cell, but `*` reads better as a witness resource
    // and an empty value reads as a mistake; `*` is outside every pattern's letters.
    let cells = found
        .into_iter()
        .map(|(vector, text)| {
            if text.is_empty() && membership_of(globs, "*") == vector {
                (vector, "*".to_string())
            } else {
                (vector, text)
            }
        })
        .collect();
    Cells { cells, complete }
}

/// `text` made to read as a real ARN of the first of `formats` (indexes into `globs`) that
/// matches it: each of that format's variables is given `value(name)` where that keeps what
/// every glob answers, so the text stays in its cell.
pub(crate) fn readable(
    globs: &[Option<Glob>],
    formats: &[usize],
    text: &str,
    value: impl Fn(&str) -> String,
) -> String {
    let want = membership_of(globs, text);
    let found = formats.iter().filter_map(|&g| globs[g].as_ref());
    let Some(format) = found.into_iter().find(|g| g.accepts(text)) else {
        return text.to_string();
    };
    let mut text = text.to_string();
    for (at, name) in &format.variables {
        let Some(starts) = format.align(&text) else {
            break;
        };
        let chars: Vec<char> = text.chars().collect();
        let (before, held, after) = (
            &chars[..starts[*at]],
            &chars[starts[*at]..starts[at + 2]],
            &chars[starts[at + 2]..],
        );
        // The example in place of what the variable holds, else after it (`data/a/` is an
        // object; `data/a/object-name` reads as one).
        let example: Vec<char> = value(name).chars().collect();
        let held_then_example: Vec<char> = held.iter().chain(&example).copied().collect();
        for middle in [&example, &held_then_example] {
            let candidate: String = before.iter().chain(middle).chain(after).collect();
            if membership_of(globs, &candidate) == want {
                text = candidate;
                break;
            }
        }
    }
    text
}

fn membership_of(globs: &[Option<Glob>], text: &str) -> Vec<bool> {
    globs
        .iter()
        .map(|g| g.as_ref().is_some_and(|g| g.accepts(text)))
        .collect()
}

fn alphabet(globs: &[Option<Glob>]) -> Vec<char> {
    let mut letters = vec![':', '/'];
    for glob in globs.iter().flatten() {
        glob.letters(&mut letters);
    }
    letters.sort_unstable();
    letters.dedup();
    let other = ['*', '#', '~', '_', '0', 'x', '\u{e000}']
        .into_iter()
        .find(|c| !letters.contains(c))
        .unwrap_or('\u{e001}');
    // Letters first, the stand-in for "anything else" last: witnesses read as the patterns do.
    letters.push(other);
    letters
}

/// A state: the sorted set of (glob << 32 | position) the automata may be in.
fn closure(globs: &[Option<Glob>], mut positions: Vec<u64>) -> Vec<u64> {
    let mut at = 0;
    while at < positions.len() {
        let (g, pos) = split(positions[at]);
        if let Some(glob) = &globs[g] {
            if let Some(Elem::Any { .. }) = glob.elems.get(pos) {
                let next = ((g as u64) << 32) | (pos as u64 + 1);
                if !positions.contains(&next) {
                    positions.push(next);
                }
            }
        } else {
            positions.swap_remove(at);
            continue;
        }
        at += 1;
    }
    positions.sort_unstable();
    positions.dedup();
    positions
}

fn step(globs: &[Option<Glob>], state: &[u64], c: char) -> Vec<u64> {
    let mut next = Vec::with_capacity(state.len());
    for &position in state {
        let (g, pos) = split(position);
        let Some(glob) = &globs[g] else { continue };
        let Some(&elem) = glob.elems.get(pos) else {
            continue;
        };
        if elem.admits(c) {
            next.push(match elem {
                Elem::Any { .. } => position,
                _ => position + 1,
            });
        }
    }
    closure(globs, next)
}

fn membership(globs: &[Option<Glob>], state: &[u64]) -> Vec<bool> {
    globs
        .iter()
        .enumerate()
        .map(|(g, glob)| {
            glob.as_ref().is_some_and(|glob| {
                let end = ((g as u64) << 32) | glob.elems.len() as u64;
                state.binary_search(&end).is_ok()
            })
        })
        .collect()
}

fn split(position: u64) -> (usize, usize) {
    ((position >> 32) as usize, (position & 0xffff_ffff) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::Syntax;

    fn glob(text: &str) -> Option<Glob> {
        Some(Glob::of(
            &Pattern::new(text, Syntax::GLOB),
            true,
            false,
            &mut Vec::new(),
        ))
    }

    #[test]
    fn finds_what_one_matches_and_the_other_does_not() {
        let found = cells(&[glob("a*"), glob("ab*")], 1000);
        assert!(found.complete);
        let witness = |v: &[bool]| {
            found
                .cells
                .iter()
                .find(|(c, _)| c == v)
                .map(|(_, s)| s.clone())
        };
        assert_eq!(witness(&[true, false]).as_deref(), Some("a"));
        assert_eq!(witness(&[true, true]).as_deref(), Some("ab"));
        assert_eq!(witness(&[false, true]), None);
        assert_eq!(witness(&[false, false]).as_deref(), Some("*"));
    }

    #[test]
    fn equivalent_patterns_share_every_cell() {
        let found = cells(&[glob("a**b"), glob("a*b")], 1000);
        assert!(found.cells.iter().all(|(v, _)| v[0] == v[1]));
    }

    #[test]
    fn arn_fields_do_not_cross_colons() {
        let p = |t: &str| {
            let f = crate::policy::arn_fields(t);
            let field = |i: usize| Pattern::new(f[i], Syntax::GLOB);
            Glob::arn(
                &[field(1), field(2), field(3), field(4), field(5)],
                &mut Vec::new(),
            )
        };
        let g = p("arn:aws:s3:*:*:b/*");
        assert!(g.accepts("arn:aws:s3:::b/x:y"));
        assert!(!g.accepts("arn:aws:s3:a:b:c:b/x"));
    }
}
