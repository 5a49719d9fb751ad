"""Runs parliament 1.6.4 over rendered policy documents; any finding fails.

Usage: python parliament-check.py PARLIAMENT RENDER_ROOT SCRATCH PARTITION ACCOUNT [EXCLUSIONS]

RENDER_ROOT holds `sagerole render --policies` trees (one per example, any
depth); every *.json below it is checked. Parliament reads a copy of each
document in SCRATCH, with one change that keeps the IAM meaning and only
works around parliament; it is printed when made. (sagerole writes a single
value under Bool or Null as a string, the form parliament 1.6.4 reads: it
crashes on a one-element list there, so such a list fails this check.)

The change: a trust policy (*.trust.json) gets `"Resource":
"arn:PARTITION:iam::ACCOUNT:role/*"`. Parliament checks every document as
an identity policy, reports a trust statement as MALFORMED ("neither
Resource nor NotResource") and then stops analysing that statement. With
the role ARN pattern as resource it checks the action, principal and
conditions like any other statement (with "*" it would report
RESOURCE_STAR instead). Real IAM rejects a trust policy with a Resource,
so the rendered trust policies are first checked to have none.

EXCLUSIONS (optional) lists accepted findings, one per line:
`ISSUE ACTION REASON...`, e.g. `RESOURCE_STAR ec2:DescribeVpcs <why>`. A
finding is accepted only when its issue matches and its detail is a list of
actions that are all listed for that issue (compared without regard to
case), so a statement that gains another action fails again. The detail of
RESOURCE_MISMATCH lists `{"action": ..., "required_format": ...}` objects;
their actions count. UNKNOWN_CONDITION_FOR_ACTION names one condition key
and one action ("Unknown condition K for action A"); for it the second field
is the condition key, e.g. `UNKNOWN_CONDITION_FOR_ACTION
sagemaker:OutputKmsKeyArn <why>`. REASON, why AWS leaves no narrower choice
or why parliament is wrong, is required. Lines starting with `#` are
comments.

Parliament runs once, as `parliament --files A,B,... --json < /dev/null`:
`--file` fails when stdin is not a terminal. Each finding is printed with
the rendered file and the Sid of the statement it points at.
Exit 0 clean, 1 findings, 2 tool or input error.
"""

import json
import os
import re
import subprocess
import sys

UNKNOWN_CONDITION = re.compile(r"Unknown condition (?P<key>\S+) for action \S+")


def prepare(doc, is_trust, resource):
    notes = []
    statements = doc.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    for st in statements:
        sid = st.get("Sid", "?")
        if is_trust:
            if "Resource" in st or "NotResource" in st:
                raise ValueError(f"trust statement {sid} has a Resource; IAM rejects it")
            st["Resource"] = resource
            notes.append(f"{sid}: Resource {resource} added (trust policy)")
    return notes


def statement_lines(text):
    """1-based line of each statement's opening brace in json.dumps(indent=2)."""
    return [i + 1 for i, line in enumerate(text.splitlines()) if line == "    {"]


def load_exclusions(path):
    out = {}
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3:
                raise ValueError(f"{path}:{n}: expected `ISSUE ACTION REASON`")
            out[(parts[0].upper(), parts[1].lower())] = parts[2]
    return out


def detail_names(issue, detail):
    """The actions (or, for UNKNOWN_CONDITION_FOR_ACTION, the condition
    key) a finding's detail names; None for a detail of another form, which
    no exclusion accepts."""
    if issue == "UNKNOWN_CONDITION_FOR_ACTION":
        match = UNKNOWN_CONDITION.fullmatch(detail) if isinstance(detail, str) else None
        return [match["key"]] if match else None
    if not isinstance(detail, list) or not detail:
        return None
    if all(isinstance(a, str) for a in detail):
        return detail
    if issue == "RESOURCE_MISMATCH" and all(
        isinstance(a, dict) and isinstance(a.get("action"), str) for a in detail
    ):
        return [a["action"] for a in detail]
    return None


def excluded(finding, exclusions):
    issue = str(finding.get("issue", "")).upper()
    names = detail_names(issue, finding.get("detail"))
    if names is None:
        return None
    keys = [(issue, a.lower()) for a in names]
    if all(k in exclusions for k in keys):
        return "; ".join(sorted({exclusions[k] for k in keys}))
    return None


def main(argv):
    parliament, root, scratch, partition, account = argv[1:6]
    try:
        exclusions = load_exclusions(argv[6]) if len(argv) > 6 else {}
    except (OSError, ValueError) as e:
        print(f"parliament: {e}")
        return 2
    resource = f"arn:{partition}:iam::{account}:role/*"
    files = []
    for d, _, names in os.walk(root):
        files += [os.path.join(d, n) for n in names if n.endswith(".json")]
    files.sort()
    if not files:
        print(f"parliament: no policy documents under {root}", file=sys.stderr)
        return 2
    copies = {}  # scratch path -> (rendered relative path, doc, statement lines)
    for f in files:
        rel = os.path.relpath(f, root)
        with open(f, encoding="utf-8") as fh:
            doc = json.load(fh)
        try:
            notes = prepare(doc, f.endswith(".trust.json"), resource)
        except ValueError as e:
            print(f"parliament: {rel}: {e}")
            return 1
        for n in notes:
            print(f"  note: {rel}: {n}")
        out = os.path.join(scratch, rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        text = json.dumps(doc, indent=2) + "\n"
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
        copies[out] = (rel, doc, statement_lines(text))

    proc = subprocess.run(
        [parliament, "--files", ",".join(copies), "--json"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    findings = []
    for line in proc.stdout.splitlines():
        try:
            findings.append(json.loads(line))
        except json.JSONDecodeError:
            print(f"parliament: unexpected output: {line}")
            return 2
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not findings):
        print(f"parliament failed (rc {proc.returncode}):\n{proc.stdout}{proc.stderr}")
        return 2
    if proc.returncode == 0 and findings:
        print("parliament printed findings but exited 0")
        return 2
    failed = 0
    for fd in findings:
        loc = dict(fd.get("location") or {})
        path = loc.pop("filepath", "?")
        rel, doc, starts = copies.get(path, (path, None, []))
        sid = "?"
        line = loc.get("line")
        if doc is not None and isinstance(line, int):
            idx = max((i for i, s in enumerate(starts) if s <= line), default=None)
            stmts = doc.get("Statement", [])
            if idx is not None and idx < len(stmts):
                sid = stmts[idx].get("Sid", f"#{idx}")
        text = (
            f"{fd.get('severity')} {fd.get('issue')} {rel} statement {sid}: "
            f"{fd.get('title')}; detail {json.dumps(fd.get('detail'))}"
        )
        reason = excluded(fd, exclusions)
        if reason:
            print(f"  excluded: {text}: {reason}")
        else:
            failed += 1
            print(f"parliament: FINDING {text}")
    print(f"parliament: {len(files)} documents, {len(findings)} findings, {failed} not excluded")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
