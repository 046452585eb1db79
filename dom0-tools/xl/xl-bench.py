#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""xl benchmark (make bench): boots dom0-tools/xl/dom0-xl-bench.case on
Xenolite and on Debian's Xen 4.17 and prints, side by side, the seconds from
`xl create` to the DomU's init line (median of the runs) and paused
create+destroy cycles per minute, both with our xl. A hypervisor that cannot
boot dom0 yet gets no number. Xen's own xl is not measured: the busybox dom0
has no Debian userland to install it into.
"""
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "boot"))
import runner  # noqa: E402

CASE = os.path.join(HERE, "dom0-xl-bench.case")


def main():
    # XL_BENCH_ROOT: a tree whose build/ is another build directory.
    if os.environ.get("XL_BENCH_ROOT"):
        runner.ART_ROOT = os.path.abspath(os.environ["XL_BENCH_ROOT"])
    log_dir = os.path.join(runner.ART_ROOT, "build", "test-logs", "bench")
    results = {}
    print("bench: xl create -> DomU init line, and create+destroy cycles, "
          "TCG, our xl", flush=True)
    for run in sorted(runner.expand(CASE, None), key=lambda r: r.hv):
        status, reason, log, _ = runner.run_one(run, log_dir, 1.0, 10)
        if status != "PASS":
            print(f"bench: {run.hv:9} no numbers ({status}): {reason}")
            results[run.hv] = None
            continue
        with open(log, errors="replace") as f:
            text = f.read()
        init = [float(v) for v in
                re.findall(r"^BENCH: create-to-init ([0-9.]+)", text, re.M)]
        cyc = re.findall(r"^BENCH: cycles-per-min ([0-9.]+)", text, re.M)
        results[run.hv] = (statistics.median(init) if init else None,
                           float(cyc[-1]) if cyc else None)
        print(f"bench: {run.hv:9} create->init {init} s, cycles/min {cyc}",
              flush=True)
    print(f"bench: {'':9} {'create->init (s)':>18} {'cycles/min':>12}")
    for hv, r in sorted(results.items()):
        if r:
            a = f"{r[0]:.1f}" if r[0] is not None else "-"
            b = f"{r[1]:.2f}" if r[1] is not None else "-"
            print(f"bench: {hv:9} {a:>18} {b:>12}")
        else:
            print(f"bench: {hv:9} {'-':>18} {'-':>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
