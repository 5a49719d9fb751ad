"""Deploys a sagerole CloudFormation template into moto and checks that IAM
then holds exactly the documents `sagerole render --policies` wrote.

Usage:
  python tests/deploy/deploy.py TEMPLATE [TEMPLATE ...] RENDERED_DIR --expect ATTACHED.json
                                [--account ID] [--parameter KEY=VALUE ...]

TEMPLATE is a generated template.yaml or template.json, or each of the
templates that a spec too large for one stack is split into
(template-<i>.yaml), deployed as stacks of their own into one moto, and
checked together. RENDERED_DIR is the
output of `sagerole render SPEC --policies --partition aws --account ID`
for the same spec: roles/<role>.trust.json,
roles/<role>/<policy>.json, callers/<caller>/<policy>.json. ATTACHED.json
says, from the spec and not from the template, which roles each customer
managed policy must be attached to in this account, and names the callers'
roles and the existing roles (spec `existing = true`, created before the
stacks as their owner would): {"attached": {POLICY: [ROLE, ...]},
"caller_roles": [ROLE, ...], "existing_roles": [ROLE, ...],
"tags": {KEY: VALUE}}.

moto (5.2.5) runs in-process (`mock_aws()`, dummy credentials, us-east-1)
as account ID (default 123456789012; another account is set through
MOTO_ACCOUNT_ID). Parameters take their template defaults unless given
(a given parameter goes to each template that declares it).
Before the stack is created, every caller role of ATTACHED.json (the
callers' own roles, outside the template) is created, so that the
attachment can happen, and so that a role that must stay without it can be
checked to be.

Checks, each printed:
* the stack reaches CREATE_COMPLETE;
* every AWS::IAM::Role exists with exactly the rendered trust policy, its
  Path and permissions boundary, exactly the spec's tags (ATTACHED.json's
  "tags", each value that is an input at the value passed in), exactly the inline policies the template
  declares, each with exactly the rendered document, and exactly the
  managed policies attached that the template attaches;
* the template deploys exactly the managed policies of ATTACHED.json;
* every AWS::IAM::ManagedPolicy exists with its name and Path and exactly
  the rendered document, attached to exactly the roles ATTACHED.json lists
  for it (for a caller policy: the caller's role when deployed into the
  caller's account, otherwise nothing), and every role, the callers' too,
  has exactly the managed policies ATTACHED.json attaches to it;
* each model package group's resource policy (groups/*.resource-policy.json),
  which a stack hands on as its ModelPackageGroupPolicy... output for the
  group's owner to apply, is exactly that output's value;
* every rendered document belongs to exactly one policy or output of the
  templates;
* every existing role, created before the stacks as its owner would,
  keeps its trust policy and holds exactly the inline policies the
  templates' AWS::IAM::Policy resources embed in it, each with exactly the
  rendered document, and exactly the managed policies ATTACHED.json
  attaches to it;
* no resource is of a type the script does not check, except the Studio
  user profiles and spaces that moto cannot create (printed as skipped).

Documents are compared as parsed JSON, lists in order (sagerole sorts
them). moto does not return every document the same way: a managed policy
version and a trust policy come back as a dict (botocore decodes the
URL-encoded JSON), but an inline policy created through CloudFormation
comes back as the Python repr of a dict ("{'Version': ...}"), which is
read with ast.literal_eval. A mismatch prints a unified diff.
Exit 0 when every check passes, 1 otherwise.
"""

import argparse
import ast
import difflib
import json
import os
import re
import sys
import urllib.parse
from pathlib import Path

REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"
# CloudFormation reads at most 51,200 bytes of template body from the
# request (AWS CloudFormation User Guide, "AWS CloudFormation quotas").
INLINE_TEMPLATE_BODY = 51_200
TEMPLATE_BUCKET = "sagerole-deploy-test-templates"
PSEUDO = {"AWS::Region": REGION, "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}


# Studio association resources (spec `associate`): moto 5.2.5 has no
# CloudFormation model for them and skips them with a warning, so their
# properties are checked by the emitter tests and cfn-lint only.
NOT_IN_MOTO = {"AWS::SageMaker::UserProfile", "AWS::SageMaker::Space"}


class Fail(Exception):
    pass


# --- template reading -------------------------------------------------------


def load_template(path):
    text = Path(path).read_text(encoding="utf-8")
    if path.endswith(".json"):
        return json.loads(text)
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def tagged(loader, suffix, node):
        # Short-form intrinsics (`!Ref X`, `!Sub s`, `!GetAtt a.b`) as long form.
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        if suffix == "Ref":
            return {"Ref": value}
        if suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        if suffix == "Condition":
            return {"Condition": value}
        return {f"Fn::{suffix}": value}

    Loader.add_multi_constructor("!", tagged)
    return yaml.load(text, Loader=Loader)  # noqa: S506 (SafeLoader subclass)


class Evaluator:
    """Evaluates the intrinsics that decide attachments and names:
    Conditions, Fn::If, Ref to parameters and pseudo parameters, and Fn::Sub
    of a string over them (a name that a parameter's name prefix starts)."""

    NO_VALUE = object()

    def __init__(self, template, account, overrides):
        self.template = template
        self.params = {}
        for name, spec in (template.get("Parameters") or {}).items():
            if name in overrides:
                self.params[name] = overrides.pop(name)
            elif "Default" in spec:
                self.params[name] = str(spec["Default"])
            else:
                raise Fail(f"parameter {name} has no default; pass --parameter {name}=VALUE")
        if overrides:
            raise Fail(f"unknown parameters: {', '.join(sorted(overrides))}")
        self.pseudo = dict(PSEUDO, **{"AWS::AccountId": account})
        self.conditions = {}

    def condition(self, name):
        if name not in self.conditions:
            spec = (self.template.get("Conditions") or {}).get(name)
            if spec is None:
                raise Fail(f"unknown condition {name}")
            self.conditions[name] = bool(self.value(spec))
        return self.conditions[name]

    def value(self, v):
        if isinstance(v, list):
            out = [self.value(x) for x in v]
            return [x for x in out if x is not self.NO_VALUE]
        if not isinstance(v, dict) or len(v) != 1:
            return v
        (key, arg), = v.items()
        if key == "Ref":
            if arg == "AWS::NoValue":
                return self.NO_VALUE
            if arg in self.params:
                return self.params[arg]
            if arg in self.pseudo:
                return self.pseudo[arg]
            return {"Ref": arg}  # a resource: resolved by the caller
        if key == "Condition":
            return self.condition(arg)
        if key == "Fn::Equals":
            a, b = (self.value(x) for x in arg)
            return str(a) == str(b)
        if key == "Fn::And":
            return all(self.value(x) for x in arg)
        if key == "Fn::Or":
            return any(self.value(x) for x in arg)
        if key == "Fn::Not":
            return not self.value(arg[0])
        if key == "Fn::If":
            name, yes, no = arg
            return self.value(yes if self.condition(name) else no)
        if key == "Fn::Sub" and isinstance(arg, str):
            # CloudFormation User Guide, Fn::Sub: `${Name}` is a parameter's
            # or pseudo parameter's value, `${!` a literal `${`.
            def sub(m):
                name = m.group(1)
                if name.startswith("!"):
                    return "${" + name[1:] + "}"
                if name in self.params:
                    return self.params[name]
                if name in self.pseudo:
                    return self.pseudo[name]
                raise Fail(f"Fn::Sub {arg!r}: ${{{name}}} is no parameter")

            return re.sub(r"\$\{([^}]*)\}", sub, arg)
        return v


# --- documents ----------------------------------------------------------------


def as_document(raw, what):
    """A policy document as moto returns it, parsed."""
    if isinstance(raw, dict):
        return raw
    if not isinstance(raw, str):
        raise Fail(f"{what}: unexpected document type {type(raw).__name__}")
    for parse in (json.loads, lambda s: json.loads(urllib.parse.unquote(s)), ast.literal_eval):
        try:
            doc = parse(raw)
        except (ValueError, SyntaxError):
            continue
        if isinstance(doc, dict):
            return doc
    raise Fail(f"{what}: cannot parse the document moto returned: {raw[:200]!r}")


def pretty(doc):
    return json.dumps(doc, indent=2, sort_keys=False).splitlines(keepends=True)


class Report:
    def __init__(self):
        self.failures = 0

    def ok(self, msg):
        print(f"  ok    {msg}")

    def fail(self, msg, detail=""):
        self.failures += 1
        print(f"  FAIL  {msg}")
        if detail:
            print("".join(f"        {line}" for line in detail.splitlines(keepends=True)).rstrip())

    def same(self, what, expected, actual):
        if expected == actual:
            self.ok(what)
        else:
            diff = "".join(
                difflib.unified_diff(
                    pretty(expected), pretty(actual), "expected (rendered)", "actual (moto)"
                )
            )
            self.fail(f"{what}: differs", diff)

    def equal(self, what, expected, actual):
        if expected == actual:
            self.ok(f"{what}: {actual!r}")
        else:
            self.fail(f"{what}: expected {expected!r}, got {actual!r}")


# --- the plan: what the template declares, matched to rendered files ----------


def rendered_files(root):
    out = {}
    for p in sorted(Path(root).rglob("*.json")):
        out[p.relative_to(root).as_posix()] = json.loads(p.read_text(encoding="utf-8"))
    if not out:
        raise Fail(f"no rendered documents under {root}")
    return out


def plan(template, ev, rendered, unused):
    """The roles and managed policies of one template, each matched to its
    rendered documents, which are taken from `unused`."""
    resources = template.get("Resources") or {}
    roles, policies, existing = {}, {}, {}
    for lid, res in resources.items():
        props = res.get("Properties") or {}
        if res.get("Condition") and not ev.condition(res["Condition"]):
            continue
        if res.get("Type") == "AWS::IAM::Role":
            roles[lid] = {
                "name": ev.value(props.get("RoleName")),
                "path": props.get("Path", "/"),
                "boundary": ev.value(props.get("PermissionsBoundary")),
                "inline": [ev.value(p["PolicyName"]) for p in props.get("Policies") or []],
                "managed": [],
            }
        elif res.get("Type") == "AWS::IAM::ManagedPolicy":
            targets = ev.value(props.get("Roles", []))
            if targets is Evaluator.NO_VALUE:
                targets = []
            policies[lid] = {
                "name": ev.value(props.get("ManagedPolicyName")),
                "path": props.get("Path", "/"),
                "roles": targets,  # strings (role names) or {"Ref": logical id}
            }
        elif res.get("Type") == "AWS::IAM::Policy":
            # An existing role's inline policy: embedded in the roles its
            # parameter names, which the template does not create.
            targets = ev.value(props.get("Roles", []))
            if not targets or not all(isinstance(t, str) for t in targets):
                raise Fail(f"{lid}: an AWS::IAM::Policy must name existing roles by parameter, not {targets!r}")
            for t in targets:
                existing.setdefault(t, {"inline": []})["inline"].append(props["PolicyName"])
        elif res.get("Type") in NOT_IN_MOTO:
            print(f"skipped: {lid} ({res['Type']}): moto's CloudFormation does not implement it")
        else:
            raise Fail(f"{lid}: resource type {res.get('Type')} is not checked by this script")
    for lid, p in policies.items():
        if not p["name"]:
            raise Fail(f"{lid}: a ManagedPolicy without ManagedPolicyName cannot be matched")
        for t in p["roles"]:
            if isinstance(t, dict) and t.get("Ref") in roles:
                roles[t["Ref"]]["managed"].append(p["name"])
            elif not isinstance(t, str):
                raise Fail(f"{lid}: Roles entry {t!r} is neither a role name nor a Ref to a role")

    def take(rel):
        if rel not in unused:
            raise Fail(f"{rel}: the template needs it but it was not rendered (or is used twice)")
        return unused.pop(rel)

    def owner_dir(kind, policy_name):
        hits = [r for r in rendered if r.startswith(f"{kind}/") and r.endswith(f"/{policy_name}.json")]
        if len(hits) != 1:
            raise Fail(f"policy {policy_name}: {len(hits)} rendered files match {kind}/*/{policy_name}.json")
        return hits[0].rsplit("/", 1)[0]

    for lid, r in roles.items():
        names = r["inline"] + r["managed"]
        if not names:
            raise Fail(f"role {lid} has no policies; cannot match it to a rendered role")
        dirs = {owner_dir("roles", n) for n in names}
        if len(dirs) != 1:
            raise Fail(f"role {lid}: its policies come from several rendered roles: {sorted(dirs)}")
        d = dirs.pop()
        r["key"] = d.split("/", 1)[1]
        r["trust_doc"] = take(f"{d}.trust.json")
        r["docs"] = {n: take(f"{d}/{n}.json") for n in r["inline"]}
    for name, r in existing.items():
        dirs = {owner_dir("roles", n) for n in r["inline"]}
        if len(dirs) != 1:
            raise Fail(f"existing role {name}: its policies come from several rendered roles: {sorted(dirs)}")
        d = dirs.pop()
        r["key"] = d.split("/", 1)[1]
        if f"{d}.trust.json" in rendered:
            raise Fail(f"existing role {name}: {d}.trust.json is rendered, but its trust policy is its owner's")
        r["docs"] = {n: take(f"{d}/{n}.json") for n in r["inline"]}
    for lid, p in policies.items():
        role_hit = [r for r in rendered if r.startswith("roles/") and r.endswith(f"/{p['name']}.json")]
        kind = "roles" if role_hit else "callers"
        p["doc"] = take(f"{owner_dir(kind, p['name'])}/{p['name']}.json")
    return roles, policies, existing


# --- deployment and checks ----------------------------------------------------


def create_caller_role(iam, name, account):
    """A caller's own role, which exists outside the deployed output."""
    iam.create_role(
        RoleName=name,
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    print(f"pre-created caller role {name} in {account}")


def owner_trust(account):
    """The trust policy an existing execution role's owner gives it:
    SageMaker, for this account's resources (SageMaker Developer Guide,
    'Cross-service confused deputy prevention'). The output must leave it
    as it is."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "sagemaker.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": account}},
            }
        ],
    }


def create_existing_role(iam, name, account):
    """An existing execution role, as its owner creates it before the
    output is deployed."""
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(owner_trust(account)))
    print(f"pre-created existing role {name} in {account}")


def check_inline(rep, iam, what, name, r):
    """The role `name` holds exactly the inline policies of `r`, each with
    exactly its rendered document."""
    inline = iam.list_role_policies(RoleName=name)["PolicyNames"]
    rep.equal(f"{what}: inline policies", sorted(r["inline"]), sorted(inline))
    for pn, doc in r["docs"].items():
        if pn not in inline:
            continue
        raw = iam.get_role_policy(RoleName=name, PolicyName=pn)["PolicyDocument"]
        rep.same(
            f"{what}: inline policy {pn} = roles/{r['key']}/{pn}.json",
            doc,
            as_document(raw, f"{name}/{pn}"),
        )


def deploy_and_check(template_paths, rendered_dir, expect, account, overrides):
    rendered = rendered_files(rendered_dir)
    unused = dict(rendered)
    stacks = []
    declared = set()
    # Existing roles (spec `existing = true`) by name: the roles the
    # templates' AWS::IAM::Policy resources embed their inline policies in.
    existing_roles = {}
    for i, path in enumerate(template_paths):
        template = load_template(path)
        params = template.get("Parameters") or {}
        declared.update(params)
        ev = Evaluator(template, account, {k: v for k, v in overrides.items() if k in params})
        roles, policies, existing = plan(template, ev, rendered, unused)
        for role, r in existing.items():
            if role in existing_roles:
                raise Fail(f"existing role {role}: inline policies in two templates")
            existing_roles[role] = r
        name = "sagerole-deploy-test" if len(template_paths) == 1 else f"sagerole-deploy-test-{i + 1}"
        stacks.append((path, name, ev, roles, policies))
    if unknown := sorted(set(overrides) - declared):
        raise Fail(f"unknown parameters: {', '.join(unknown)}")
    # A model package group's resource policy is not deployed but handed on
    # as a stack output (ModelPackageGroupPolicy...), which the group's owner
    # applies with PutModelPackageGroupPolicy: checked against the outputs.
    group_policies = {
        rel: unused.pop(rel)
        for rel in sorted(unused)
        if rel.startswith("groups/") and rel.endswith(".resource-policy.json")
    }
    if unused:
        raise Fail(f"rendered documents the templates do not deploy: {', '.join(sorted(unused))}")
    attached = expect["attached"]

    def attached_to(role_name):
        return sorted(p for p, to in attached.items() if role_name in to)

    # Caller roles live outside the template: create them all, attached or not.
    external = sorted(expect["caller_roles"])
    # So do existing roles, which their owner creates before the stacks.
    owned = sorted(expect.get("existing_roles", []))
    if strays := sorted(set(existing_roles) - set(owned)):
        raise Fail(f"the templates embed policies in roles the spec does not mark existing: {', '.join(strays)}")
    for path, _, ev, _, _ in stacks:
        for name, cond in sorted(ev.conditions.items()):
            print(f"{path}: condition {name} = {str(cond).lower()} (account {account})")

    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_SESSION_TOKEN="testing",
        AWS_DEFAULT_REGION=REGION,
    )
    if account != DEFAULT_ACCOUNT:
        os.environ["MOTO_ACCOUNT_ID"] = account
    import boto3
    from moto import mock_aws

    rep = Report()
    rep.equal(
        "managed policies in the templates",
        sorted(attached),
        sorted(p["name"] for _, _, _, _, policies in stacks for p in policies.values()),
    )
    with mock_aws():
        iam = boto3.client("iam", region_name=REGION)
        cfn = boto3.client("cloudformation", region_name=REGION)
        for name in external:
            create_caller_role(iam, name, account)
        for name in owned:
            create_existing_role(iam, name, account)
        for path, stack, ev, roles, policies in stacks:
            params = [{"ParameterKey": k, "ParameterValue": v} for k, v in ev.params.items()]
            print(f"create_stack {path} with {', '.join(f'{k}={v!r}' for k, v in ev.params.items())}")
            body = Path(path).read_text(encoding="utf-8")
            source = {"TemplateBody": body}
            if len(body.encode("utf-8")) > INLINE_TEMPLATE_BODY:
                # As `aws cloudformation deploy --s3-bucket` does: a larger
                # body goes through S3.
                s3 = boto3.client("s3", region_name=REGION)
                if not s3.list_buckets()["Buckets"]:
                    s3.create_bucket(Bucket=TEMPLATE_BUCKET)
                key = Path(path).name
                s3.put_object(Bucket=TEMPLATE_BUCKET, Key=key, Body=body.encode("utf-8"))
                source = {"TemplateURL": f"https://{TEMPLATE_BUCKET}.s3.amazonaws.com/{key}"}
                print(f"{path}: {len(body.encode('utf-8'))} bytes, read from S3")
            cfn.create_stack(
                StackName=stack,
                **source,
                Parameters=params,
                Capabilities=["CAPABILITY_NAMED_IAM"],
            )
            described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
            rep.equal(f"stack {stack}: status", "CREATE_COMPLETE", described["StackStatus"])
            for out in described.get("Outputs") or []:
                if not out["OutputKey"].startswith("ModelPackageGroupPolicy"):
                    continue
                doc = as_document(out["OutputValue"], out["OutputKey"])
                match = [rel for rel, want in group_policies.items() if want == doc]
                if match:
                    rep.ok(f"stack {stack}: output {out['OutputKey']} = {match[0]}")
                    del group_policies[match[0]]
                else:
                    rep.fail(f"stack {stack}: output {out['OutputKey']} is no rendered group policy: {doc}")
            physical = {
                r["LogicalResourceId"]: r["PhysicalResourceId"]
                for r in cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]
            }
            role_names = {}
            for lid, r in roles.items():
                name = physical.get(lid)
                if not name:
                    rep.fail(f"role {lid}: not in the stack")
                    continue
                role_names[lid] = name
                if r["name"]:
                    rep.equal(f"role {lid}: name", r["name"], name)
                got = iam.get_role(RoleName=name)["Role"]
                rep.same(
                    f"role {name}: trust policy = roles/{r['key']}.trust.json",
                    r["trust_doc"],
                    as_document(got["AssumeRolePolicyDocument"], f"{name} trust"),
                )
                rep.equal(f"role {name}: path", r["path"], got.get("Path"))
                want_boundary = None if r["boundary"] is Evaluator.NO_VALUE else r["boundary"]
                rep.equal(
                    f"role {name}: permissions boundary",
                    want_boundary,
                    (got.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn"),
                )
                check_inline(rep, iam, f"role {name}", name, r)
                rep.equal(
                    f"role {name}: tags",
                    expect.get("tags", {}),
                    {t["Key"]: t["Value"] for t in iam.list_role_tags(RoleName=name)["Tags"]},
                )
            for lid, p in policies.items():
                arn = physical.get(lid)
                if not arn:
                    rep.fail(f"managed policy {lid}: not in the stack")
                    continue
                pol = iam.get_policy(PolicyArn=arn)["Policy"]
                rep.equal(f"managed policy {lid}: name", p["name"], pol["PolicyName"])
                rep.equal(f"managed policy {p['name']}: path", p["path"], pol["Path"])
                version = iam.get_policy_version(PolicyArn=arn, VersionId=pol["DefaultVersionId"])
                rep.same(
                    f"managed policy {p['name']}: document",
                    p["doc"],
                    as_document(version["PolicyVersion"]["Document"], p["name"]),
                )
                want = sorted(attached.get(p["name"], []))
                # moto 5.2.5 looks for the policy only among the first
                # MaxItems roles of the account (100 by default), so a
                # spec with more roles asks for IAM's largest page.
                ents = iam.list_entities_for_policy(PolicyArn=arn, MaxItems=1000)
                got = sorted(x["RoleName"] for x in ents["PolicyRoles"])
                others = [x["UserName"] for x in ents["PolicyUsers"]] + [x["GroupName"] for x in ents["PolicyGroups"]]
                rep.equal(f"managed policy {p['name']}: attached to roles", want, got)
                if others:
                    rep.fail(f"managed policy {p['name']}: also attached to {others}")
            for lid, name in role_names.items():
                got = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
                rep.equal(
                    f"role {name}: attached managed policies",
                    attached_to(name),
                    sorted(a["PolicyName"] for a in got),
                )
        for name in owned:
            r = existing_roles.get(name, {"inline": [], "docs": {}, "key": "?"})
            got = iam.get_role(RoleName=name)["Role"]
            rep.same(
                f"existing role {name}: trust policy still its owner's",
                owner_trust(account),
                as_document(got["AssumeRolePolicyDocument"], f"{name} trust"),
            )
            check_inline(rep, iam, f"existing role {name}", name, r)
            got = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
            rep.equal(
                f"existing role {name}: attached managed policies",
                attached_to(name),
                sorted(a["PolicyName"] for a in got),
            )
        for name in external:
            got = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
            rep.equal(
                f"caller role {name}: attached managed policies",
                attached_to(name),
                sorted(a["PolicyName"] for a in got),
            )
    for rel in sorted(group_policies):
        rep.fail(f"{rel}: no stack output hands it on")
    return rep.failures


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("templates", nargs="+", metavar="template")
    ap.add_argument("rendered_dir")
    ap.add_argument("--expect", required=True, metavar="ATTACHED.json")
    ap.add_argument("--account", default=DEFAULT_ACCOUNT)
    ap.add_argument("--parameter", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args(argv)
    overrides = {}
    for kv in args.parameter:
        k, sep, v = kv.partition("=")
        if not sep:
            ap.error(f"--parameter {kv}: expected KEY=VALUE")
        overrides[k] = v
    def run():
        expect = json.loads(Path(args.expect).read_text(encoding="utf-8"))
        return deploy_and_check(args.templates, args.rendered_dir, expect, args.account, overrides)

    return verdict(run)


def verdict(run):
    """Runs the checks of `run` (which returns how many failed), prints the
    verdict and returns the exit code: 0 when every check passed."""
    try:
        failures = run()
    except Fail as e:
        print(f"FAIL: {e}")
        return 1
    except Exception as e:  # noqa: BLE001 (e.g. MalformedPolicyDocument from create_stack)
        print(f"FAIL: {type(e).__name__}: {e}")
        return 1
    if failures:
        print(f"{failures} check(s) failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
