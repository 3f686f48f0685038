#!/usr/bin/env python3
"""Deploys a rendered CloudFormation template into a moto server on 127.0.0.1 and checks that
what IAM holds is what `role-cli render --format iam` says for the same values.

usage: moto_deploy.py TEMPLATE IAM_JSON [--param KEY=VALUE]...

TEMPLATE is JSON or YAML; IAM_JSON is the stdout of `role-cli render --format iam` rendered
with the same parameter values, account 123456789012 and region us-east-1. Checks, per role:
the stack and every resource reach CREATE_COMPLETE; get-role returns the same trust policy,
MaxSessionDuration, Path and tags; each inline policy and each customer managed policy holds
the same document; the trust policy and inline policies pass moto's IAM policy validator
(re-submitted through the IAM API, since moto's CloudFormation path does not validate); and
sts:AssumeRole (AssumeRoleWithWebIdentity for OIDC trusts, AssumeRoleWithSAML for SAML) returns
temporary credentials that work for sts:GetCallerIdentity. Instance profiles hold their role.

Exit 0 when every check passes, 1 when one fails, 2 on a usage or infrastructure error.
"""
import ast
import json
import os
import socket
import sys
import time

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
)

ACCOUNT = "123456789012"
REGION = "us-east-1"


def canonical(doc):
    """A document with one-element lists as scalars, sorted keys: IAM's equivalence."""
    if isinstance(doc, str):
        try:
            doc = json.loads(doc)
        except ValueError:
            doc = ast.literal_eval(doc)  # moto's CloudFormation stores a Python repr

    def norm(v):
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        if isinstance(v, list):
            items = [norm(x) for x in v]
            return items[0] if len(items) == 1 else items
        return v

    return json.dumps(norm(doc), sort_keys=True)


def load_template(path):
    with open(path) as f:
        text = f.read()
    if path.endswith((".yaml", ".yml")):
        from cfnlint.decode.cfn_yaml import loads

        return text, loads(text)
    return text, json.loads(text)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Report:
    def __init__(self):
        self.failed = 0

    def check(self, ok, what):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            self.failed += 1


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    template_path, iam_path, rest = argv[0], argv[1], argv[2:]
    params = {}
    for arg in rest:
        if arg.startswith("--param="):
            arg = arg[len("--param="):]
        elif arg == "--param":
            continue
        key, _, value = arg.partition("=")
        params[key] = value
    body, template = load_template(template_path)
    with open(iam_path) as f:
        expected = json.load(f)

    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        kw = dict(endpoint_url=f"http://127.0.0.1:{port}", region_name=REGION)
        return run(boto3, kw, body, template, params, expected)
    finally:
        server.stop()


def run(boto3, kw, body, template, params, expected):
    rep = Report()
    cfn, iam, sts = (boto3.client(s, **kw) for s in ("cloudformation", "iam", "sts"))
    declared = template.get("Parameters", {})
    stack_params = [{"ParameterKey": k, "ParameterValue": params[k]} for k in declared if k in params]
    missing = [k for k in declared if k not in params]
    if missing:
        print(f"error: no --param for {', '.join(missing)}", file=sys.stderr)
        return 2
    body = around_moto_managed_policy_quirk(body, template, declared, params)
    cfn.create_stack(
        StackName="roles",
        TemplateBody=body,
        Parameters=stack_params,
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
    )
    status = "CREATE_IN_PROGRESS"
    for _ in range(120):
        status = cfn.describe_stacks(StackName="roles")["Stacks"][0]["StackStatus"]
        if not status.endswith("IN_PROGRESS"):
            break
        time.sleep(0.5)
    rep.check(status == "CREATE_COMPLETE", f"stack: {status}")
    if status != "CREATE_COMPLETE":
        return 1
    for res in cfn.describe_stack_resources(StackName="roles")["StackResources"]:
        rep.check(res["ResourceStatus"] == "CREATE_COMPLETE", f"{res['LogicalResourceId']}: {res['ResourceStatus']}")

    physical = {
        r["LogicalResourceId"]: r["PhysicalResourceId"]
        for r in cfn.describe_stack_resources(StackName="roles")["StackResources"]
    }
    resources = template["Resources"]
    for logical, res in resources.items():
        props = resolve(res.get("Properties", {}), declared, params, physical)
        if res["Type"] == "AWS::IAM::Role":
            check_role(rep, iam, sts, props, expected["roles"][props["RoleName"]])
        elif res["Type"] == "AWS::IAM::ManagedPolicy":
            check_policy(rep, iam, props, expected["policies"][props["ManagedPolicyName"]])
        elif res["Type"] == "AWS::IAM::InstanceProfile":
            profile = iam.get_instance_profile(InstanceProfileName=props["InstanceProfileName"])["InstanceProfile"]
            roles = [r["RoleName"] for r in profile["Roles"]]
            rep.check(len(roles) == 1, f"instance profile {props['InstanceProfileName']}: roles {roles}")
    print(f"{rep.failed} failed" if rep.failed else "all checks passed")
    return 1 if rep.failed else 0


def around_moto_managed_policy_quirk(body, template, declared, params):
    """Moto's CloudFormation JSON-encodes an AWS::IAM::ManagedPolicy's PolicyDocument whatever it
    is, so a document given as the JSON text of a `Fn::Sub` (as the renderer writes a document
    with a placeholder in a key, and as CloudFormation accepts) reaches moto's validator encoded
    twice. Such documents are resolved here, with the same values, and submitted as objects; the
    rest of the template goes as rendered, and what IAM holds is still compared with the iam
    render."""
    quirky = [
        logical
        for logical, res in template["Resources"].items()
        if res["Type"] == "AWS::IAM::ManagedPolicy"
        and isinstance(res["Properties"].get("PolicyDocument"), dict)
        and "Fn::Sub" in res["Properties"]["PolicyDocument"]
    ]
    if not quirky:
        return body
    template = json.loads(json.dumps(template))
    for logical in quirky:
        props = template["Resources"][logical]["Properties"]
        text = resolve(props["PolicyDocument"], declared, params, {})
        props["PolicyDocument"] = json.loads(text)
        print(f"note  {logical}: PolicyDocument resolved before submitting (moto JSON-encodes a Fn::Sub document twice)")
    return json.dumps(template)


def resolve(value, declared, params, physical):
    """CloudFormation's intrinsics, resolved as the stack resolved them: the parameters given,
    the pseudo-parameters of moto's account and region, and the resources' physical ids."""

    def ref(name):
        pseudo = {"AWS::Partition": "aws", "AWS::AccountId": ACCOUNT, "AWS::Region": REGION, "AWS::StackName": "roles"}
        if name in pseudo:
            return pseudo[name]
        if name in declared:
            value = params[name]
            return value.split(",") if declared[name].get("Type") == "CommaDelimitedList" else value
        return physical[name]

    def sub(text, variables):
        out, rest = "", text
        while "${" in rest:
            start = rest.index("${")
            out += rest[:start]
            rest = rest[start + 2:]
            if rest.startswith("!"):
                out += "${"
                rest = rest[1:]
                continue
            end = rest.index("}")
            name = rest[:end]
            out += variables[name] if name in variables else ref(name)
            rest = rest[end + 1:]
        return out + rest

    def go(v):
        if isinstance(v, dict) and len(v) == 1:
            (fn, arg), = v.items()
            if fn == "Fn::Sub":
                if isinstance(arg, str):
                    return sub(arg, {})
                return sub(arg[0], {k: go(x) for k, x in arg[1].items()})
            if fn == "Ref":
                return ref(arg)
            if fn == "Fn::Join":
                return arg[0].join(go(arg[1]))
            if fn == "Fn::Split":
                return go(arg[1]).split(arg[0])
        if isinstance(v, dict):
            return {k: go(x) for k, x in v.items()}
        if isinstance(v, list):
            return [go(x) for x in v]
        return v

    return go(value)


def check_role(rep, iam, sts, props, want):
    name = props["RoleName"]
    role = iam.get_role(RoleName=name)["Role"]
    rep.check(canonical(role["AssumeRolePolicyDocument"]) == canonical(want["trust"]), f"{name}: trust policy as rendered")
    if "MaxSessionDuration" in props:
        rep.check(role["MaxSessionDuration"] == props["MaxSessionDuration"], f"{name}: MaxSessionDuration")
    rep.check(role.get("Path", "/") == props.get("Path", "/"), f"{name}: Path")
    if "Tags" in props:
        rep.check(sorted(map(str, role.get("Tags", []))) == sorted(map(str, props["Tags"])), f"{name}: Tags")
    policies = iam.list_role_policies(RoleName=name)["PolicyNames"]
    if "policy" in want:
        rep.check(len(policies) == 1, f"{name}: one inline policy ({policies})")
        for pname in policies:
            got = iam.get_role_policy(RoleName=name, PolicyName=pname)["PolicyDocument"]
            rep.check(canonical(got) == canonical(want["policy"]), f"{name}: inline policy as rendered")
            iam.put_role_policy(RoleName=name, PolicyName=pname, PolicyDocument=json.dumps(want["policy"]))
            rep.check(True, f"{name}: inline policy passes moto's IAM validator")
    iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(want["trust"]))
    rep.check(True, f"{name}: trust policy passes moto's IAM validator")
    assume(rep, sts, role, props, want["trust"])


def assume(rep, sts, role, props, trust):
    name = role["RoleName"]
    duration = props.get("MaxSessionDuration", 3600)
    actions = {a for s in trust["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    args = dict(RoleArn=role["Arn"], RoleSessionName="role-tests", DurationSeconds=duration)
    before = time.time()
    if "sts:AssumeRoleWithWebIdentity" in actions:
        out = sts.assume_role_with_web_identity(WebIdentityToken="e30.e30.sig", **args)
    elif "sts:AssumeRoleWithSAML" in actions:
        principal = trust["Statement"][0]["Principal"]["Federated"]
        out = sts.assume_role_with_saml(PrincipalArn=principal, SAMLAssertion="PHNhbWw+", **args)
    else:
        out = sts.assume_role(**args)
    creds = out["Credentials"]
    ok = creds["AccessKeyId"].startswith("ASIA") and creds["SecretAccessKey"] and creds["SessionToken"]
    rep.check(bool(ok), f"{name}: assume-role returned temporary credentials")
    lasted = creds["Expiration"].timestamp() - before
    rep.check(abs(lasted - duration) < 10, f"{name}: credentials last {duration} s")
    import boto3

    who = boto3.client(
        "sts",
        endpoint_url=sts.meta.endpoint_url,
        region_name=REGION,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    ).get_caller_identity()
    rep.check(f"assumed-role/{name}/" in who["Arn"], f"{name}: the credentials work ({who['Arn']})")


def check_policy(rep, iam, props, want):
    name = props["ManagedPolicyName"]
    arn = f"arn:aws:iam::{ACCOUNT}:policy{props.get('Path', '/')}{name}"
    policy = iam.get_policy(PolicyArn=arn)["Policy"]
    version = iam.get_policy_version(PolicyArn=arn, VersionId=policy["DefaultVersionId"])["PolicyVersion"]
    rep.check(canonical(version["Document"]) == canonical(want["policy"]), f"{name}: managed policy as rendered")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
