#!/usr/bin/env python3
"""Wall time and peak memory of `sagerole generate` and `sagerole check` on
synthetic specs of 10 to 10,000 workloads (`sagerole synthetic N`).

Usage: python3 scripts/scale.py [--binary target/release/sagerole] [--runs 3]

Builds the release binary first unless --binary is given. Each measurement
is one process; its peak resident memory comes from wait4's rusage, its
wall time from a monotonic clock; the table shows the median of --runs.
Prints a Markdown table and the ratio of the largest size's time to the
next smaller size's (linear growth keeps it near 10).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = [10, 100, 1_000, 10_000]


def measure(argv):
    """(seconds, peak MiB) of one run of argv, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(argv)} exited {code}: {proc.stderr.read().decode()}")
    proc.stderr.close()
    return seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    root = Path(__file__).resolve().parent.parent
    binary = args.binary
    if binary is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=root, check=True)
        binary = str(root / "target/release/sagerole")
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
    print(f"{version.stdout.strip()}, {os.cpu_count()} CPUs visible, one used\n")
    print("| workloads | spec | generate | peak memory | check | peak memory |")
    print("|---:|---:|---:|---:|---:|---:|")
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            spec = Path(tmp) / f"bench-{n}.hcl"
            spec.write_bytes(subprocess.run([binary, "synthetic", str(n)], capture_output=True, check=True).stdout)
            gen, chk = [], []
            for i in range(args.runs):
                out = Path(tmp) / f"out-{n}-{i}"
                gen.append(measure([binary, "generate", str(spec), "--out", str(out)]))
                chk.append(measure([binary, "check", str(spec), "--out", str(out), "--color", "never"]))
                # Each tree is removed before the next run, so that the
                # kernel is not still writing earlier runs' output back
                # to disk while generate waits for its own (fsync).
                shutil.rmtree(out)
            g_s = statistics.median(t for t, _ in gen)
            g_m = max(m for _, m in gen)
            c_s = statistics.median(t for t, _ in chk)
            c_m = max(m for _, m in chk)
            times[n] = (g_s, c_s)
            size_kib = spec.stat().st_size / 1024
            print(f"| {n:,} | {size_kib:,.0f} KiB | {g_s:.3f} s | {g_m:.0f} MiB | {c_s:.3f} s | {c_m:.0f} MiB |")
    big, small = SIZES[-1], SIZES[-2]
    print(
        f"\n{big:,} / {small:,} workloads: generate {times[big][0] / times[small][0]:.1f}x, "
        f"check {times[big][1] / times[small][1]:.1f}x the time"
    )


if __name__ == "__main__":
    main()
