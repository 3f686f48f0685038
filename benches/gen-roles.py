#!/usr/bin/env python3
"""Generates the roles the benchmarks read, as Rust source.

    gen-roles.py roles N             N `#[role]` structs, one .rs file, on stdout
    gen-roles.py crate N DIR macro   a crate in DIR: N `#[role]` structs in src/lib.rs
    gen-roles.py crate N DIR plain   the same crate with the macro switched off
    gen-roles.py crate N DIR expanded  the plain crate plus, by hand, what the macro generates
    gen-roles.py crate N DIR expanded-without-PART   the same, less one PART of it (see PARTS)

The roles come in four shapes, taken in turn (role i has shape i % 4), each one of the
project's examples made distinct by its index:

    0  LogWriter{i}     Lambda log writer: service trust, one allow, an AWS managed policy, tags
    1  Ec2Reader{i}     EC2 reader: two allows (one with a condition), a deny, an instance profile
    2  Auditor{i}       cross-account auditor: account trust with an external id, two managed
                        policies, a conditional deny on NotAction, no instance profile
    3  GithubDeploy{i}  GitHub OIDC deployer: federated trust with two conditions, three allows,
                        one of them conditioned on a policy variable

benches/cdk/app.js builds the same four shapes with AWS CDK; benches/cdk/compare.js checks
that both templates describe the same roles.

The "plain" crate keeps every byte of each `#[role(...)]` attribute but writes it as
`#[cfg_attr(any(), role(...))]`: rustc parses the same tokens and then drops the attribute
(`any()` is false), so the macro is never expanded. Both crates depend on role-dsl and import
`role`, so the difference between their `cargo check` times is the macro's own work: expanding,
validating, and type-checking the items it generates.

The "expanded" crate splits that work in two: it is the plain crate plus, beside each struct,
the items that role-macros/src/expand.rs generates for it (the trait impl, the registration),
written out by hand, with a string literal of the size of the role's serialized model standing
for the model. rustc checks the same items but runs no macro, so expanded − plain is rustc's
work on the generated code and macro − expanded is the macro's run (parse, validate, serialize,
quote). It mirrors expand.rs as of this writing: update EXPANSION when that changes.

"expanded-without-PART" leaves one part of the generated items out, to see what each costs
rustc: `register` (the registration static), `match` (the `match` in `param`, replaced by `None`),
`definition` (the `Definition` static read by `definition`, replaced by `unimplemented!()`).
"""

import os
import re
import sys

# `@` stands for the role's index: the templates are full of `{...}` placeholders of the DSL.
SHAPES = [
    # 0: Lambda log writer
    '''/// Lets the Lambda function fn-@ write its logs to S3.
#[role(
    name = "log-writer-@",
    trust(service = "lambda.amazonaws.com"),
    allow("s3:PutObject", on = "arn:{partition}:s3:::{bucket}/fn-@/*"),
    managed = ["service-role/AWSLambdaBasicExecutionRole"],
    tags(team = "platform", "cost-center" = "42"),
)]
pub struct LogWriter@ {
    pub bucket: String,
}
''',
    # 1: EC2 reader with conditions and a deny
    '''/// Lets the reporting hosts of fleet @ read their input data.
#[role(
    name = "ec2-reader-@",
    path = "/compute/",
    max_session = "2h",
    trust(service = "ec2.amazonaws.com"),
    allow(
        "s3:GetObject",
        "s3:ListBucket",
        on = ["arn:{partition}:s3:::{data_bucket}", "arn:{partition}:s3:::{data_bucket}/fleet-@/*"],
        when(Bool("aws:SecureTransport", true)),
        sid = "ReadData",
    ),
    allow(
        "ssm:GetParameter",
        "ssm:GetParametersByPath",
        on = "arn:{partition}:ssm:{region}:{account_id}:parameter/reporting/fleet-@/*",
    ),
    deny("s3:DeleteObject", "s3:DeleteBucket", on = "*", sid = "NeverDelete"),
)]
pub struct Ec2Reader@ {
    pub data_bucket: String,
}
''',
    # 2: cross-account auditor
    '''/// Read-only access for auditor @ of the security account.
#[role(
    name = "security-auditor-@",
    path = "/audit/",
    max_session = "12h",
    trust(account = "111122223333", external_id = "audit-@"),
    managed = ["SecurityAudit", "arn:{partition}:iam::aws:policy/job-function/ViewOnlyAccess"],
    deny(not_actions = ["iam:Get*", "iam:List*", "sts:GetCallerIdentity"], on = "*", when(StringLike("aws:RequestedRegion", "cn-*"))),
    instance_profile = false,
)]
pub struct Auditor@;
''',
    # 3: GitHub OIDC deployer
    '''/// Deploys site @ from GitHub Actions.
#[role(
    name = "github-deploy-@",
    max_session = "1h",
    trust(
        oidc = "token.actions.githubusercontent.com",
        when(
            StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
            StringLike("token.actions.githubusercontent.com:sub", "repo:{github_org}/site-@:ref:refs/heads/main"),
        ),
    ),
    allow(
        "s3:PutObject",
        "s3:DeleteObject",
        on = "arn:{partition}:s3:::{site_bucket}/site-@/*",
    ),
    allow("s3:ListBucket", on = "arn:{partition}:s3:::{site_bucket}"),
    allow(
        "cloudfront:CreateInvalidation",
        on = "arn:{partition}:cloudfront::{account_id}:distribution/*",
        when(StringEquals("aws:ResourceTag/site", "${aws:PrincipalTag/site}")),
    ),
)]
pub struct GithubDeploy@ {
    pub github_org: &'static str,
    pub site_bucket: &'static str,
}
''',
]


# What expand.rs generates for a valid role, `@` the index; FIELDS and MODEL are filled in.
EXPANSION = '''const _: () = {
    TRACK
    impl ::role_dsl::Role for IDENT@ {
        fn definition() -> &'static ::role_dsl::model::Role {
            ::role_dsl::__private::definition(MODEL)
        }
        fn model(&self) -> &'static ::role_dsl::model::Role {
            <Self as ::role_dsl::Role>::definition()
        }
        fn param(&self, name: &str) -> ::core::option::Option<::role_dsl::ParamValue<'_>> {
            match name {
                FIELDS_ => ::core::option::Option::None,
            }
        }
    }
    #[used]
    #[cfg_attr(
        any(
            target_os = "linux", target_os = "android", target_os = "dragonfly",
            target_os = "freebsd", target_os = "haiku", target_os = "illumos",
            target_os = "netbsd", target_os = "nto", target_os = "openbsd",
            target_os = "redox", target_os = "vxworks", target_os = "none",
        ),
        unsafe(link_section = ".init_array")
    )]
    #[cfg_attr(
        any(target_os = "macos", target_os = "ios"),
        unsafe(link_section = "__DATA,__mod_init_func,mod_init_funcs")
    )]
    #[cfg_attr(windows, unsafe(link_section = ".CRT$XCU"))]
    static __REGISTER: extern "C" fn() = ::role_dsl::__private::register_role::<IDENT@>;
};
'''

# Per shape: the struct's name, its fields, and the length of its serialized model (measured
# with serde_json on role-core's model of these shapes).
EXPANDED = [("LogWriter", ["bucket"], 873), ("Ec2Reader", ["data_bucket"], 1400),
            ("Auditor", [], 1063), ("GithubDeploy", ["github_org", "site_bucket"], 1755)]


PARTS = {
    "register": [(re.compile(r"    #\[used\]\n.*?static __REGISTER[^\n]*\n", re.S), "")],
    "match": [(re.compile(r"            match name \{\n.*?\n            \}\n", re.S), "            ::core::option::Option::None\n")],
    "definition": [(re.compile(r"::role_dsl::__private::definition\(.*?\)\n", re.S), "::core::unimplemented!()\n")],
}


def expansion(i: int, without: str = "") -> str:
    ident, fields, size = EXPANDED[i % len(EXPANDED)]
    # The literal holds the model's JSON with its quotes escaped: about a fifth more bytes.
    model = '"' + ("{k:v}," * size)[: size * 6 // 5] + '"'
    listed = "".join(f'"{f}" => ::role_dsl::__private::text(&self.{f}),\n                ' for f in fields)
    # The macro tracks ROLE_DSL_CATALOGUE once a crate, in its first expansion.
    track = 'const _: ::core::option::Option<&str> = ::core::option_env!("ROLE_DSL_CATALOGUE");' if i == 0 else ""
    text = (EXPANSION.replace("IDENT", ident).replace("@", str(i))
            .replace("MODEL", model).replace("FIELDS", listed).replace("TRACK", track))
    for pattern, replacement in PARTS.get(without, []):
        text, count = pattern.subn(replacement, text)
        assert count >= 1, f"{without}: the part is in the expansion"
    return text


def role(i: int) -> str:
    return SHAPES[i % len(SHAPES)].replace("@", str(i))


def roles(n: int, expanded: bool = False, without: str = "") -> str:
    head = f"//! {n} generated roles for the benchmarks (benches/gen-roles.py).\n\nuse role_dsl::role;\n"
    return head + "".join("\n" + role(i) + (expansion(i, without) if expanded else "") for i in range(n))


def crate(n: int, out: str, variant: str) -> None:
    without = variant.removeprefix("expanded-without-") if variant.startswith("expanded-without-") else ""
    if without and without not in PARTS:
        sys.exit(f"unknown part {without!r}: one of {', '.join(PARTS)}")
    src = roles(n, expanded=variant.startswith("expanded"), without=without)
    if variant == "plain" or variant.startswith("expanded"):
        src = src.replace("#[role(\n", "#[cfg_attr(any(), role(\n").replace("\n)]\npub struct", "\n))]\npub struct")
        src = src.replace("use role_dsl::role;", "#[allow(unused_imports)]\nuse role_dsl::role;")
        assert src.count("cfg_attr(any(), role(") == n, "every attribute switched off"
    elif variant != "macro":
        sys.exit(f"unknown variant {variant!r}: macro, plain or expanded")
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
    dsl = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "role-dsl"))
    with open(os.path.join(out, "Cargo.toml"), "w") as f:
        f.write(
            f'[package]\nname = "roles-{variant}"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
            f'[dependencies]\nrole-dsl = {{ path = "{dsl}" }}\n\n[workspace]\n'
        )
    with open(os.path.join(out, "src", "lib.rs"), "w") as f:
        f.write("#![allow(dead_code)]\n" + src)


def main(argv: list[str]) -> None:
    if len(argv) == 3 and argv[1] == "roles":
        sys.stdout.write(roles(int(argv[2])))
    elif len(argv) == 5 and argv[1] == "crate":
        crate(int(argv[2]), argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
