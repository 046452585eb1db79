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
qnic) picks the vif back end, XENOLITE_HV the hypervisors. A hypervisor
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


def case_file(cap, backend):
    """The case with the cap and back end put into its send line."""
    with open(CASE) as f:
        text = f.read()
    if not re.search(re.escape(SEND) + r"\d+ \w+", text):
        raise SystemExit(f"bench: {CASE}: no '{SEND.strip()} N BACKEND' line")
    text = re.sub(re.escape(SEND) + r"\d+ \w+", f"{SEND}{cap} {backend}", text)
    os.makedirs(benchlib.log_dir(), exist_ok=True)
    path = os.path.join(benchlib.log_dir(), os.path.basename(CASE))
    with open(path, "w") as f:
        f.write(text)
    return path


def figures(text):
    """{key: int} from the "xlk-density: KEY N" lines of a serial log."""
    return {k: int(v) for k, v in
            benchlib.bench_lines(text, r"([a-z-]+) ([0-9]+)\b",
                                 prefix="xlk-density: ")}


def main():
    cap = benchlib.env_int("BENCH_DENSITY_MAX", 256)
    backend = os.environ.get("BENCH_DENSITY_BACKEND", "netback")
    if backend not in BACKENDS:
        raise SystemExit(f"bench: BENCH_DENSITY_BACKEND='{backend}' is not "
                         f"one of {', '.join(BACKENDS)}")
    b = benchlib.Bench("xlkernel-density",
                       f"xlkernel http appliances (memory = 8, {backend} "
                       f"vifs) in 2 GiB, all answering dom0 (at most {cap})")
    vals = {}
    hv_filter = os.environ.get("XENOLITE_HV", "").split() or None
    for r in runner.expand(case_file(cap, backend), hv_filter):
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
    return b.finish()


if __name__ == "__main__":
    sys.exit(main())
