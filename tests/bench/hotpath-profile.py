#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Where the hot paths' instructions go (issue 21): boots hotpath.case with
the QEMU plugin build/tests/bench/insn-profile.so, which counts the guest
instructions of every translation block run between two calls of
hotpath_mark() (the last batch of each loop in tests/bench/hotpath.c), and
prints per iteration: instructions in dom0 user space, in Linux and in the
hypervisor, then the hypervisor's functions (symbols from build/xen-syms
on Xenolite; Xen 4.17 gets only its total, Debian ships no symbols).

    tests/bench/hotpath-profile.py [--hv xenolite|xen-4.17] [--top N]
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "boot"))
import runner  # noqa: E402

CASE = os.path.join(HERE, "hotpath.case")
HV_LO, HV_HI = 0xffff82d040000000, 0xffff82d080000000
LINUX_LO = 0xffffffff80000000
WINDOWS = ("xen_version", "event_round_trip")


def symbols(elf):
    out = subprocess.run(["nm", "-n", elf], capture_output=True, text=True,
                         check=True).stdout
    syms = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW":
            syms.append((int(f[0], 16), f[2]))
    return [a for a, _ in syms], [n for _, n in syms]


def where(addr):
    if HV_LO <= addr < HV_HI:
        return "hypervisor"
    if addr >= LINUX_LO:
        return "linux"
    if addr < (1 << 47):
        return "user"
    return "other"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hv", default="xenolite")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    root = runner.ART_ROOT
    so = os.path.join(root, "build", "tests", "bench", "insn-profile.so")
    exe = os.path.join(root, "build", "tests", "bench", "hotpath")
    mark = [a for a, n in zip(*symbols(exe)) if n == "hotpath_mark"]
    if not mark or not os.path.exists(so):
        print("hotpath-profile: build first (make)")
        return 1
    out_dir = os.path.join(root, "build", "bench")
    os.makedirs(out_dir, exist_ok=True)
    prof = os.path.join(out_dir, f"hotpath-profile-{args.hv}.txt")
    with open(CASE) as f:
        text = f.read()
    text = re.sub(r"^qemu-args = .*$",
                  f"qemu-args = -icount shift=0 -plugin "
                  f"{so},mark={mark[0]:#x},out={prof}", text, flags=re.M)
    with tempfile.NamedTemporaryFile("w", suffix=".case", dir=out_dir,
                                     delete=False) as f:
        f.write(text)
        case = f.name
    try:
        runs = [r for r in runner.expand(case, [args.hv]) if r.hv == args.hv]
        status, reason, log, _ = runner.run_one(
            runs[0], os.path.join(root, "build", "test-logs", "bench"), 2.0, 10)
    finally:
        os.unlink(case)
    if status != "PASS":
        print(f"hotpath-profile: {args.hv}: {status}: {reason}")
        return 1
    with open(log, errors="replace") as f:
        iters = [int(x) for x in
                 re.search(r"^HOTPATH: iters (\d+) (\d+)", f.read(), re.M).groups()]
    addrs, names = (symbols(os.path.join(root, "build", "xen-syms"))
                    if args.hv == "xenolite" else ([], []))
    windows = []
    with open(prof) as f:
        for line in f:
            if line.startswith("window"):
                windows.append(collections.Counter())
                continue
            va, insns, execs = line.split()
            windows[-1][int(va, 16)] += int(insns) * int(execs)
    for w, (name, n) in enumerate(zip(WINDOWS, iters)):
        if w >= len(windows):
            break
        by_part = collections.Counter()
        by_fn = collections.Counter()
        for va, cnt in windows[w].items():
            part = where(va)
            by_part[part] += cnt
            if part == "hypervisor" and addrs:
                i = bisect.bisect_right(addrs, va) - 1
                by_fn[names[i] if i >= 0 else "?"] += cnt
        total = sum(by_part.values())
        print(f"{args.hv} {name}: {total / n:.0f} instructions per iteration "
              f"({n} iterations)")
        for part, cnt in by_part.most_common():
            print(f"  {part:12} {cnt / n:8.1f}")
        for fn, cnt in by_fn.most_common(args.top):
            print(f"    {fn:40} {cnt / n:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
