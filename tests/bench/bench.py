#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Dom0 boot benchmark: boots tests/bench/dom0-boot.case on Xenolite and on
Debian's Xen 4.17, alternating, BENCH_RUNS (5) times each: the median and
minimum seconds from QEMU's start to dom0's "xenolite-dom0: init ready"
line and their ratio (goal 0.5), and the median of each boot phase
(firmware+GRUB, hypervisor setup, dom0 build, dom0 kernel to init) from
the times the marks of the case were seen (build/bench/dom0-boot.json).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
from benchlib import runner, median  # noqa: E402

CASE = os.path.join(benchlib.HERE, "dom0-boot.case")
# Names of the spans between the case's expect marks, in order.
PHASES = ("firmware+GRUB", "hypervisor setup", "dom0 build",
          "dom0 kernel to init")


def phases(times):
    """Seconds per phase from the booter's [(mark, t)]; None if short."""
    t = [s for _, s in times[:len(PHASES)]]
    if len(t) < len(PHASES):
        return None
    return [b - a for a, b in zip([0.0] + t[:-1], t)]


def main():
    runs = benchlib.env_int("BENCH_RUNS", 5)
    b = benchlib.Bench("dom0-boot", "dom0 boot, QEMU start -> init line, "
                       f"TCG, {runs} alternating runs per hypervisor")
    by_hv = {r.hv: r for r in runner.expand(CASE, None)}
    total = {hv: [] for hv in by_hv}
    spans = {hv: [] for hv in by_hv}
    broken = set()
    for i in range(runs):
        # Alternate which hypervisor goes first so host load drifts evenly.
        order = sorted(by_hv, reverse=bool(i % 2))
        for hv in order:
            if hv in broken:
                continue
            b.progress(f"run {i + 1}/{runs} {hv}")
            text, booter = b.boot(by_hv[hv], keep_pass_logs=False)
            p = phases(booter.times) if text is not None else None
            if p is None:
                if text is not None:
                    b.fail(hv, "a boot phase mark was not seen")
                broken.add(hv)
                continue
            total[hv].append(sum(p))
            spans[hv].append(p)
            b.progress(f"run {i + 1} {hv}: {sum(p):.1f} s "
                       f"({' + '.join(f'{s:.1f}' for s in p)})")
    b.row("QEMU start -> dom0 init, median", "s",
          {hv: median(v) for hv, v in total.items()}, goal=("ratio", "<=", 0.5))
    b.row("QEMU start -> dom0 init, minimum", "s",
          {hv: min(v) if v else None for hv, v in total.items()},
          goal=("ratio", "<=", 0.5))
    for n, name in enumerate(PHASES):
        b.row(f"  {name}, median", "s",
              {hv: median([s[n] for s in v]) for hv, v in spans.items()})
    for hv, v in spans.items():
        if v:
            b.add_phases(hv, [(name, median([s[n] for s in v]))
                              for n, name in enumerate(PHASES)])
    return b.finish()


if __name__ == "__main__":
    sys.exit(main())
