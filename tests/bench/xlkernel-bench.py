#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""xlkernel benchmark (`make bench`): the footprint of the app images
(text+data, from the ELF files), then, per hypervisor, one boot of
tests/bench/xlkernel-boot.case in which dom0 creates the hello app and the
http app BENCH_XLK_RUNS (20) times each and a Linux DomU BENCH_LINUX_RUNS
(3) times (XENOLITE_HV picks hypervisors); prints the medians of create -> first console line, of create ->
first HTTP answer, the kernel's own start time and the guest memory in use,
with the Linux DomU beside them. A hypervisor that cannot run the case gets
no numbers (and the reason)."""
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "boot"))
import runner  # noqa: E402

CASE = os.path.join(HERE, "xlkernel-boot.case")
IMAGES = os.path.join(runner.ROOT, "build", "xlkernel")
SEND = "send = sh /opt/xenolite/bin/dom0-xlk-bench "


def footprint():
    for app in ("hello", "http"):
        path = os.path.join(IMAGES, f"xlkernel-{app}")
        out = subprocess.run(["size", path], capture_output=True, text=True)
        if out.returncode:
            print(f"bench: xlkernel-{app}: size failed: {out.stderr.strip()}")
            continue
        text, data, bss = (int(x) for x in out.stdout.splitlines()[1].split()[:3])
        print(f"bench: xlkernel-{app:5} image {(text + data) / 1024:6.1f} KiB "
              f"(text+data; goal < 512 KiB), bss {bss / 1024:.0f} KiB")


def case_file(log_dir, runs, lruns):
    """The case with the run counts put into its send line."""
    with open(CASE) as f:
        text = f.read()
    if SEND not in text:
        raise SystemExit(f"bench: {CASE}: no '{SEND.strip()}' line")
    text = re.sub(re.escape(SEND) + r"\d+ \d+", f"{SEND}{runs} {lruns}", text)
    path = os.path.join(log_dir, "xlkernel-boot.case")
    with open(path, "w") as f:
        f.write(text)
    return path


def med(values):
    return f"{statistics.median(values):8.0f}" if values else "       -"


def main():
    runs = int(os.environ.get("BENCH_XLK_RUNS", "20"))
    lruns = int(os.environ.get("BENCH_LINUX_RUNS", "3"))
    log_dir = os.path.join(runner.ROOT, "build", "test-logs", "bench")
    os.makedirs(log_dir, exist_ok=True)
    footprint()
    print(f"bench: xlkernel boot in a Linux dom0, TCG: {runs} runs of hello "
          f"and http, {lruns} of a Linux DomU, per hypervisor", flush=True)
    rows, failed = {}, []
    hv_filter = os.environ.get("XENOLITE_HV", "").split() or None
    for r in runner.expand(case_file(log_dir, runs, lruns), hv_filter):
        if getattr(r, "deselected", None):
            continue
        status, reason, log, _ = runner.run_one(r, log_dir, 1.0, 10,
                                                keep_pass_logs=True)
        if status != "PASS" or not log:
            print(f"bench: {r.hv:9} no figures: {reason}")
            if status == "FAIL":
                failed.append(r.hv)
            continue
        vals = {}
        with open(log, errors="replace") as f:
            for line in f:
                m = re.match(r"xlk-bench: ([a-z-]+) ?([0-9 ]*)$", line.strip())
                if m:
                    vals[m.group(1)] = [int(x) for x in m.group(2).split()]
        rows[r.hv] = vals
    names = [("hello-line-ms", "create -> hello line, ms"),
             ("hello-kernel-us", "kernel start -> app, us"),
             ("hello-used-kib", "memory in use, KiB"),
             ("http-answer-ms", "create -> HTTP answer, ms"),
             ("linux-line-ms", "Linux DomU: create -> 1st line, ms"),
             ("linux-shell-ms", "Linux DomU: create -> init, ms")]
    if rows:
        hvs = sorted(rows)
        print("bench: median of the runs" + "".join(f"{hv:>10}" for hv in hvs))
        for key, label in names:
            print(f"bench:   {label:36}" +
                  "".join(f"  {med(rows[hv].get(key, []))}" for hv in hvs))
        for hv in hvs:
            x, lx = rows[hv].get("hello-line-ms"), rows[hv].get("linux-line-ms")
            if x and lx:
                print(f"bench: {hv}: Linux DomU first line / xlkernel first line"
                      f" = {statistics.median(lx) / max(statistics.median(x), 1):.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
