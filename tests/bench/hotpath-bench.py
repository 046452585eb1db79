#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Hot-path benchmark (make bench, issue 21): boots tests/bench/hotpath.case
once per hypervisor (`-icount shift=0`: one virtual ns per guest
instruction, so one boot gives a deterministic figure) and prints the
virtual ns of a xen_version hypercall through /dev/xen/privcmd and of an
event round trip through /dev/xen/evtchn from dom0 user space, with the
ratio and the issue's goal. Exits 1 when a hypervisor gave no numbers.

    tests/bench/hotpath-bench.py [--hv NAME]...
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "boot"))
import runner  # noqa: E402

CASE = os.path.join(HERE, "hotpath.case")
GOALS = {"xen_version": 1500, "event_round_trip": 10000}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hv", action="append")
    args = ap.parse_args()
    log_dir = os.path.join(runner.ART_ROOT, "build", "test-logs", "bench")
    res = {}
    failed = False
    print("bench: hot paths from dom0 user space, virtual ns "
          "(-icount shift=0), one boot per hypervisor", flush=True)
    for run in sorted(runner.expand(CASE, args.hv), key=lambda r: r.hv):
        if getattr(run, "deselected", None):
            continue
        status, reason, log, _ = runner.run_one(run, log_dir, 1.0, 10)
        if status != "PASS":
            print(f"bench: {run.hv:9} no numbers ({status}): {reason}")
            failed = True
            continue
        with open(log, errors="replace") as f:
            found = re.findall(r"^HOTPATH: (\w+) ([0-9]+)\s*$", f.read(), re.M)
        res[run.hv] = {k: int(v) for k, v in found}
        print(f"bench: {run.hv:9} {res[run.hv]}", flush=True)
    print(f"bench: {'metric':18} {'xenolite':>9} {'xen-4.17':>9} "
          f"{'ratio':>6} {'goal':>6}  met?")
    for m, goal in GOALS.items():
        a = res.get("xenolite", {}).get(m)
        b = res.get("xen-4.17", {}).get(m)
        ratio = f"{a / b:.2f}" if a and b else "-"
        met = "-" if a is None else ("yes" if a <= goal else "no")
        print(f"bench: {m:18} {a if a else '-':>9} {b if b else '-':>9} "
              f"{ratio:>6} {goal:>6}  {met}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
