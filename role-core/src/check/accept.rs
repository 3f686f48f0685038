//! `accept("RL111", "reason")` must say which lint and why: a silenced lint without its reason
//! tells the next reader nothing. Checked here, at compile time, rather than by `role-cli lint`,
//! so that the macro fails where it is written.

use crate::diag::{Code, Finding, Findings, did_you_mean, nearest};
use crate::lint;
use crate::syntax::ast::{Accept, Decl};

/// Every `accept(...)` of the declaration: its own, its trust statements' and its statements'.
pub fn decl(decl: &Decl, findings: &mut Findings) {
    let args = &decl.args;
    let accepts = args
        .accepts
        .iter()
        .chain(args.trust.iter().flat_map(|t| &t.accepts))
        .chain(args.statements.iter().flat_map(|s| &s.accepts));
    for accept in accepts {
        one(accept, findings);
    }
}

fn one(accept: &Accept, findings: &mut Findings) {
    let Some(code) = &accept.code else {
        findings.push(
            Finding::error(Code::InvalidAccept, accept.spot, "`accept` names the lint it accepts")
                .with_help("write `accept(\"RL111\", \"why this is fine here\")`; `role-cli explain` lists the lints"),
        );
        return;
    };
    if lint::find(&code.value).is_none() {
        let known = lint::ALL.iter().map(|l| l.code);
        let hint = did_you_mean(nearest(&code.value, known));
        let help = if code.value.to_ascii_uppercase().starts_with("RD") {
            "a check's finding is silenced with `unchecked = [\"RDnnn\"]`; `accept` takes lints (`RLnnn`)"
        } else {
            "`role-cli explain` lists every lint code"
        };
        findings.push(
            Finding::error(
                Code::InvalidAccept,
                code.spot,
                format!("`{}` is no lint code{hint}", code.value),
            )
            .with_help(help),
        );
    }
    if accept
        .reason
        .as_ref()
        .is_none_or(|r| r.value.trim().is_empty())
    {
        let spot = accept.reason.as_ref().map_or(accept.spot, |r| r.spot);
        findings.push(
            Finding::error(Code::InvalidAccept, spot, "an accepted lint needs its reason")
                .with_help(format!(
                    "write `accept(\"{}\", \"why this is fine here\")`: the reason is kept in the lint report",
                    code.value
                )),
        );
    }
}
