//! `role-cli explain`: what each finding code means, from the one registry of the checks' codes
//! (`RDnnn`) and the one registry of lints (`RLnnn`), so that a code in a CI log can be looked
//! up without the source.

use role_core::diag::{Code, did_you_mean, nearest};
use role_core::lint::{self, Lint};

use super::print;
use crate::exit::{Error, Exit};

enum Entry {
    Check(Code),
    Lint(&'static Lint),
}

pub fn run(names: &[String]) -> Result<Exit, Error> {
    let entries: Vec<Entry> = if names.is_empty() {
        Code::ALL
            .iter()
            .map(|&c| Entry::Check(c))
            .chain(lint::ALL.iter().map(|&l| Entry::Lint(l)))
            .collect()
    } else {
        names
            .iter()
            .map(|name| {
                if let Some(code) = Code::parse(name) {
                    return Ok(Entry::Check(code));
                }
                if let Some(lint) = lint::find(name) {
                    return Ok(Entry::Lint(lint));
                }
                let known = Code::ALL
                    .iter()
                    .flat_map(|c| [c.code(), c.slug()])
                    .chain(lint::ALL.iter().flat_map(|l| [l.code, l.name]));
                Err(Error::usage(format!(
                    "`{name}` is no finding code{}",
                    did_you_mean(nearest(name, known))
                ))
                .with_help("`role-cli explain` lists every code"))
            })
            .collect::<Result<_, _>>()?
    };
    let mut out = String::new();
    for entry in entries {
        match entry {
            Entry::Check(code) => {
                let silence = if code.silenceable() {
                    format!("silence with unchecked = [\"{}\"]", code.code())
                } else {
                    "cannot be silenced".to_owned()
                };
                out.push_str(&format!(
                    "{}  {:<28} {}\n       {silence}\n",
                    code.code(),
                    code.slug(),
                    code.description()
                ));
            }
            Entry::Lint(lint) => out.push_str(&format!(
                "{}  {:<28} lint, {} by default\n       why: {}\n       fix: {}\n       {}\n       accept with accept(\"{}\", \"the reason\") on the statement, #[role] or #[policy]\n",
                lint.code,
                lint.name,
                lint.level.name(),
                lint.why,
                lint.fix,
                lint.doc,
                lint.code
            )),
        }
    }
    print(&out)?;
    Ok(Exit::Success)
}
