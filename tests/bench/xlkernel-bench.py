#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""xlkernel benchmark (`make bench`): the footprint of the app images
(text+data, from the ELF files), then, per hypervisor, one boot of
tests/bench/xlkernel-boot.case in which dom0 creates the hello app and the
http app BENCH_XLK_RUNS (20) times each and a Linux DomU BENCH_LINUX_RUNS
(3) times (XENOLITE_HV picks hypervisors); prints the medians of create -> first console line, of create ->
first HTTP answer, the kernel's own start time and the guest memory in use,
with the Linux DomU beside them (build/bench/xlkernel.json). A hypervisor
whose run fails is a failed measurement (exit 1)."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
from benchlib import runner, median  # noqa: E402

CASE = os.path.join(benchlib.HERE, "xlkernel-boot.case")
IMAGES = os.path.join(runner.ROOT, "build", "xlkernel")
SEND = "send = sh /opt/xenolite/bin/dom0-xlk-bench "
# (BENCH key, table metric, unit, goal)
FIGURES = [
    ("hello-line-ms", "xlkernel create -> hello line", "ms", None),
    ("hello-kernel-us", "xlkernel kernel start -> app", "us", None),
    ("hello-used-kib", "xlkernel memory in use", "KiB", None),
    ("http-answer-ms", "xlkernel create -> HTTP answer", "ms", None),
    ("linux-line-ms", "Linux DomU create -> 1st line", "ms", None),
    ("linux-shell-ms", "Linux DomU create -> init", "ms", None),
]


def footprint(b):
    for app in ("hello", "http"):
        path = os.path.join(IMAGES, f"xlkernel-{app}")
        out = subprocess.run(["size", path], capture_output=True, text=True)
        if out.returncode:
            b.fail(f"xlkernel-{app} size", out.stderr.strip())
            continue
        text, data, _ = (int(x) for x in out.stdout.splitlines()[1].split()[:3])
        b.row(f"xlkernel-{app} image text+data", "KiB",
              {"xenolite": (text + data) / 1024},
              goal=("xenolite", "<", 512))


def case_file(runs, lruns):
    """The case with the run counts put into its send line."""
    return benchlib.case_with_args(CASE, SEND, (runs, lruns))


def main():
    runs = benchlib.env_int("BENCH_XLK_RUNS", 20)
    lruns = benchlib.env_int("BENCH_LINUX_RUNS", 3)
    b = benchlib.Bench("xlkernel", f"xlkernel apps in a Linux dom0, TCG: "
                       f"{runs} runs of hello and http, {lruns} of a Linux "
                       "DomU, per hypervisor (medians)")
    footprint(b)
    vals = {}
    hv_filter = os.environ.get("XENOLITE_HV", "").split() or None
    for r in runner.expand(case_file(runs, lruns), hv_filter):
        text, _ = b.boot(r)
        if text is None:
            continue
        vals[r.hv] = {k: [int(x) for x in v.split()] for k, v in
                      benchlib.bench_lines(text, r"([a-z-]+) ?([0-9 ]*?)\s*$",
                                           prefix="xlk-bench: ")}
    for key, metric, unit, goal in FIGURES:
        b.row(metric, unit, {hv: median(v.get(key, [])) for hv, v in
                             vals.items()}, goal=goal)
    for hv, v in vals.items():
        x, lx = median(v.get("hello-line-ms", [])), median(v.get("linux-line-ms", []))
        if x and lx:
            b.note(f"{hv}: Linux DomU first line / xlkernel first line = "
                   f"{lx / max(x, 1):.1f}")
    return b.finish()


if __name__ == "__main__":
    sys.exit(main())
