#!/bin/sh
# Times `role-cli diff --base HEAD` over a generated project of 1,000 roles (20 files of 50):
# unchanged; 50 roles reordered and one condition widened; every role changed (a Deny of `*`
# added to each, so every role's every allowed action is searched).
# Usage: benches/diff-project.sh [path/to/role-cli]   (default: target/release/role-cli)
set -eu
cli=$(realpath "${1:-target/release/role-cli}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/src"
cd "$dir"
python3 - <<'PY'
import random
random.seed(1)
res = {
    "s3:GetObject": "arn:aws:s3:::bucket-{n}/*",
    "s3:PutObject": "arn:aws:s3:::bucket-{n}/*",
    "sqs:SendMessage": "arn:aws:sqs:eu-west-1:111122223333:queue-{n}",
    "dynamodb:GetItem": "arn:aws:dynamodb:eu-west-1:111122223333:table/t-{n}",
    "dynamodb:Query": "arn:aws:dynamodb:eu-west-1:111122223333:table/t-{n}",
    "kms:Decrypt": "arn:aws:kms:eu-west-1:111122223333:key/k-{n}",
    "logs:PutLogEvents": "arn:aws:logs:eu-west-1:111122223333:log-group:g-{n}:log-stream:*",
    "ssm:GetParameter*": "arn:aws:ssm:eu-west-1:111122223333:parameter/p-{n}/*",
    "lambda:InvokeFunction": "arn:aws:lambda:eu-west-1:111122223333:function:f-{n}",
    "sns:Publish": "arn:aws:sns:eu-west-1:111122223333:topic-{n}",
}
for f in range(20):
    out = ["use role_dsl::role;\n"]
    for i in range(50):
        n = f * 50 + i
        allows = "\n".join(
            f'    allow("{a}", on = "{res[a].replace("{n}", str(n))}"),'
            for a in random.sample(sorted(res), 3)
        )
        cond = (
            f'    allow("s3:ListBucket", on = "arn:aws:s3:::bucket-{n}", when(StringLike("s3:prefix", "home/{n}/*"))),\n'
            if n % 3 == 0
            else ""
        )
        out.append(
            f'/// Role {n}.\n#[role(\n    name = "role-{n}",\n    trust(service = "lambda.amazonaws.com"),\n'
            f'{allows}\n{cond}    deny("s3:DeleteBucket", on = "*"),\n)]\npub struct Role{n};\n'
        )
    open(f"src/roles_{f}.rs", "w").write("\n".join(out))
PY
git init -q
git add .
git -c user.name=bench -c user.email=bench@example.invalid commit -qm base
run() {
    echo "== $1"
    /usr/bin/time -f "%e s elapsed, %U s user, %M KB max RSS" "$cli" diff --base HEAD src >/dev/null 2>"$dir/err" || true
    tail -2 "$dir/err"
}
run "unchanged"
python3 - <<'PY'
import re
s = open("src/roles_1.rs").read()
s = re.sub(r'(    allow\([^\n]*\n)(    allow\([^\n]*\n)', lambda m: m.group(2) + m.group(1), s)
open("src/roles_1.rs", "w").write(s)
s = open("src/roles_6.rs").read().replace('"home/300/*"', '"home/*"')
open("src/roles_6.rs", "w").write(s)
PY
run "50 roles reordered, one condition widened"
git checkout -q src
sed -i 's|    deny("s3:DeleteBucket", on = "\*"),|    deny("s3:DeleteBucket", on = "*"),\n    deny("*", on = "*", when(Bool("aws:SecureTransport", "false"))),|' src/*.rs
run "every role changed"
