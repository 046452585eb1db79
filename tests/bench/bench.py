#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Dom0 boot benchmark: boots tests/bench/dom0-boot.case on Xenolite and on
Debian's Xen 4.17, alternating, BENCH_RUNS (5) times each, and prints the
median seconds from QEMU's start to dom0's "xenolite-dom0: init ready" line
for both and their ratio. A hypervisor that cannot boot dom0 gets no number.
"""
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "boot"))
import runner  # noqa: E402

CASE = os.path.join(HERE, "dom0-boot.case")
MARK = "xenolite-dom0: init ready"


def main():
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    log_dir = os.path.join(runner.ROOT, "build", "test-logs", "bench")
    by_hv = {r.hv: r for r in runner.expand(CASE, None)}
    times = {hv: [] for hv in by_hv}
    why_not = {}
    print(f"bench: dom0 boot, QEMU start -> '{MARK}', TCG, "
          f"{runs} alternating runs per hypervisor", flush=True)
    for i in range(runs):
        # Alternate which hypervisor goes first so host load drifts evenly.
        order = sorted(by_hv) if i % 2 == 0 else sorted(by_hv, reverse=True)
        for hv in order:
            if hv in why_not:
                continue
            status, reason, log, b = runner.run_one(by_hv[hv], log_dir, 1.0,
                                                    10, keep_pass_logs=False)
            t = dict(b.times).get(MARK)
            if status != "PASS" or t is None:
                why_not[hv] = (status, reason, log)
                continue
            times[hv].append(t)
            print(f"bench:   run {i + 1} {hv:9} {t:7.1f} s", flush=True)
    med = {}
    for hv in sorted(by_hv):
        if hv in why_not:
            status, reason, log = why_not[hv]
            where = f" (log: {runner.shortpath(log)})" if log else ""
            print(f"bench: {hv:9} not yet able to boot dom0: {reason}{where}")
        else:
            med[hv] = statistics.median(times[hv])
            print(f"bench: {hv:9} median {med[hv]:7.1f} s  "
                  f"(runs: {' '.join(f'{t:.1f}' for t in times[hv])})")
    if "xenolite" in med and "xen-4.17" in med:
        print(f"bench: xenolite / xen-4.17 = "
              f"{med['xenolite'] / med['xen-4.17']:.2f}")
    else:
        print("bench: no ratio: needs a dom0 boot on both hypervisors")
    # A skip (Xenolite not there yet) is expected; a failure is not.
    failed = [hv for hv, (st, _, _) in why_not.items() if st == "FAIL"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
