#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Guest creation, destruction and scaling benchmark (`make bench`, issue
21): one boot of tests/bench/scale-boot.case per hypervisor (XENOLITE_HV
picks them), in which dom0 (tests/bench/dom0-scale-bench.sh) runs our xl on
the xlkernel hello appliance (8 MiB, kept running after its line):
BENCH_SCALE_CYCLES (20) create+destroy cycles, then with BENCH_SCALE_POINTS
("1 50 200") of them running, BENCH_SCALE_REPS (3) probe creates (to the
hello line) and destroys, the hot paths (xen_version, event round trip:
tests/bench/hotpath.c, TCG wall time here, not icount), `xs read` rate
and the memory each running domain costs beyond its 8 MiB. Rows go to the
table (build/bench/scale.json); the curves (create latency of every domain
started, destroy latency of every domain torn down, the figures at each
point) to SVG figures through report.py. A hypervisor whose run fails is a
failed measurement (exit 1).

    scale-bench.py [--short] [--log HV=SERIAL_LOG]...

--short: 3 cycles, 1 rep, points "1 5 10" (a quick check of the script
and the case, a few minutes per hypervisor). --log tabulates a serial log
kept from an earlier run (build/test-logs/bench/) instead of booting."""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
from benchlib import runner, median  # noqa: E402

CASE = os.path.join(benchlib.HERE, "scale-boot.case")
SEND = "send = sh /opt/xenolite/bin/dom0-scale-bench "
GUEST_MIB = 8


def case_file(cycles, reps, points):
    """A copy of the case whose send line carries these counts."""
    return benchlib.case_with_args(CASE, SEND, [cycles, reps] + points)


def ints(s):
    return [int(x) for x in s.split()]


def parse(text):
    """The figures of one serial log."""
    v = {"points": {}, "bg_create": [], "bg_destroy": []}
    for key, rest in benchlib.bench_lines(text, r"(cycle-[a-z-]+)((?: [0-9]+)*)\s*$",
                                          prefix="scale-bench: "):
        v[key] = ints(rest)
    m = benchlib.bench_lines(text, r"cycles ([0-9]+) in-ms ([0-9]+)",
                             prefix="scale-bench: ")
    if m:
        v["cycles"] = (int(m[-1][0]), int(m[-1][1]))
    for key, n, ms in benchlib.bench_lines(
            text, r"(bg-create|bg-destroy)-ms ([0-9]+) ([0-9]+)",
            prefix="scale-bench: "):
        v[key.replace("-", "_")].append((int(n), int(ms)))
    m = benchlib.bench_lines(text, r"start: .* ([0-9]+) MiB free",
                             prefix="scale-bench: ")
    v["free0"] = int(m[-1]) if m else None
    for p, key, rest in benchlib.bench_lines(
            text, r"point ([0-9]+) ([a-z-]+)((?: [0-9]+)*)", prefix="scale-bench: "):
        v["points"].setdefault(int(p), {})[key] = ints(rest)
    return v


def per_point(v, key):
    """{point: median of KEY there}."""
    out = {}
    for p, d in v["points"].items():
        m = median(d.get(key, []))
        if m is not None:
            out[p] = m
    return out


def overhead_kib(v):
    """{point: KiB per running domain beyond its guest memory}, from the
    free memory at the start and at the point (xl info, MiB steps)."""
    out = {}
    for p, d in v["points"].items():
        free = d.get("free-mib")
        if v.get("free0") is not None and free and p:
            used = (v["free0"] - free[0]) * 1024
            out[p] = used / p - GUEST_MIB * 1024
    return out


def flatness(curve):
    """Largest / smallest of a {point: value} curve, or None."""
    vals = [x for x in curve.values() if x]
    return max(vals) / min(vals) if len(vals) > 1 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--short", action="store_true",
                    help="3 cycles, 1 rep, points 1 5 10")
    ap.add_argument("--log", action="append", default=[], metavar="HV=SERIAL_LOG")
    args = ap.parse_args()
    logs = benchlib.given_logs(args.log)
    if args.short:
        cycles, reps, points = 3, 1, [1, 5, 10]
    else:
        cycles = benchlib.env_int("BENCH_SCALE_CYCLES", 20)
        reps = benchlib.env_int("BENCH_SCALE_REPS", 3)
        pv = os.environ.get("BENCH_SCALE_POINTS", "1 50 200").split()
        if not pv or not all(re.fullmatch(r"[0-9]+", p) and int(p) > 0 for p in pv):
            raise SystemExit(f"bench: BENCH_SCALE_POINTS='{' '.join(pv)}': "
                             "want positive numbers")
        points = sorted(set(int(p) for p in pv))
    b = benchlib.Bench("scale", f"xl create/destroy and scaling, TCG, our xl, "
                       f"xlkernel hello (8 MiB): {cycles} cycles, {reps} "
                       f"probes at {'/'.join(map(str, points))} running (medians)")
    vals = {}
    hv_filter = os.environ.get("XENOLITE_HV", "").split() or None
    for r in runner.expand(case_file(cycles, reps, points), hv_filter):
        if r.hv in logs:
            text, label = logs.pop(r.hv), f"{r.label} (--log)"
        else:
            text, _ = b.boot(r)
            label = r.label
        if text is None:
            continue
        v = parse(text)
        if "cycles" not in v or not v["points"]:
            b.fail(label, "no scale-bench cycle or point figures in the log")
            continue
        vals[r.hv] = v

    def series(name, ylabel, points):
        if any(points.values()):
            b.add_series(name, "running domains", ylabel,
                         {hv: pts for hv, pts in points.items() if pts})

    def row(metric, unit, fn, goal=None):
        b.row(metric, unit, {hv: fn(v) for hv, v in vals.items()}, goal=goal)

    row("xl create+destroy cycles", "per min",
        lambda v: 60000 * v["cycles"][0] / max(v["cycles"][1], 1),
        goal=("ratio", ">=", 1.0))
    row("cycle: xl create, median", "ms",
        lambda v: median(v.get("cycle-create-ms", [])), goal=("ratio", "<=", 1.0))
    row("cycle: xl destroy, median", "ms",
        lambda v: median(v.get("cycle-destroy-ms", [])), goal=("ratio", "<=", 1.0))
    figures = [("create-ms", "create -> hello line", "ms"),
               ("destroy-ms", "xl destroy", "ms"),
               ("xen-version-ns", "xen_version (TCG)", "ns"),
               ("event-ns", "event round trip (TCG)", "ns"),
               ("xs-read-per-s", "xs reads", "per s")]
    for key, what, unit in figures:
        curves = {hv: per_point(v, key) for hv, v in vals.items()}
        for p in points:
            row(f"{what} with {p} running", unit,
                lambda v, p=p, key=key: per_point(v, key).get(p))
        series(f"scale-{key}", f"{what} ({unit})",
               {hv: sorted(c.items()) for hv, c in curves.items()})
    # The same latency from the curve of domains started one by one: the
    # median of the (up to) ten started last before each point, which
    # three probes at a point on a loaded host cannot replace.
    for p in points:
        started = f"domains {p - 9}-{p}" if p >= 10 else f"domains 1-{p}" if p > 1 else "domain 1"
        row(f"create -> hello line, {started} started", "ms",
            lambda v, p=p: median([ms for n, ms in v["bg_create"]
                                   if p - 10 < n <= p]))
    curves = {hv: overhead_kib(v) for hv, v in vals.items()}
    for p in points:
        if p >= 10:
            b.row(f"memory per idle domain beyond 8 MiB, {p} running", "KiB",
                  {hv: c.get(p) for hv, c in curves.items()})
    # Issue 21: create latency flat within 20% from 1 to 200 running.
    b.row("create latency, largest / smallest point", "x",
          {hv: flatness(per_point(v, "create-ms")) for hv, v in vals.items()},
          goal=("xenolite", "<=", 1.2))
    series("scale-bg-create-ms", "create -> hello line (ms)",
           {hv: v["bg_create"] for hv, v in vals.items()})
    series("scale-bg-destroy-ms", "xl destroy (ms)",
           {hv: v["bg_destroy"] for hv, v in vals.items()})
    for hv, v in vals.items():
        bc = [ms for _, ms in v["bg_create"]]
        if bc:
            b.note(f"{hv}: {len(bc)} domains started, create -> hello line "
                   f"median {median(bc):.0f} ms, max {max(bc)} ms; "
                   f"cycles {v['cycles'][0]} in {v['cycles'][1]} ms")
    return b.finish()


if __name__ == "__main__":
    sys.exit(main())
