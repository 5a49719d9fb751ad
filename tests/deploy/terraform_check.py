"""Prepares moto's server for a `terraform apply` of a sagerole module, and
afterwards checks that IAM holds exactly the documents `sagerole render
--policies` wrote.

Usage:
  python tests/deploy/terraform_check.py setup ENDPOINT EXPECTED.json
  python tests/deploy/terraform_check.py check ENDPOINT EXPECTED.json RENDERED_DIR OUTPUTS.json

ENDPOINT is moto's server (http://127.0.0.1:PORT), started for one account.
EXPECTED.json is written by tests/tools/terraform_aws.rs from the spec, never
from the module under test:

  {"roles": {ROLE_NAME: {"key": KEY, "path": P, "boundary": ARN or null,
                         "inline": [POLICY, ...], "managed": [POLICY, ...],
                         "existing": true for a role the module does not create}},
   "policies": {POLICY: {"file": RENDERED_PATH, "path": P, "attached": [ROLE, ...]}},
   "caller_roles": [ROLE, ...], "tags": {KEY: VALUE}}

`setup` creates the callers' roles (outside the module), so that a caller
policy can be attached to its caller's role, and so that a role that must stay
without it can be checked to be. It also creates each existing role (spec
`existing = true`) as its owner would, before the module reads it.

`check` compares documents as parsed JSON, statements in order, after one
normalisation: Terraform's aws_iam_policy_document writes a one-element
list as a plain string and keeps actions, resources, principals and
condition values as sets (in its own order), which the IAM policy grammar
reads the same way ("Action": "a" is ["a"]; the order of an Action,
Resource or condition value list has no meaning). So these lists are
compared sorted, and a string as a one-element list; every other key,
value and the statements' order must be exactly as rendered. It checks:
* the roles in IAM are exactly the module's roles and the callers' roles;
* each existing role keeps its owner's trust policy, path, boundary and
  (no) tags, and holds exactly the module's inline policies, each with its
  rendered document, and exactly its managed policies attached;
* each module role has exactly its rendered trust policy
  (RENDERED_DIR/roles/KEY.trust.json), path, permissions boundary and tags,
  exactly its inline policies, each with its rendered document
  (roles/KEY/POLICY.json), and exactly its managed policies attached;
* the customer managed policies in IAM are exactly the expected ones, each
  with its path, tags and rendered document, attached to exactly the
  expected roles (the callers' roles included);
* each model package group's resource policy, which the module hands on as
  the output model_package_group_policies (OUTPUTS.json: the module's
  outputs as applied) for the group's owner to apply, is exactly its rendered
  document (groups/WORKLOAD.resource-policy.json);
* every rendered document is deployed, or handed on, by exactly one policy.
Exit 0 when every check passes, 1 otherwise.
"""

import json
import os
import sys
from pathlib import Path

from deploy import (
    Fail,
    Report,
    as_document,
    create_caller_role,
    create_existing_role,
    owner_trust,
    rendered_files,
    verdict,
)

REGION = "us-east-1"


def iam_client(endpoint):
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION=REGION,
    )
    import boto3

    return boto3.client("iam", endpoint_url=endpoint, region_name=REGION)


def setup(endpoint, expected):
    iam = iam_client(endpoint)
    account = account_of(endpoint)
    for name in expected["caller_roles"]:
        create_caller_role(iam, name, account)
    for name, r in sorted(expected["roles"].items()):
        if r.get("existing"):
            create_existing_role(iam, name, account)
    return 0


def account_of(endpoint):
    import boto3

    sts = boto3.client("sts", endpoint_url=endpoint, region_name=REGION)
    return sts.get_caller_identity()["Account"]


SET_KEYS = ("Action", "NotAction", "Resource", "NotResource")


def as_set(value):
    return sorted(value) if isinstance(value, list) else [value]


def normalised(doc):
    """`doc` with its unordered lists sorted and single strings as lists."""
    statements = doc.get("Statement")
    if not isinstance(statements, list):
        return doc
    out = []
    for st in statements:
        st = dict(st)
        for key in SET_KEYS:
            if key in st:
                st[key] = as_set(st[key])
        for key in ("Principal", "NotPrincipal"):
            if isinstance(st.get(key), dict):
                st[key] = {k: as_set(v) for k, v in st[key].items()}
        if isinstance(st.get("Condition"), dict):
            st["Condition"] = {
                op: {k: as_set(v) for k, v in keys.items()} for op, keys in st["Condition"].items()
            }
        out.append(st)
    return dict(doc, Statement=out)


def paged(call, key, **kwargs):
    out, marker = [], None
    while True:
        page = call(**kwargs, **({"Marker": marker} if marker else {}))
        out.extend(page[key])
        if not page.get("IsTruncated"):
            return out
        marker = page["Marker"]


def tag_map(tags):
    return {t["Key"]: t["Value"] for t in tags or []}


def check(endpoint, expected, rendered_dir, outputs):
    iam = iam_client(endpoint)
    rendered = rendered_files(rendered_dir)
    unused = dict(rendered)

    def take(rel):
        if rel not in unused:
            raise Fail(f"{rel}: expected but not rendered (or used twice)")
        return unused.pop(rel)

    rep = Report()
    roles, policies = expected["roles"], expected["policies"]
    callers = expected["caller_roles"]
    tags = expected["tags"]

    in_iam = sorted(r["RoleName"] for r in paged(iam.list_roles, "Roles"))
    rep.equal("roles in IAM", sorted(list(roles) + callers), in_iam)
    for name, r in sorted(roles.items()):
        if name not in in_iam:
            if not r.get("existing"):
                take(f"roles/{r['key']}.trust.json")
            for pn in r["inline"]:
                take(f"roles/{r['key']}/{pn}.json")
            continue
        got = iam.get_role(RoleName=name)["Role"]
        if r.get("existing"):
            # Its owner's, as `setup` created it: the module changes none
            # of its trust policy, path, boundary or tags.
            rep.same(
                f"existing role {name}: trust policy still its owner's",
                owner_trust(account_of(endpoint)),
                as_document(got["AssumeRolePolicyDocument"], f"{name} trust"),
            )
            if f"roles/{r['key']}.trust.json" in rendered:
                rep.fail(f"existing role {name}: a trust policy is rendered for it")
            rep.equal(f"existing role {name}: tags", {}, tag_map(iam.list_role_tags(RoleName=name)["Tags"]))
        else:
            rep.same(
                f"role {name}: trust policy = roles/{r['key']}.trust.json",
                normalised(take(f"roles/{r['key']}.trust.json")),
                normalised(as_document(got["AssumeRolePolicyDocument"], f"{name} trust")),
            )
            rep.equal(f"role {name}: tags", tags, tag_map(iam.list_role_tags(RoleName=name)["Tags"]))
        rep.equal(f"role {name}: path", r["path"], got.get("Path"))
        rep.equal(
            f"role {name}: permissions boundary",
            r["boundary"],
            (got.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn"),
        )
        inline = sorted(paged(iam.list_role_policies, "PolicyNames", RoleName=name))
        rep.equal(f"role {name}: inline policies", sorted(r["inline"]), inline)
        for pn in r["inline"]:
            doc = take(f"roles/{r['key']}/{pn}.json")
            if pn in inline:
                raw = iam.get_role_policy(RoleName=name, PolicyName=pn)["PolicyDocument"]
                rep.same(
                    f"role {name}: inline policy {pn} = roles/{r['key']}/{pn}.json",
                    normalised(doc),
                    normalised(as_document(raw, f"{name}/{pn}")),
                )
    for name in sorted(set(roles) | set(callers)):
        if name not in in_iam:
            continue
        want = sorted(p for p, spec in policies.items() if name in spec["attached"])
        got = paged(iam.list_attached_role_policies, "AttachedPolicies", RoleName=name)
        rep.equal(f"role {name}: attached managed policies", want, sorted(a["PolicyName"] for a in got))

    local = {p["PolicyName"]: p for p in paged(iam.list_policies, "Policies", Scope="Local")}
    rep.equal("customer managed policies in IAM", sorted(policies), sorted(local))
    for name, p in sorted(policies.items()):
        doc = take(p["file"])
        pol = local.get(name)
        if pol is None:
            continue
        arn = pol["Arn"]
        rep.equal(f"managed policy {name}: path", p["path"], pol["Path"])
        rep.equal(f"managed policy {name}: tags", tags, tag_map(iam.list_policy_tags(PolicyArn=arn)["Tags"]))
        version = iam.get_policy_version(PolicyArn=arn, VersionId=pol["DefaultVersionId"])
        rep.same(
            f"managed policy {name}: document = {p['file']}",
            normalised(doc),
            normalised(as_document(version["PolicyVersion"]["Document"], name)),
        )
        ents = iam.list_entities_for_policy(PolicyArn=arn)
        rep.equal(
            f"managed policy {name}: attached to roles",
            sorted(p["attached"]),
            sorted(x["RoleName"] for x in ents["PolicyRoles"]),
        )
        others = [x["UserName"] for x in ents["PolicyUsers"]] + [x["GroupName"] for x in ents["PolicyGroups"]]
        if others:
            rep.fail(f"managed policy {name}: also attached to {others}")
    for workload, text in sorted((outputs.get("model_package_group_policies") or {}).items()):
        rel = f"groups/{workload}.resource-policy.json"
        rep.same(
            f"model package group {workload}: output policy = {rel}",
            normalised(take(rel)),
            normalised(json.loads(text)),
        )
    if unused:
        rep.fail(f"rendered documents that no expected policy deploys: {', '.join(sorted(unused))}")
    return rep.failures


def main(argv):
    if len(argv) == 3 and argv[0] == "setup":
        return setup(argv[1], json.loads(Path(argv[2]).read_text(encoding="utf-8")))
    if len(argv) != 5 or argv[0] != "check":
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    def run():
        expected = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        outputs = json.loads(Path(argv[4]).read_text(encoding="utf-8"))
        return check(argv[1], expected, argv[3], outputs)

    return verdict(run)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
