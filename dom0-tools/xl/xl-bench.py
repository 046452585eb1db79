#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""xl benchmark (make bench): boots dom0-tools/xl/dom0-xl-bench.case on
Xenolite and on Debian's Xen 4.17 and prints, side by side, the seconds from
`xl create` to the DomU's init line (median of the runs) and paused
create+destroy cycles per minute, both with our xl (build/bench/xl.json).
XENOLITE_HV picks the hypervisors (default both). A hypervisor that cannot
boot dom0 is a failed measurement (exit 1). Xen's
own xl is not measured: the busybox dom0 has no Debian userland to install
it into.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "bench"))
import benchlib  # noqa: E402
from benchlib import runner, median  # noqa: E402

CASE = os.path.join(HERE, "dom0-xl-bench.case")


def main():
    # XL_BENCH_ROOT: a tree whose build/ is another build directory.
    if os.environ.get("XL_BENCH_ROOT"):
        runner.ART_ROOT = os.path.abspath(os.environ["XL_BENCH_ROOT"])
    b = benchlib.Bench("xl", "xl create -> DomU init line, and paused "
                       "create+destroy cycles, TCG, our xl")
    init, cycles = {}, {}
    hv_filter = os.environ.get("XENOLITE_HV", "").split() or None
    for run in sorted(runner.expand(CASE, hv_filter), key=lambda r: r.hv):
        text, _ = b.boot(run)
        if text is None:
            continue
        init[run.hv] = median([float(v) for v in benchlib.bench_lines(
            text, r"create-to-init ([0-9.]+)")])
        cyc = benchlib.bench_lines(text, r"cycles-per-min ([0-9.]+)")
        cycles[run.hv] = float(cyc[-1]) if cyc else None
        if init[run.hv] is None or cycles[run.hv] is None:
            b.fail(run.label, "no BENCH: create-to-init / cycles-per-min line")
    b.row("xl create -> DomU init, median", "s", init,
          goal=("ratio", "<=", 1.0))
    b.row("xl create+destroy cycles", "per min", cycles,
          goal=("ratio", ">=", 1.0))
    return b.finish()


if __name__ == "__main__":
    sys.exit(main())
