"""Reads stored `cloudsplaining scan-policy-file` outputs and fails on any
finding that the exclusions file does not list.

Usage: python cloudsplaining-check.py EXCLUSIONS OUT_ROOT RENDER_ROOT

For every rendered document RENDER_ROOT/REL.json, OUT_ROOT/REL.json.out holds
cloudsplaining's stdout, REL.json.err its stderr and REL.json.rc its exit
code (cloudsplaining exits 0 whether or not it finds anything).

What cloudsplaining 0.9.1 prints (after removing its ANSI colours):
* a clean policy: the single line "There were no results found."
* otherwise one block per risk category, each a headline
  "Potential Issue found: Policy ..." followed by "Actions: a, b, ..." (for
  privilege escalation: one "- Method: M" line and an indented
  "Actions: ..." line per method).
A finding is one (category, action) pair of one file. Anything else in the
output (an unknown headline, a stray line, a non-zero exit code, a traceback)
is a tool error and fails too.

Exclusions file: one finding per line, `CATEGORY ACTION REASON...`, where
CATEGORY is one of the names in HEADLINES below, ACTION is matched without
regard to case (IAM action names are case-insensitive), and REASON (why AWS
leaves no narrower choice) is required. Lines starting with `#` are comments. An exclusion
applies in every file. Unused exclusions are reported but do not fail.
Exit 0 clean, 1 findings, 2 tool or input error.
"""

import fnmatch
import json
import os
import re
import sys

HEADLINES = {
    "Policy is capable of Privilege Escalation": "PrivilegeEscalation",
    "Policy is capable of Data Exfiltration": "DataExfiltration",
    "Policy is capable of Resource Exposure": "ResourceExposure",
    "Policy allows ALL Actions from a service (like service:*)": "ServiceWildcard",
    "Policy allows actions that return credentials": "CredentialsExposure",
    "Policy is capable of Unrestricted Infrastructure Modification": "InfrastructureModification",
}
CLEAN = "There were no results found."
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class ToolError(Exception):
    pass


def load_exclusions(path):
    out = {}
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or parts[0] not in HEADLINES.values():
                raise ToolError(
                    f"{path}:{n}: expected `CATEGORY ACTION REASON` with CATEGORY one of "
                    f"{', '.join(sorted(HEADLINES.values()))}"
                )
            out[(parts[0], parts[1].lower())] = parts[2]
    return out


def parse(text):
    """[(category, method or None, action)] from one stored output."""
    lines = [ANSI.sub("", l).rstrip() for l in text.splitlines()]
    lines = [l for l in lines if l.strip()]
    if lines == [CLEAN]:
        return []
    if not lines:
        raise ToolError("empty output")
    found, category, method, actions_seen = [], None, None, True
    for line in lines:
        s = line.strip()
        if s.startswith("Potential Issue found: "):
            if not actions_seen:
                raise ToolError(f"no actions listed under {category}")
            head = s[len("Potential Issue found: ") :]
            if head not in HEADLINES:
                raise ToolError(f"unknown headline: {s}")
            category, method, actions_seen = HEADLINES[head], None, False
        elif s.startswith("- Method: ") and category:
            method = s[len("- Method: ") :]
        elif s.startswith("Actions: ") and category:
            actions_seen = True
            for a in s[len("Actions: ") :].split(","):
                if a.strip():
                    found.append((category, method, a.strip()))
        else:
            raise ToolError(f"unexpected line: {line}")
    if not actions_seen:
        raise ToolError(f"no actions listed under {category}")
    return found


def sids_with(doc, action):
    """Sids of the Allow statements whose Action matches `action`."""
    out = []
    stmts = doc.get("Statement", [])
    for i, st in enumerate(stmts if isinstance(stmts, list) else [stmts]):
        acts = st.get("Action", [])
        acts = [acts] if isinstance(acts, str) else acts
        a = action.lower()
        if any(fnmatch.fnmatchcase(a, p.lower()) or p.lower() == f"{a}:*" for p in acts):
            out.append(st.get("Sid", f"#{i}"))
    return out


def main(argv):
    excl_path, out_root, render_root = argv[1:4]
    try:
        exclusions = load_exclusions(excl_path)
    except (OSError, ToolError) as e:
        print(f"cloudsplaining: {e}")
        return 2
    used, failed, errors, checked = set(), 0, 0, 0
    for d, _, names in sorted(os.walk(render_root)):
        for name in sorted(names):
            if not name.endswith(".json") or name.endswith(".trust.json"):
                continue
            checked += 1
            doc_path = os.path.join(d, name)
            rel = os.path.relpath(doc_path, render_root)
            base = os.path.join(out_root, rel)
            try:
                with open(base + ".rc", encoding="utf-8") as fh:
                    rc = int(fh.read().strip())
                with open(base + ".out", encoding="utf-8") as fh:
                    text = fh.read()
                with open(base + ".err", encoding="utf-8") as fh:
                    err = fh.read()
                if rc != 0:
                    raise ToolError(f"exit code {rc}:\n{text}{err}")
                found = parse(text)
            except (OSError, ValueError, ToolError) as e:
                print(f"cloudsplaining: ERROR {rel}: {e}")
                errors += 1
                continue
            with open(doc_path, encoding="utf-8") as fh:
                doc = json.load(fh)
            for category, method, action in found:
                key = (category, action.lower())
                where = ", ".join(sids_with(doc, action)) or "?"
                label = f"{category}{f' ({method})' if method else ''} {action}"
                if key in exclusions:
                    reason = "" if key in used else f": {exclusions[key]}"
                    used.add(key)
                    print(f"  excluded: {rel} statement {where}: {label}{reason}")
                else:
                    failed += 1
                    print(f"cloudsplaining: FINDING {rel} statement {where}: {label}")
    for key in sorted(set(exclusions) - used):
        print(f"  note: exclusion not used by any document: {key[0]} {key[1]}")
    print(f"cloudsplaining: {checked} documents, {failed} findings not excluded, {errors} errors")
    if errors:
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
