#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Block benchmark (make bench, issue 15): boots dom0-blk-bench.case on
Xenolite and on Debian's Xen 4.17; in each, a Linux DomU created by our xl
with disk= runs blkbench on xvda served by qdisk and by Linux's blkback
(phy). Prints sequential write and read MB/s and 4 KiB random read IOPS
(O_DIRECT, 8 threads) per back end in the shared table (tests/bench/
benchlib.py, build/bench/blk.json); the goal: qdisk on Xenolite at or above
Linux's blkback on Xen 4.17. TCG: the figures compare configurations run
alike, not hardware speeds. BLK_BENCH_HV (a space-separated list:
xenolite, xen-4.17) runs only those hypervisors; the columns of the others
then say "-".
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "tests", "bench"))
import benchlib  # noqa: E402
from benchlib import runner  # noqa: E402

CASE = os.path.join(HERE, "dom0-blk-bench.case")
FIGURES = [("seq-write", "seq write", "MB/s"), ("seq-read", "seq read", "MB/s"),
           ("rand-read", "4k rand read", "IOPS")]
BACKENDS = [("qdisk", "qdisk"), ("phy", "Linux blkback (phy)")]


def main():
    if os.environ.get("BLK_BENCH_ROOT"):
        runner.ART_ROOT = os.path.abspath(os.environ["BLK_BENCH_ROOT"])
    b = benchlib.Bench("blk", "block I/O in a Linux DomU (xl disk=, TCG), "
                       "qdisk vs. Linux blkback")
    results = {}                        # (backend, hv) -> {figure: value}
    hv_filter = os.environ.get("BLK_BENCH_HV", "").split() or None
    for run in sorted(runner.expand(CASE, hv_filter), key=lambda r: r.hv):
        text, _ = b.boot(run)
        if text is None:
            continue
        for be, fig, val in benchlib.bench_lines(
                text, r"(qdisk|phy) ([a-z-]+) ([0-9.]+)"):
            results.setdefault((be, run.hv), {})[fig] = float(val)
        if not any(hv == run.hv for _, hv in results):
            b.fail(run.label, "no BENCH: lines")
    for fig, name, unit in FIGURES:
        # The goal: qdisk on Xenolite at or above blkback on Xen 4.17.
        ref = results.get(("phy", "xen-4.17"), {}).get(fig)
        for be, label in BACKENDS:
            goal = ("xenolite", ">=", ref) if be == "qdisk" and ref else None
            b.row(f"{label} {name}", unit,
                  {hv: results.get((be, hv), {}).get(fig)
                   for hv in benchlib.HVS}, goal=goal)
    return b.finish()


if __name__ == "__main__":
    sys.exit(main())
