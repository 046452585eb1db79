#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Block benchmark (make bench, issue 15): boots dom0-blk-bench.case on
Xenolite and on Debian's Xen 4.17; in each, a Linux DomU created by our xl
with disk= runs blkbench on xvda served by qdisk and by Linux's blkback
(phy). Prints sequential write and read MB/s and 4 KiB random read IOPS
(O_DIRECT, 8 threads) as one table, with each figure's ratio to Linux's
blkback on Xen 4.17 (the goal: qdisk at or above it). TCG: the figures
compare configurations run alike, not hardware speeds. BLK_BENCH_HV (a
space-separated list: xenolite, xen-4.17) runs only those hypervisors;
the rows of the others then say "-".
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "tests", "boot"))
import runner  # noqa: E402

CASE = os.path.join(HERE, "dom0-blk-bench.case")
FIGURES = [("seq-write", "seq write MB/s"), ("seq-read", "seq read MB/s"),
           ("rand-read", "4k rand read IOPS")]
ROWS = [("qdisk", "xenolite"), ("phy", "xenolite"), ("phy", "xen-4.17"),
        ("qdisk", "xen-4.17")]
REFERENCE = ("phy", "xen-4.17")


def parse(text):
    """{backend: {figure: value}} from the BENCH: lines of a serial log."""
    out = {}
    for be, fig, val in re.findall(
            r"^BENCH: (qdisk|phy) ([a-z-]+) ([0-9.]+)", text, re.M):
        out.setdefault(be, {})[fig] = float(val)
    return out


def cell(row, fig, ref):
    if fig not in row:
        return "-"
    v = row[fig]
    r = ref.get(fig) if ref else None
    return f"{v:.1f} ({v / r:.2f}x)" if r else f"{v:.1f}"


def main():
    if os.environ.get("BLK_BENCH_ROOT"):
        runner.ART_ROOT = os.path.abspath(os.environ["BLK_BENCH_ROOT"])
    log_dir = os.path.join(runner.ART_ROOT, "build", "test-logs", "bench")
    results = {}
    print("bench: block I/O in a Linux DomU (xl disk=, TCG), "
          "qdisk vs. Linux blkback", flush=True)
    hv_filter = os.environ.get("BLK_BENCH_HV", "").split() or None
    for run in sorted(runner.expand(CASE, hv_filter), key=lambda r: r.hv):
        if getattr(run, "deselected", None):
            print(f"bench: {run.hv:9} not run (BLK_BENCH_HV={' '.join(hv_filter)})")
            continue
        status, reason, log, _ = runner.run_one(run, log_dir, 1.0, 10)
        if status != "PASS":
            print(f"bench: {run.hv:9} no numbers ({status}): {reason}")
            continue
        with open(log, errors="replace") as f:
            for be, figs in parse(f.read()).items():
                results[(be, run.hv)] = figs
    ref = results.get(REFERENCE)
    print(f"bench: {'backend@hypervisor':20}" +
          "".join(f"{name:>22}" for _, name in FIGURES))
    for key in ROWS:
        row = results.get(key, {})
        label = f"{key[0]}@{key[1]}"
        print(f"bench: {label:20}" +
              "".join(f"{cell(row, fig, ref):>22}" for fig, _ in FIGURES))
    print("bench: (ratios to phy@xen-4.17, Linux's blkback on Xen 4.17)")
    for hv in ("xenolite", "xen-4.17"):
        q, p = results.get(("qdisk", hv)), results.get(("phy", hv))
        if q and p:
            print(f"bench: qdisk/phy on {hv:9}" + "".join(
                f"{q[f] / p[f]:>22.2f}" if q.get(f) and p.get(f) else f"{'-':>22}"
                for f, _ in FIGURES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
