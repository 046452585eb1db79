#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Network benchmark (make bench, issue 16): boots dom0-net-bench.case; in
its dom0 a Linux DomU created by our xl with vif=['bridge=xenbr0'] moves
TCP data with busybox nc both ways and pings dom0, with its NIC served by
qnic and by Linux's netback. Prints one table: MB/s dom0 -> DomU and
DomU -> dom0 and the mean ping round trip, per back end and hypervisor,
with ratios to Linux's netback on the same hypervisor. Hypervisors:
NET_BENCH_HV (default "xenolite"; "xenolite xen-4.17" adds Debian's Xen
4.17). TCG: the figures compare configurations run alike, not hardware.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "tests", "boot"))
import runner  # noqa: E402

CASE = os.path.join(HERE, "dom0-net-bench.case")
FIGURES = [("to-domu", "dom0->DomU MB/s"), ("from-domu", "DomU->dom0 MB/s"),
           ("ping-ms", "ping rtt ms")]


def parse(text):
    """{backend: {figure: value}} from the BENCH: lines of a serial log."""
    out = {}
    for be, fig, val in re.findall(
            r"^BENCH: (qnic|netback) ([a-z-]+) ([0-9.]+)", text, re.M):
        out.setdefault(be, {})[fig] = float(val)
    return out


def row(label, figs, ref):
    cells = []
    for fig, _ in FIGURES:
        v, r = figs.get(fig), (ref or {}).get(fig)
        cells.append("-" if v is None else
                     f"{v:.2f} ({v / r:.2f}x)" if r else f"{v:.2f}")
    return f"bench: {label:20}" + "".join(f"{c:>22}" for c in cells)


def main():
    hvs = os.environ.get("NET_BENCH_HV", "xenolite").split()
    log_dir = os.path.join(runner.ART_ROOT, "build", "test-logs", "bench")
    results = {}
    print("bench: TCP and ping between dom0 and a Linux DomU (xl vif=, "
          "TCG), qnic vs. Linux netback", flush=True)
    for run in sorted(runner.expand(CASE, hvs), key=lambda r: r.hv):
        status, reason, log, _ = runner.run_one(run, log_dir, 1.0, 10)
        if status != "PASS":
            print(f"bench: {run.hv:9} no numbers ({status}): {reason}")
            continue
        with open(log, errors="replace") as f:
            for be, figs in parse(f.read()).items():
                results[(be, run.hv)] = figs
    print(f"bench: {'backend@hypervisor':20}" +
          "".join(f"{name:>22}" for _, name in FIGURES))
    for hv in hvs:
        ref = results.get(("netback", hv))
        for be in ("qnic", "netback"):
            print(row(f"{be}@{hv}", results.get((be, hv), {}), ref))
    print("bench: (ratios to netback on the same hypervisor; for ping "
          "lower is better)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
