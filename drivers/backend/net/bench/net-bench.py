#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Network benchmark (make bench, issue 16): boots dom0-net-bench.case; in
its dom0 a Linux DomU created by our xl with vif=['bridge=xenbr0'] moves
TCP data with busybox nc both ways and pings dom0, with its NIC served by
qnic and by Linux's netback. Prints one table: MB/s dom0 -> DomU and
DomU -> dom0 and the mean ping round trip, per back end and hypervisor,
in the shared table (tests/bench/benchlib.py, build/bench/net.json); the
goal: qnic on Xenolite as good as Linux's netback on Xenolite. Hypervisors:
NET_BENCH_HV (default "xenolite"; "xenolite xen-4.17" adds Debian's Xen
4.17). TCG: the figures compare configurations run alike, not hardware.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "tests", "bench"))
import benchlib  # noqa: E402
from benchlib import runner  # noqa: E402

CASE = os.path.join(HERE, "dom0-net-bench.case")
FIGURES = [("to-domu", "dom0->DomU", "MB/s", ">="),
           ("from-domu", "DomU->dom0", "MB/s", ">="),
           ("ping-ms", "ping rtt", "ms", "<=")]
BACKENDS = [("qnic", "qnic"), ("netback", "Linux netback")]


def main():
    hvs = os.environ.get("NET_BENCH_HV", "xenolite").split()
    b = benchlib.Bench("net", "TCP and ping between dom0 and a Linux DomU "
                       "(xl vif=, TCG), qnic vs. Linux netback")
    results = {}                        # (backend, hv) -> {figure: value}
    for run in sorted(runner.expand(CASE, hvs), key=lambda r: r.hv):
        text, _ = b.boot(run)
        if text is None:
            continue
        for be, fig, val in benchlib.bench_lines(
                text, r"(qnic|netback) ([a-z-]+) ([0-9.]+)"):
            results.setdefault((be, run.hv), {})[fig] = float(val)
        if not any(hv == run.hv for _, hv in results):
            b.fail(run.label, "no BENCH: lines")
    for fig, name, unit, op in FIGURES:
        # The goal: qnic on Xenolite as good as netback on Xenolite.
        ref = results.get(("netback", "xenolite"), {}).get(fig)
        for be, label in BACKENDS:
            goal = ("xenolite", op, ref) if be == "qnic" and ref else None
            b.row(f"{label} {name}", unit,
                  {hv: results.get((be, hv), {}).get(fig)
                   for hv in benchlib.HVS}, goal=goal)
    return b.finish()


if __name__ == "__main__":
    sys.exit(main())
