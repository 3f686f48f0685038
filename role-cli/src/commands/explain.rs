//! `role-cli explain`: what each finding code means, from the one registry of codes, so that a
//! code in a CI log can be looked up without the source.

use role_core::diag::{Code, did_you_mean, nearest};

use super::print;
use crate::exit::{Error, Exit};

pub fn run(names: &[String]) -> Result<Exit, Error> {
    let codes: Vec<Code> = if names.is_empty() {
        Code::ALL.to_vec()
    } else {
        names
            .iter()
            .map(|name| {
                Code::parse(name).ok_or_else(|| {
                    let known = Code::ALL.iter().flat_map(|c| [c.code(), c.slug()]);
                    Error::usage(format!(
                        "`{name}` is no finding code{}",
                        did_you_mean(nearest(name, known))
                    ))
                    .with_help("`role-cli explain` lists every code")
                })
            })
            .collect::<Result<_, _>>()?
    };
    let mut out = String::new();
    for code in codes {
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
    print(&out)?;
    Ok(Exit::Success)
}
