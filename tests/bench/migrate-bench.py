#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Save, restore and migration benchmark (`make bench`, issue 22): one boot
of tests/bench/migrate-boot.case per hypervisor (XENOLITE_HV picks them),
in which dom0 (dom0-tools/xl/dom0-migrate-bench.sh) runs our xl on the same
guests: a Linux DomU (128 MiB) BENCH_MIG_RUNS (3) times and the xlkernel
echo appliance (8 MiB) BENCH_MIG_XLK_RUNS (3) times through xl save, xl
restore and xl migrate to localhost. Prints the medians: save and restore
in seconds per GiB of guest memory (Linux) or seconds (xlkernel, whose
8 MiB make a per-GiB figure meaningless), the migration's total time and
its downtime as xl migrate reports them, with the goal "downtime <= Xen's"
(build/bench/migrate.json). A hypervisor whose run fails is a failed
measurement (exit 1).

    migrate-bench.py [--log HV=SERIAL_LOG]...

--log tabulates a serial log kept from an earlier run of the case for
that hypervisor (build/test-logs/bench/) instead of booting it again."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
from benchlib import runner, median  # noqa: E402

CASE = os.path.join(benchlib.HERE, "migrate-boot.case")
SEND = "send = sh /opt/xenolite/bin/dom0-migrate-bench "
DOWNTIME_GOAL = ("ratio", "<=", 1.0)     # downtime <= Xen 4.17's


def case_file(runs, xruns):
    """The case with the run counts put into its send line."""
    return benchlib.case_with_args(CASE, SEND, (runs, xruns))


def parse(text):
    """{key: [int, ...]} from the "mig-bench: KEY v1 v2 ..." lines."""
    return {k: [int(x) for x in v.split()] for k, v in
            benchlib.bench_lines(text, r"([a-z]+-[a-z-]+)((?: [0-9]+)*)\s*$",
                                 prefix="mig-bench: ")}


def per_gib(v, prefix, key):
    """Median seconds per GiB of guest memory, or None."""
    ms, mem = median(v.get(f"{prefix}-{key}", [])), v.get(f"{prefix}-mem-mib")
    if ms is None or not mem or not mem[0]:
        return None
    return ms / 1000 / (mem[0] / 1024)


def seconds(v, prefix, key):
    ms = median(v.get(f"{prefix}-{key}", []))
    return None if ms is None else ms / 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--log", action="append", default=[],
                    metavar="HV=SERIAL_LOG")
    logs = benchlib.given_logs(ap.parse_args().log)
    runs = benchlib.env_int("BENCH_MIG_RUNS", 3)
    xruns = benchlib.env_int("BENCH_MIG_XLK_RUNS", 3)
    b = benchlib.Bench("migrate", "xl save, restore and localhost migrate, "
                       f"TCG: a 128 MiB Linux DomU {runs} times, the xlkernel "
                       f"echo appliance (8 MiB) {xruns} times (medians)")
    vals = {}
    hv_filter = os.environ.get("XENOLITE_HV", "").split() or None
    texts = []
    for r in runner.expand(case_file(runs, xruns), hv_filter):
        if r.hv in logs:
            texts.append((r.hv, f"{r.label} (--log)", logs.pop(r.hv)))
            continue
        text, _ = b.boot(r)
        if text is not None:
            texts.append((r.hv, r.label, text))
    for hv, label, text in texts:
        v = parse(text)
        if not v.get("linux-downtime-ms") or not v.get("xlk-downtime-ms"):
            b.fail(label, "no mig-bench downtime figures in the log")
            continue
        vals[hv] = v
        b.note(f"{hv}: pre-copy rounds: Linux {v.get('linux-rounds')}, "
               f"xlkernel {v.get('xlk-rounds')}; save file: Linux "
               f"{v.get('linux-bytes')} bytes, xlkernel {v.get('xlk-bytes')}")
    rows = [
        ("Linux DomU xl save", "s/GiB", per_gib, "linux", "save-ms", None),
        ("Linux DomU xl restore", "s/GiB", per_gib, "linux", "restore-ms", None),
        ("Linux DomU migration total", "s", seconds, "linux", "total-ms", None),
        ("Linux DomU migration downtime", "s", seconds, "linux",
         "downtime-ms", DOWNTIME_GOAL),
        ("xlkernel xl save", "s", seconds, "xlk", "save-ms", None),
        ("xlkernel xl restore", "s", seconds, "xlk", "restore-ms", None),
        ("xlkernel migration total", "s", seconds, "xlk", "total-ms", None),
        ("xlkernel migration downtime", "s", seconds, "xlk", "downtime-ms",
         DOWNTIME_GOAL),
    ]
    for metric, unit, fn, prefix, key, goal in rows:
        b.row(metric, unit, {hv: fn(v, prefix, key) for hv, v in vals.items()},
              goal=goal)
    return b.finish()


if __name__ == "__main__":
    sys.exit(main())
