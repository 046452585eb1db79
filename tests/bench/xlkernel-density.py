#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""xlkernel density (`make bench`, issue 17): per hypervisor, one boot of
tests/bench/xlkernel-density.case, in which dom0 creates http appliances
(memory = 8) until 2 GiB of guest memory are in use or `xl create` fails,
wgets every one, and destroys them all with the leak checks
(guest-kernel-patches/xlkernel/dom0-xlk-density.sh). Rows: appliances
created, appliances answering (goal: more than 150), guest memory per
appliance, mean `xl create` time (build/bench/xlkernel-density.json).
BENCH_DENSITY_MAX (256) caps the count, BENCH_DENSITY_BACKEND (netback or
qnic) picks the vif back end, BENCH_DENSITY_BUDGET (0: none) stops creating
after that many seconds, BENCH_DENSITY_IDLE (30) is how long they all idle
before the wgets (the guests' CPU time then is a row), XENOLITE_HV the
hypervisors. A hypervisor
whose run fails, or whose appliances do not all answer, is a failed
measurement (exit 1); its figures are still reported."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
from benchlib import runner  # noqa: E402

CASE = os.path.join(benchlib.HERE, "xlkernel-density.case")
SEND = "send = sh /opt/xenolite/bin/dom0-xlk-density "
BACKENDS = ("netback", "qnic")


def case_file(words):
    """The case with its send line's words (MAX BACKEND LIMIT BUDGET IDLE)."""
    return benchlib.case_with_args(CASE, SEND, words)


def figures(text):
    """{key: int} from the "xlk-density: KEY N" lines of a serial log."""
    return {k: int(v) for k, v in
            benchlib.bench_lines(text, r"([a-z-]+) ([0-9]+)\b",
                                 prefix="xlk-density: ")}


def main():
    cap = benchlib.env_int("BENCH_DENSITY_MAX", 256)
    budget = benchlib.env_int("BENCH_DENSITY_BUDGET", 0)
    idle = benchlib.env_int("BENCH_DENSITY_IDLE", 30)
    backend = os.environ.get("BENCH_DENSITY_BACKEND", "netback")
    if backend not in BACKENDS:
        raise SystemExit(f"bench: BENCH_DENSITY_BACKEND='{backend}' is not "
                         f"one of {', '.join(BACKENDS)}")
    b = benchlib.Bench("xlkernel-density",
                       f"xlkernel http appliances (memory = 8, {backend} "
                       f"vifs) in 2 GiB, all answering dom0 (at most {cap})")
    vals = {}
    hv_filter = os.environ.get("XENOLITE_HV", "").split() or None
    for r in runner.expand(case_file((cap, backend, 2048, budget, idle)), hv_filter):
        text, booter = b.boot(r)
        if text is None and booter is not None:
            # A run that failed a check still tells how far it got
            # (runner.run_one keeps its log as *.FAILED.serial.log).
            log = booter.log_path.replace(".serial.log", ".FAILED.serial.log")
            if os.path.exists(log):
                with open(log, errors="replace") as f:
                    text = f.read()
        if not text:
            continue
        v = vals[r.hv] = figures(text)
        stop = re.search(r"^xlk-density: created \d+ \(stop: (.*)\)", text, re.M)
        if stop:
            b.note(f"{r.hv}: stopped at {v.get('created')}: {stop.group(1).strip()}")
        if v.get("answering") is not None and v.get("answering") != v.get("created"):
            b.fail(f"{r.label} answering",
                   f"{v.get('answering')} of {v.get('created')} answered")
    col = lambda key, scale=1: {hv: (v[key] / scale if key in v else None)
                                for hv, v in vals.items()}
    b.row("xlkernel http appliances created in 2 GiB", "", col("created"))
    b.row("xlkernel http appliances answering", "", col("answering"),
          goal=("xenolite", ">", 150))
    b.row("guest memory per appliance", "MiB", col("kib-per-app", 1024))
    b.row("xl create of one appliance (mean)", "ms", col("create-ms"))
    b.row("idle appliances' CPU, all together", "ms/s",
          col("idle-guest-ms-per-s"))
    return b.finish()


if __name__ == "__main__":
    sys.exit(main())
