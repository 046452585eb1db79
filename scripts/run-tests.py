#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run every test and print one closing line: "N passed, N failed[, N skipped]".

Protocol: each test program prints one line per test case,
    PASS: <name>
    FAIL: <name>: <why>
    SKIP: <name>: <why>
and exits non-zero if anything failed. A program that exits non-zero without
a FAIL line, or prints no result line at all, counts as one failure.
Unit programs are run directly, one after another; boot cases go to
tests/boot/runner.py, --jobs of them at a time (longest `cost` first), each
case's lines printed in one block when it ends.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
RUNNER = os.path.join(ROOT, "tests", "boot", "runner.py")
RESULT = re.compile(r"^(PASS|FAIL|SKIP): (.*)$")
# A case file's `cost = SECONDS` (tests/boot/README.md): its last serial
# run's seconds. runner.py checks the value; a case without one counts 10.
COST = re.compile(r"^\s*cost\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*$")
DEFAULT_COST = 10.0
# Timeouts of boot cases run side by side, unless XENOLITE_TIMEOUT_SCALE
# says otherwise: two TCG QEMUs on two cores slow each other down.
PARALLEL_TIMEOUT_SCALE = "1.5"


def run(cmd, label, log_dir, live, procs=None):
    """Run one test program; return (counts, lines to print). With `live`,
    the lines are printed as they come, else the caller prints them."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace")
    if procs is not None:
        procs.add(proc)
    lines = []

    def say(line):
        lines.append(line)
        if live:
            print(line, flush=True)

    out = []
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    for line in proc.stdout:
        out.append(line)
        m = RESULT.match(line.rstrip("\n"))
        if m:
            counts[m.group(1)] += 1
            say(line.rstrip("\n"))
    rc = proc.wait()
    if procs is not None:
        procs.discard(proc)
    took = time.monotonic() - start
    if (rc != 0 and counts["FAIL"] == 0) or sum(counts.values()) == 0:
        counts["FAIL"] += 1
        say(f"FAIL: {label}: exited with status {rc} and "
            f"{sum(counts.values()) - 1} result lines")
    if counts["FAIL"]:
        os.makedirs(log_dir, exist_ok=True)
        path = os.path.join(log_dir, re.sub(r"[^A-Za-z0-9_.-]", "_", label) + ".log")
        with open(path, "w") as f:
            f.writelines(out)
        say(f"  (full output of {label}: {path})")
        # CUnit and sanitizer reports are most useful inline, briefly.
        tail = [l for l in out if not RESULT.match(l.rstrip("\n"))][-25:]
        for l in tail:
            say("  | " + l.rstrip("\n"))
    say(f"  [{label}: {took:.1f}s]")
    return counts, lines


def case_cost(path):
    """The case file's `cost`, else DEFAULT_COST (also for an unreadable
    file: the runner reports it)."""
    try:
        with open(path) as f:
            for line in f:
                m = COST.match(line)
                if m:
                    return float(m.group(1))
    except OSError:
        pass
    return DEFAULT_COST


class Pool:
    """Runs boot cases `jobs` at a time. Each worker takes the next case
    from one shared list; a finished case's lines are printed in one block
    (with one job, as they come: the serial run of old)."""

    def __init__(self, jobs, runner, log_dir, add):
        self.jobs, self.runner, self.log_dir, self.add = jobs, runner, log_dir, add
        self.lock = threading.Lock()
        self.todo = []
        self.procs = set()
        self.stop = threading.Event()

    def worker(self):
        while not self.stop.is_set():
            with self.lock:
                if not self.todo:
                    return
                case = self.todo.pop(0)
            counts, lines = run(self.runner + [case], os.path.basename(case),
                                self.log_dir, self.jobs == 1, self.procs)
            with self.lock:
                if self.jobs > 1:
                    print("\n".join(lines), flush=True)
                self.add(counts)

    def run(self, cases):
        """Run the cases; False if interrupted (Ctrl-C, SIGTERM)."""
        self.todo = list(cases)
        threads = [threading.Thread(target=self.worker, daemon=True)
                   for _ in range(min(self.jobs, len(cases)))]
        for t in threads:
            t.start()
        try:
            for t in threads:
                while t.is_alive():
                    t.join(0.5)
            return True
        except KeyboardInterrupt as e:
            # No new case; the runners stop their QEMU and print their
            # "interrupted" verdict (on Ctrl-C the terminal signalled them
            # too; SIGTERM reached only this process).
            self.stop.set()
            if not getattr(e, "sigterm", False):
                end = time.monotonic() + 5
                while self.procs and time.monotonic() < end:
                    time.sleep(0.1)
            for p in list(self.procs):
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for t in threads:
                t.join(30)
            print("run-tests: interrupted; the cases not started were not run",
                  flush=True)
            return False


def on_sigterm(signum, frame):
    e = KeyboardInterrupt()
    e.sigterm = True
    raise e


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--unit", nargs="*", default=[])
    ap.add_argument("--boot", nargs="*", default=[])
    ap.add_argument("--jobs", type=int, default=1,
                    help="boot cases run at a time (make's TEST_JOBS)")
    ap.add_argument("--root", help="passed to runner.py (tests/boot/selftest.py)")
    args = ap.parse_args()
    if args.jobs < 1:
        ap.error(f"--jobs: '{args.jobs}' is not a number of jobs (1 or more)")
    signal.signal(signal.SIGTERM, on_sigterm)

    log_dir = os.path.join(args.build, "test-logs")
    total = {"PASS": 0, "FAIL": 0, "SKIP": 0}

    def add(c):
        for k in total:
            total[k] += c[k]

    for prog in args.unit:
        add(run([prog], os.path.basename(prog), log_dir, True)[0])
    done = True
    if args.boot:
        runner = [sys.executable, RUNNER, "--log-dir", log_dir]
        if args.root:
            runner += ["--root", args.root]
        cases = args.boot
        if args.jobs > 1:
            # Longest first, so that no long case starts last and runs alone.
            order = {c: i for i, c in enumerate(cases)}
            cases = sorted(cases, key=lambda c: (-case_cost(c), order[c]))
            note = ""
            if not os.environ.get("XENOLITE_TIMEOUT_SCALE"):
                runner += ["--timeout-scale", PARALLEL_TIMEOUT_SCALE]
                note = f", timeouts x{PARALLEL_TIMEOUT_SCALE}"
            print(f"run-tests: {len(cases)} boot case files, {args.jobs} at a "
                  f"time, longest first{note}", flush=True)
        done = Pool(args.jobs, runner, log_dir, add).run(cases)

    line = f"{total['PASS']} passed, {total['FAIL']} failed"
    if total["SKIP"]:
        line += f", {total['SKIP']} skipped"
    print(line)
    if not done:
        return 130
    return 1 if total["FAIL"] or not (total["PASS"] + total["SKIP"]) else 0


if __name__ == "__main__":
    sys.exit(main())
