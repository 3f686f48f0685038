//! `unchecked = [...]`: what the user lets through on purpose, at the narrowest place (a
//! statement, a `#[policy]`, a `#[role]`). Action names skip the catalogue's checks of that
//! action; finding codes silence those findings there. A silenced finding is kept, marked, so
//! that `role-cli check --verbose` can say what was silenced where.

use crate::diag::{Code, Finding, Findings, did_you_mean, nearest};
use crate::syntax::ast::Str;

/// The entries of one `unchecked = [...]`, read.
#[derive(Debug, Clone, Default)]
pub struct Unchecked {
    /// Actions newer than the catalogue, as written.
    pub actions: Vec<Str>,
    /// Finding codes, each with the entry that names it.
    pub codes: Vec<(Code, Str)>,
}

impl Unchecked {
    /// Reads `entries`; an entry that is neither an action nor a code that may be silenced is a
    /// finding.
    pub fn read(entries: &[Str], findings: &mut Findings) -> Unchecked {
        let mut out = Unchecked::default();
        for entry in entries {
            let text = entry.value.as_str();
            if let Some(code) = Code::parse(text) {
                if code.silenceable() {
                    out.codes.push((code, entry.clone()));
                } else {
                    findings.push(
                        Finding::error(
                            Code::InvalidUnchecked,
                            entry.spot,
                            format!(
                                "{} ({}) cannot be silenced: without it the role cannot be built",
                                code.code(),
                                code.slug()
                            ),
                        )
                        .with_help("fix the mistake it reports instead"),
                    );
                }
            } else if looks_like_code(text) {
                let codes = Code::ALL.iter().map(|c| c.code());
                findings.push(
                    Finding::error(
                        Code::InvalidUnchecked,
                        entry.spot,
                        format!(
                            "`{text}` is not a finding code{}",
                            did_you_mean(nearest(text, codes))
                        ),
                    )
                    .with_help("`role-cli explain` lists every code"),
                );
            } else if text.contains(':') && !text.contains(char::is_whitespace) {
                out.actions.push(entry.clone());
            } else {
                findings.push(
                    Finding::error(
                        Code::InvalidUnchecked,
                        entry.spot,
                        format!("`{text}` is neither an action nor a finding code"),
                    )
                    .with_help("`unchecked` takes actions newer than the catalogue (\"svc:NewAction\") and finding codes (\"RD511\")"),
                );
            }
        }
        out
    }

    /// The actions of `self` and of `outer`, for a statement inside a role or policy.
    pub fn actions_with(&self, outer: &Unchecked) -> Vec<Str> {
        self.actions.iter().chain(&outer.actions).cloned().collect()
    }

    /// Marks the findings from `from` on whose code `self` names as silenced by that entry; each
    /// code that silenced nothing is a warning (a stale entry hides the next real mistake).
    pub fn silence(&self, findings: &mut Findings, from: usize) {
        for (code, entry) in &self.codes {
            let mut used = false;
            for finding in &mut findings.0[from..] {
                if finding.code == *code && finding.silenced.is_none() {
                    finding.silenced = Some(entry.spot);
                    used = true;
                }
            }
            if !used {
                findings.push(
                    Finding::warning(
                        Code::UnusedUnchecked,
                        entry.spot,
                        format!("`{}` silences nothing here", entry.value),
                    )
                    .with_help("remove it from `unchecked`"),
                );
            }
        }
    }
}

/// `RD` and digits, or a slug: what a user means as a code.
fn looks_like_code(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    (upper.starts_with("RD") && text[2..].bytes().all(|b| b.is_ascii_digit()))
        || (text.contains('-') && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Spot;

    fn str(text: &str) -> Str {
        Str {
            value: text.to_owned(),
            spot: Spot::new(proc_macro2::Span::call_site()),
        }
    }

    #[test]
    fn entries_are_actions_or_codes() {
        let mut findings = Findings::default();
        let read = Unchecked::read(
            &[
                str("RD511"),
                str("resource-mismatch"),
                str("s3:BrandNew"),
                str("RD999"),
                str("RD401"),
                str("nonsense"),
            ],
            &mut findings,
        );
        assert_eq!(read.actions.len(), 1);
        assert_eq!(read.codes.len(), 2);
        let codes: Vec<Code> = findings.0.iter().map(|f| f.code).collect();
        assert_eq!(codes, [Code::InvalidUnchecked; 3]);
    }

    #[test]
    fn silencing_marks_and_unused_entries_warn() {
        let mut findings = Findings::default();
        findings.error(
            Code::ResourceMismatch,
            Spot::new(proc_macro2::Span::call_site()),
            "x",
        );
        let read = Unchecked::read(&[str("RD511"), str("RD512")], &mut Findings::default());
        read.silence(&mut findings, 0);
        assert!(findings.0[0].silenced.is_some());
        assert!(!findings.has_errors());
        assert_eq!(findings.0[1].code, Code::UnusedUnchecked);
    }
}
