//! Driving @cloud-copilot/iam-simulate (`tests/external/iam_simulate.mjs`, installed at test time
//! by `.ci/run`, never a dependency of a crate) and judging its answers against role-eval's: the
//! one place that knows how to run the harness, when a missing node or package is a skip or a
//! failure, and which disagreements are the oracle's known mistakes
//! (`tests/evaluate/DISAGREEMENTS.md`), so that every test comparing with it excuses the same ones
//! the same way.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use role_eval::{ContextValue, Outcome, Simulation};
use serde_json::{Value, json};

/// Disagreements printed in full when a test fails; the count says how many more.
pub const SHOWN: usize = 20;

/// What a comparison found: iam-simulate's answers by outcome, the simulations both decided
/// alike, those excused as a known mistake of the oracle (by class), and every other
/// disagreement, written out with its simulation.
#[derive(Debug, Default)]
pub struct Comparison {
    pub answers: BTreeMap<&'static str, usize>,
    pub agreed: usize,
    pub excused: BTreeMap<String, usize>,
    pub failures: Vec<String>,
}

impl Comparison {
    /// Fails, showing the first [`SHOWN`], if any disagreement is left unexplained.
    pub fn assert_explained(&self, total: usize) {
        assert!(
            self.failures.is_empty(),
            "{} of {total} simulations disagree (the first {} shown):\n\n{}",
            self.failures.len(),
            self.failures.len().min(SHOWN),
            self.failures[..self.failures.len().min(SHOWN)].join("\n\n")
        );
    }
}

/// role-eval's answer to each simulation, as [`compare`] takes them.
pub fn role_eval_answers(simulations: &[Simulation]) -> Vec<Result<Outcome, String>> {
    simulations
        .iter()
        .map(|s| {
            role_eval::simulate(s)
                .map(|d| d.decision)
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// role-eval's answers (`ours`, one a simulation) against iam-simulate's; a disagreement is
/// excused only if its class is listed in DISAGREEMENTS.md and the oracle, asked about the
/// request as it reads it right, then gives role-eval's answer. `label(i)` names the i-th
/// simulation in a failure. `None` where the oracle cannot run (see [`oracle`]).
pub fn compare(
    simulations: &[Simulation],
    ours: &[Result<Outcome, String>],
    label: impl Fn(usize) -> String,
) -> Option<Comparison> {
    assert_eq!(ours.len(), simulations.len(), "one answer a simulation");
    let answers = oracle(simulations)?;
    let listed = listed_classes();
    let mut out = Comparison::default();
    let mut recheck: Vec<(usize, String, Outcome, Simulation)> = Vec::new();
    for (i, (sim, theirs)) in simulations.iter().zip(&answers).enumerate() {
        let theirs = match theirs {
            Ok(o) => *o,
            Err(e) => {
                out.failures.push(format!(
                    "{}: iam-simulate could not decide ({e}):\n{}",
                    label(i),
                    serde_json::to_string(sim).unwrap()
                ));
                continue;
            }
        };
        *out.answers.entry(outcome_name(theirs)).or_default() += 1;
        let ours = match &ours[i] {
            Ok(o) => *o,
            Err(e) => {
                out.failures.push(format!(
                    "{}: role-eval could not decide ({e}); iam-simulate: {}:\n{}",
                    label(i),
                    outcome_name(theirs),
                    serde_json::to_string(sim).unwrap()
                ));
                continue;
            }
        };
        if ours == theirs {
            out.agreed += 1;
            continue;
        }
        if let Some((classes, rewritten)) = oracle_mistake(sim)
            && classes.iter().all(|c| listed.iter().any(|l| l == c))
        {
            recheck.push((i, classes.join("+"), ours, rewritten));
            continue;
        }
        out.failures.push(format!(
            "{}: role-eval: {}, iam-simulate: {}:\n{}",
            label(i),
            outcome_name(ours),
            outcome_name(theirs),
            serde_json::to_string(sim).unwrap()
        ));
    }
    let rewritten: Vec<Simulation> = recheck.iter().map(|r| r.3.clone()).collect();
    let again = if rewritten.is_empty() {
        Vec::new()
    } else {
        oracle(&rewritten).expect("the oracle ran a moment ago")
    };
    for ((i, class, ours, rewritten), theirs) in recheck.iter().zip(again) {
        if theirs.as_ref() == Ok(ours) {
            *out.excused.entry(class.clone()).or_default() += 1;
        } else {
            out.failures.push(format!(
                "{}: role-eval: {}; iam-simulate, even once the request avoids its known mistake {class}: {theirs:?}:\n{}\nrewritten:\n{}",
                label(*i),
                outcome_name(*ours),
                serde_json::to_string(&simulations[*i]).unwrap(),
                serde_json::to_string(rewritten).unwrap()
            ));
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// The oracle.

/// iam-simulate's answers, one a simulation, in order; `None`, and a note, where node or the
/// package is missing (a failure when `ROLE_TESTS_REQUIRE_EXTERNAL` is set).
pub fn oracle(simulations: &[Simulation]) -> Option<Vec<Result<Outcome, String>>> {
    let dir = crate::support::root().join("tests/external");
    let package = dir.join("node_modules/@cloud-copilot/iam-simulate/package.json");
    let node = Command::new("node").arg("--version").output();
    let missing = if node.is_err() {
        Some("node is not on PATH".to_owned())
    } else if !package.exists() {
        Some(format!(
            "{} is missing (`npm ci --prefix tests/external`)",
            package.display()
        ))
    } else {
        None
    };
    if let Some(why) = missing {
        assert!(
            std::env::var("ROLE_TESTS_REQUIRE_EXTERNAL").is_err(),
            "the oracle cannot run: {why}; run .ci/run"
        );
        eprintln!("note: skipped: {why}");
        return None;
    }
    let mut child = Command::new("node")
        .arg(dir.join("iam_simulate.mjs"))
        .args(["--mode", "core"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node starts");
    let mut input = String::new();
    for s in simulations {
        input.push_str(&serde_json::to_string(s).expect("a Simulation serializes"));
        input.push('\n');
    }
    let mut stdin = child.stdin.take().expect("piped stdin");
    // Written from a thread of its own: node answers as it reads, and a full pipe either way
    // would stop both.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let answers: Vec<Result<Outcome, String>> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(|line| {
            let line = line.expect("readable output");
            let v: Value = serde_json::from_str(&line).expect("the harness writes JSON");
            match v["decision"].as_str() {
                Some("allow") => Ok(Outcome::Allow),
                Some("explicit_deny") => Ok(Outcome::ExplicitDeny),
                Some("implicit_deny") => Ok(Outcome::ImplicitDeny),
                _ => Err(v["error"].as_str().unwrap_or("no decision").to_owned()),
            }
        })
        .collect();
    writer.join().unwrap().expect("node reads its input");
    assert!(
        child.wait().expect("node ends").success(),
        "the harness failed"
    );
    assert_eq!(answers.len(), simulations.len(), "one answer a simulation");
    Some(answers)
}

// ---------------------------------------------------------------------------------------------
// Known mistakes of the oracle.

/// The classes `tests/evaluate/DISAGREEMENTS.md` lists (its `## ` headings' first word).
pub fn listed_classes() -> Vec<String> {
    let text =
        std::fs::read_to_string(crate::support::root().join("tests/evaluate/DISAGREEMENTS.md"))
            .expect("tests/evaluate/DISAGREEMENTS.md");
    text.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .filter_map(|l| l.split_whitespace().next())
        .map(|w| w.trim_matches(|c| c == '`' || c == ':').to_owned())
        .collect()
}

/// The class of known oracle mistake a simulation falls in, if any, with the same request
/// rewritten so that iam-simulate reads it as AWS does: each class is a shape of input where
/// iam-simulate 0.1.173 answers against AWS (DISAGREEMENTS.md says which page decides). The test
/// asks the oracle again about the rewritten request and excuses the disagreement only if it
/// then gives our answer, so that a class cannot hide a second, unrelated difference.
pub fn oracle_mistake(sim: &Simulation) -> Option<(Vec<&'static str>, Simulation)> {
    let mut rewritten = sim.clone();
    let mut classes = Vec::new();
    let mut unresolved = false;
    let context = &sim.request.context_variables;

    let mut changed = false;
    for_each_resource(&mut rewritten, &mut |resource| {
        if let Some(text) = variables_outside_resource_id(resource, context) {
            *resource = text;
            changed = true;
        }
    });
    if changed {
        classes.push("variable-in-arn-field");
    }

    let mut changed = false;
    for_each_condition(&mut rewritten, &mut |operator, key, values| {
        let base = operator.rsplit(':').next().unwrap_or(operator);
        if !base.starts_with("Date") {
            return;
        }
        let Some(ContextValue::One(actual)) = context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
        else {
            return;
        };
        for_each_string(Some(values), &mut |value| {
            if is_epoch(value) != is_epoch(actual) {
                match in_other_format(value) {
                    Some(other) => {
                        *value = other;
                        changed = true;
                    }
                    None => unresolved = true,
                }
            }
        });
    });
    if changed {
        classes.push("date-epoch-vs-iso");
    }

    // `0.0.0.0/0` is written as its two halves, `0.0.0.0/1` and `128.0.0.0/1`: the same
    // addresses, with a prefix iam-simulate's mask can express.
    let mut changed = false;
    for_each_condition(&mut rewritten, &mut |operator, _, values| {
        if !operator.contains("IpAddress") {
            return;
        }
        let listed: Vec<Value> = match &*values {
            Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        if listed.iter().any(|v| v == "0.0.0.0/0") {
            let mut halves: Vec<Value> = listed.into_iter().filter(|v| v != "0.0.0.0/0").collect();
            halves.extend([json!("0.0.0.0/1"), json!("128.0.0.0/1")]);
            *values = Value::Array(halves);
            changed = true;
        }
    });
    if changed {
        classes.push("ipv4-zero-prefix");
    }
    // A `*` in the requested resource is a character of its name (an S3 object key may hold
    // one; `${*}` exists to match it); iam-simulate reads it as a pattern. Rewritten, the
    // character is one no document of the simulation holds, in the resource and for `${*}` in
    // `Resource` and `NotResource`: the same resources match, and the request holds no `*`.
    let requested = &sim.request.resource.resource;
    if requested != "*" && requested.contains('*') {
        let text = serde_json::to_string(sim).expect("a Simulation serializes");
        match ['~', '\u{2217}'].into_iter().find(|c| !text.contains(*c)) {
            Some(stand) => {
                rewritten.request.resource.resource = requested.replace('*', &stand.to_string());
                for_each_resource(&mut rewritten, &mut |resource| {
                    *resource = resource.replace("${*}", &stand.to_string());
                });
                classes.push("star-in-requested-resource");
            }
            None => unresolved = true,
        }
    }
    // A resource-based statement that names the session itself grants beyond the session
    // policy: given to the session policy as well, iam-simulate then reads the grant as AWS does.
    // The statements are taken from the rewritten resource policy: a mistake above may be in them.
    let resource_policy = rewritten.resource_policy.clone();
    if let Some(session) = rewritten.session_policy.as_mut()
        && let Some(resource) = &resource_policy
    {
        let caller = sim.request.principal.as_str();
        let mut account = caller.split(':').skip(4);
        let same_account = account.next() == Some(sim.request.resource.account_id.as_str());
        let is_session = caller.contains(":assumed-role/") || caller.contains(":federated-user/");
        let naming: Vec<Value> = statements_of(resource)
            .into_iter()
            .filter(|st| st["Effect"] == "Allow" && names_exactly(&st["Principal"], caller))
            .map(|st| {
                let mut copy = st.clone();
                let object = copy.as_object_mut().expect("a statement is an object");
                object.remove("Principal");
                object.remove("Sid");
                if !object.contains_key("Resource") && !object.contains_key("NotResource") {
                    object.insert("Resource".into(), json!("*"));
                }
                copy
            })
            .collect();
        if same_account && is_session && !naming.is_empty() {
            let mut statements = statements_of(session);
            statements.extend(naming);
            session["Statement"] = Value::Array(statements);
            classes.push("session-arn-beyond-session-policy");
        }
    }
    (!classes.is_empty() && !unresolved).then_some((classes, rewritten))
}

/// A policy's statements as a list, whether written as one object or several.
pub fn statements_of(policy: &Value) -> Vec<Value> {
    match &policy["Statement"] {
        Value::Array(items) => items.clone(),
        one @ Value::Object(_) => vec![one.clone()],
        _ => Vec::new(),
    }
}

/// Whether a `Principal` element names `arn` itself in its `AWS` list.
pub fn names_exactly(principal: &Value, arn: &str) -> bool {
    match &principal["AWS"] {
        Value::String(one) => one == arn,
        Value::Array(items) => items.iter().any(|v| v == arn),
        _ => false,
    }
}

/// Whether a date is written as epoch seconds (else ISO 8601).
pub fn is_epoch(date: &str) -> bool {
    !date.is_empty() && date.bytes().all(|b| b.is_ascii_digit())
}

/// A date in the other notation: epoch seconds as ISO 8601 (`2026-01-01T00:00:00Z`), ISO 8601
/// (`YYYY-MM-DDTHH:MM:SS` with optional fraction, `Z`) as epoch seconds; `None` for another
/// form, or an instant with a fraction of a second, which epoch seconds cannot write.
pub fn in_other_format(date: &str) -> Option<String> {
    if is_epoch(date) {
        let seconds: i64 = date.parse().ok()?;
        let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        return Some(format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            rest / 3600,
            rest / 60 % 60,
            rest % 60
        ));
    }
    let body = date.strip_suffix('Z')?;
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    if !fraction.bytes().all(|b| b == b'0') {
        return None;
    }
    let b = whole.as_bytes();
    let shape = b.len() == 19 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T';
    let number = |at: usize, len: usize| whole.get(at..at + len)?.parse::<i64>().ok();
    if !shape || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let days = days_from_civil(number(0, 4)?, number(5, 2)?, number(8, 2)?);
    let seconds = days * 86_400 + number(11, 2)? * 3600 + number(14, 2)? * 60 + number(17, 2)?;
    Some(seconds.to_string())
}

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`, the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Every statement of a policy, whether `Statement` is a list or one statement.
pub fn for_each_statement(policy: &mut Value, f: &mut impl FnMut(&mut Value)) {
    match policy.get_mut("Statement") {
        Some(Value::Array(statements)) => statements.iter_mut().for_each(f),
        Some(statement @ Value::Object(_)) => f(statement),
        _ => {}
    }
}

/// The string, or every string of the list, an element holds.
pub fn for_each_string(element: Option<&mut Value>, f: &mut impl FnMut(&mut String)) {
    match element {
        Some(Value::String(s)) => f(s),
        Some(Value::Array(items)) => {
            for item in items {
                if let Value::String(s) = item {
                    f(s);
                }
            }
        }
        _ => {}
    }
}

/// Every string of every `Resource` and `NotResource` of a simulation's documents.
fn for_each_resource(sim: &mut Simulation, f: &mut impl FnMut(&mut String)) {
    for_each_policy(sim, &mut |policy| {
        for_each_statement(policy, &mut |statement| {
            for element in ["Resource", "NotResource"] {
                for_each_string(statement.get_mut(element), f);
            }
        });
    });
}

/// Every condition of a simulation's documents: its operator, its key and its values.
fn for_each_condition(sim: &mut Simulation, f: &mut impl FnMut(&str, &str, &mut Value)) {
    for_each_policy(sim, &mut |policy| {
        for_each_statement(policy, &mut |statement| {
            let block = statement
                .get_mut("Condition")
                .and_then(Value::as_object_mut);
            for (operator, by_key) in block.into_iter().flatten() {
                for (key, values) in by_key.as_object_mut().into_iter().flatten() {
                    f(operator, key, values);
                }
            }
        });
    });
}

/// Every policy document of a simulation.
pub fn for_each_policy(sim: &mut Simulation, f: &mut impl FnMut(&mut Value)) {
    for p in &mut sim.identity_policies {
        f(&mut p.policy);
    }
    for level in sim
        .service_control_policies
        .iter_mut()
        .chain(&mut sim.resource_control_policies)
    {
        for p in &mut level.policies {
            f(&mut p.policy);
        }
    }
    for p in sim.permission_boundary_policies.iter_mut().flatten() {
        f(&mut p.policy);
    }
    if let Some(p) = &mut sim.resource_policy {
        f(p);
    }
    if let Some(p) = &mut sim.session_policy {
        f(p);
    }
}

/// For a resource ARN with a policy variable in one of its first five fields (partition,
/// service, region, account: where iam-simulate does not resolve them), the same ARN as
/// iam-simulate reads it right: `Some(text)`; `None` where there is no such variable.
///
/// With values, the variables are replaced by them. Where one has no value, the pattern is one
/// whose variable has no value, which AWS reads as a statement that does not apply (not as a
/// pattern that matches nothing: the difference shows in `NotResource`); iam-simulate does so
/// only for a variable in the resource id, and only for a key without a colon (it looks for the
/// resource type up to the first colon), so the ARN becomes `arn:P:S:*:*:*${K}`, K the key with
/// its colons made dashes: still absent from the request.
pub fn variables_outside_resource_id(
    arn: &str,
    context: &BTreeMap<String, ContextValue>,
) -> Option<String> {
    // The end of the fifth field, counting only colons outside `${...}`.
    let (mut colons, mut inside, mut end) = (0, false, None);
    let bytes = arn.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'$' if bytes.get(i + 1) == Some(&b'{') => inside = true,
            b'}' => inside = false,
            b':' if !inside => {
                colons += 1;
                if colons == 5 {
                    end = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let head = &arn[..end?];
    if !head.contains("${") {
        return None;
    }
    let mut out = String::new();
    let mut rest = head;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let close = rest[start..].find('}')? + start;
        let inner = &rest[start + 2..close];
        let (key, default) = match inner.split_once(", ") {
            Some((k, d)) => (
                k.trim(),
                d.strip_prefix('\'').and_then(|d| d.strip_suffix('\'')),
            ),
            None => (inner.trim(), None),
        };
        let value = context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| match v {
                ContextValue::One(v) => Some(v.as_str()),
                ContextValue::Many(_) => None,
            })
            .or(default);
        match value {
            Some(v) => out.push_str(v),
            None => {
                let fields: Vec<&str> = arn.splitn(4, ':').collect();
                return Some(format!(
                    "arn:{}:{}:*:*:*${{{}}}",
                    fields[1],
                    fields[2],
                    key.replace(':', "-")
                ));
            }
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out.push_str(&arn[head.len()..]);
    Some(out)
}

pub fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Allow => "allow",
        Outcome::ExplicitDeny => "explicit_deny",
        Outcome::ImplicitDeny => "implicit_deny",
    }
}
