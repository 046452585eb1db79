#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run every test and print one closing line: "N passed, N failed[, N skipped]".

Protocol: each test program prints one line per test case,
    PASS: <name>
    FAIL: <name>: <why>
    SKIP: <name>: <why>
and exits non-zero if anything failed. A program that exits non-zero without
a FAIL line, or prints no result line at all, counts as one failure.
Unit programs are run directly; boot cases go to tests/boot/runner.py.
"""
import argparse
import os
import re
import subprocess
import sys
import time

RESULT = re.compile(r"^(PASS|FAIL|SKIP): (.*)$")


def run(cmd, label, log_dir):
    """Run one test program, echo its result lines, return (pass, fail, skip)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace")
    out = []
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for line in proc.stdout:
        out.append(line)
        m = RESULT.match(line.rstrip("\n"))
        if m:
            counts[m.group(1)] += 1
            print(line, end="", flush=True)
    rc = proc.wait()
    took = time.monotonic() - start
    if (rc != 0 and counts["FAIL"] == 0) or sum(counts.values()) == 0:
        counts["FAIL"] += 1
        print(f"FAIL: {label}: exited with status {rc} and "
              f"{sum(counts.values()) - 1} result lines", flush=True)
    if counts["FAIL"]:
        os.makedirs(log_dir, exist_ok=True)
        path = os.path.join(log_dir, re.sub(r"[^A-Za-z0-9_.-]", "_", label) + ".log")
        with open(path, "w") as f:
            f.writelines(out)
        print(f"  (full output of {label}: {path})", flush=True)
        # CUnit and sanitizer reports are most useful inline, briefly.
        tail = [l for l in out if not RESULT.match(l.rstrip("\n"))][-25:]
        for l in tail:
            print("  | " + l, end="")
    print(f"  [{label}: {took:.1f}s]", flush=True)
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--unit", nargs="*", default=[])
    ap.add_argument("--boot", nargs="*", default=[])
    args = ap.parse_args()

    log_dir = os.path.join(args.build, "test-logs")
    total = {"PASS": 0, "FAIL": 0, "SKIP": 0}

    def add(c):
        for k in total:
            total[k] += c[k]

    for prog in args.unit:
        add(run([prog], os.path.basename(prog), log_dir))
    if args.boot:
        runner = [sys.executable, "tests/boot/runner.py", "--log-dir", log_dir]
        for case in args.boot:
            add(run(runner + [case], os.path.basename(case), log_dir))

    line = f"{total['PASS']} passed, {total['FAIL']} failed"
    if total["SKIP"]:
        line += f", {total['SKIP']} skipped"
    print(line)
    return 1 if total["FAIL"] or not (total["PASS"] + total["SKIP"]) else 0


if __name__ == "__main__":
    sys.exit(main())
