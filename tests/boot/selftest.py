#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host test of tests/boot/runner.py: each check runs the runner on a small
case file against tests/boot/fake-qemu.py (a scripted serial console) in a
fake tree, and compares the result line. Prints PASS:/FAIL: per check.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "runner.py")
FAKE = os.path.join(HERE, "fake-qemu.py")

# name, case file text, fake serial script, expected result lines (prefixes),
# extra text the output must contain.
CHECKS = [
    ("expect-in-order-and-exit",
     "expect 5 = Xenolite\nexpect = ready\nexpect-exit 5\n",
     "print Xenolite 0.1\nprint all ready\nexit 0",
     ["PASS: c@xenolite"], []),
    ("expect-timeout-names-line-and-tail",
     "timeout = 1\nexpect = Xenolite\nexpect = never printed\n",
     "print Xenolite 0.1\nprint last words\nhang",
     ["FAIL: c@xenolite: 'never printed' not seen within 1s"],
     ["last serial lines: Xenolite 0.1 | last words", ".FAILED.serial.log"]),
    ("expect-order-matters",
     "timeout = 1\nexpect = second\nexpect = first\n",
     "print first\nprint second\nhang",
     ["FAIL: c@xenolite: 'first' not seen"], []),
    ("forbidden-default",
     "timeout = 2\nexpect = never\n",
     "print (XEN) Panic on CPU 0:\nhang",
     ["FAIL: c@xenolite: forbidden line seen: '(XEN) Panic on CPU 0:'"], []),
    ("forbidden-from-case",
     "forbid = oops here\nexpect 2 = done\n",
     "print an oops here\nprint done\nhang",
     ["FAIL: c@xenolite: forbidden line seen: 'an oops here'"], []),
    ("forbid-applies-from-its-line-on",
     "expect 2 = boot done\nforbid = warning\nexpect 2 = end\n",
     "print early warning\nprint boot done\nprint end\nhang",
     ["PASS: c@xenolite"], []),
    ("forbidden-frame-audit",
     "timeout = 2\nexpect = never\n",
     "print (XEN) frame audit: d0: 0 problem(s)\n"
     "print (XEN) frame audit: d3: 12 problem(s)\nhang",
     ["FAIL: c@xenolite: forbidden line seen: "
      "'(XEN) frame audit: d3: 12 problem(s)'"], []),
    ("frame-audit-clean-passes",
     "expect 2 = done\n",
     "print (XEN) frame audit: d1: 0 problem(s)\nprint done\nhang",
     ["PASS: c@xenolite"], []),
    ("allow-removes-default",
     "allow = PANIC\nexpect 2 = done\n",
     "print PANIC is fine here\nprint done\nhang",
     ["PASS: c@xenolite"], []),
    ("qemu-exits-early",
     "expect 5 = never\n",
     "print bye\nexit 0",
     ["FAIL: c@xenolite: QEMU exited (status 0) before 'never' was seen"], []),
    ("expect-exit-timeout",
     "expect 2 = hi\nexpect-exit 1\n",
     "print hi\nhang",
     ["FAIL: c@xenolite: QEMU still running"], []),
    ("send-and-expect-with-prompt",
     'prompt = "sh# "\nexpect 2 = init ready\nsend = echo "CHK $((1+1))"\n'
     "expect 2 = CHK 2\n",
     "print init ready\nprompt sh# \nread echo\nprint CHK 2\nhang",
     ["PASS: c@xenolite"], []),
    ("type-and-key",
     'expect 2 = init ready\nexpect 2 = sh# \ntype = echo "CHK $((2+2))"\n'
     "expect 2 = CHK 4\nkey = ctrl-]\nexpect 2 = got 1d\n",
     "print init ready\nprompt sh# \nread echo\nprint CHK 4\n"
     "readbyte 1d\nhang",
     ["PASS: c@xenolite"], []),
    ("bad-key-name",
     "key = ctrl-alt-del\n",
     "hang",
     ["FAIL: c.case: bad case file:"], ["unknown key 'ctrl-alt-del'"]),
    ("expect-re",
     "expect-re 2 = ^CPUs: [0-9]+$\n",
     "print nope CPUs: 2\nprint CPUs: 2\nhang",
     ["PASS: c@xenolite"], []),
    ("guest-success",
     "guest = build/g1\ntimeout = 2\nsettle = 0.5\n",
     "print Test result: SUCCESS\nexit 0",
     ["PASS: g1@xenolite"], []),
    ("guest-skip",
     "guest = build/g1\ntimeout = 2\nsettle = 0.5\n",
     "print SKIP: no feature\nprint (XEN) noise\nprint Test result: SKIP\n"
     "hang",
     ["SKIP: g1@xenolite: guest says: SKIP: no feature"], []),
    ("guest-failure",
     "guest = build/g1\ntimeout = 2\nsettle = 0.5\n",
     "print Test result: FAILURE\nhang",
     ["FAIL: g1@xenolite: guest says: Test result: FAILURE"], []),
    ("guest-error",
     "guest = build/g1\ntimeout = 2\nsettle = 0.5\n",
     "print Test result: ERROR\nexit 0",
     ["FAIL: g1@xenolite: guest says: Test result: ERROR"], []),
    ("guest-two-verdicts",
     "guest = build/g1\ntimeout = 2\nsettle = 1\n",
     "print Test result: SUCCESS\nprint Test result: SUCCESS\nhang",
     ["FAIL: g1@xenolite: 2 'Test result:' lines, expected 1"], []),
    ("guest-no-verdict",
     "guest = build/g1\ntimeout = 1\n",
     "print booting\nhang",
     ["FAIL: g1@xenolite: a 'Test result:' line not seen within 1s"], []),
    ("nothing-to-check-is-refused",
     "timeout = 2\nsend = echo hi\n",
     "print hi\nhang",
     ["FAIL: c.case: bad case file:"], ["nothing to check on xenolite"]),
    ("guest-for-one-hypervisor",
     "hypervisors = xenolite xen-4.17\nguest@xenolite = build/g1\n"
     "verdict@xen-4.17 = none\nexpect@xen-4.17 2 = Xen\ntimeout = 2\n"
     "settle = 0.2\n",
     "print Xen\nprint Test result: SUCCESS\nhang",
     ["PASS: g1@xenolite", "PASS: c@xen-4.17"], []),
    ("guests-many-and-missing",
     "guest = build/g1\nguest = build/g2\ntimeout = 2\nsettle = 0.2\n",
     "print Test result: SUCCESS\nexit 0",
     ["PASS: g1@xenolite",
      "SKIP: g2@xenolite: 'build/g2' not built yet (make)"], []),
    ("both-hypervisors-and-skip-at",
     "hypervisors = xenolite xen-4.17\nskip@xenolite = not yet (issue 6)\n"
     "cmdline@xen-4.17 = dom0_mem=64M\nexpect 2 = Xen\n",
     "print Xen\nhang",
     ["SKIP: c@xenolite: not yet (issue 6)", "PASS: c@xen-4.17"], []),
    ("per-hypervisor-step",
     "hypervisors = xenolite xen-4.17\nexpect@xenolite 2 = Xenolite\n"
     "expect@xen-4.17 2 = Xen 4.17\n",
     "print Xen 4.17\nhang",
     ["FAIL: c@xenolite", "PASS: c@xen-4.17"], []),
    ("guest-named-case",
     "name = mine\nguest = build/g1\ntimeout = 2\nsettle = 0.2\n",
     "print Test result: SUCCESS\nexit 0",
     ["PASS: mine@xenolite"], []),
    ("missing-module-skips",
     "module = build/nothing | arg\nexpect 1 = x\n",
     "hang",
     ["SKIP: c@xenolite: 'build/nothing' not built yet (make)"], []),
    ("requires-skips",
     "requires = build/tool\nexpect 1 = x\n",
     "hang",
     ["SKIP: c@xenolite: 'build/tool' not built yet (make)"], []),
    ("bad-key",
     "expcet = typo\n",
     "hang",
     ["FAIL: c.case: bad case file:"], ["unknown key 'expcet'"]),
    ("smp-guests-times-counts",
     "guest = build/g1\nguest = build/g2\nsmp = 1 2\ntimeout = 10\n"
     "settle = 0.2\n",
     "print Test result: SUCCESS\nexit 0",
     ["PASS: g1@xenolite/smp1", "PASS: g1@xenolite/smp2",
      "SKIP: g2@xenolite/smp1: 'build/g2' not built yet (make)",
      "SKIP: g2@xenolite/smp2: 'build/g2' not built yet (make)"], []),
    ("smp-not-a-count",
     "smp = 2 two\nexpect 1 = x\n",
     "hang",
     ["FAIL: c.case: bad case file:"], ["smp: 'two' is not a CPU count"]),
    ("smp-duplicate-count",
     "smp = 2 2\nexpect 1 = x\n",
     "hang",
     ["FAIL: c.case: bad case file:"], ["'2 2' repeats a count"]),
]

# Several pCPU counts: one run each, labelled NAME@HV/smpN, its own log
# (file name with '_' for '/') holding QEMU's command line with that -smp;
# they boot one ISO, built once. smp@HV beats smp, and a single count keeps
# the plain label.
SMP_CASE = ("hypervisors = xenolite xen-4.17\nsmp = 1 2 4\n"
            "smp@xen-4.17 = 2\nexpect 10 = Xen\n")
SMP_RESULTS = ["PASS: c@xenolite/smp1", "PASS: c@xenolite/smp2",
               "PASS: c@xenolite/smp4", "PASS: c@xen-4.17"]
SMP_LOGS = [("boot-c@xenolite_smp1.serial.log", " -smp 1 "),
            ("boot-c@xenolite_smp2.serial.log", " -smp 2 "),
            ("boot-c@xenolite_smp4.serial.log", " -smp 4 "),
            ("boot-c@xen-4.17.serial.log", " -smp 2 ")]
SMP_ISOS = ([l for l, _ in SMP_LOGS[:3]], SMP_LOGS[3][0])


def check_logs(tree, logs):
    """Problems with (log file name, text it must contain) pairs."""
    problems = []
    for name, text in logs:
        path = os.path.join(tree, "logs", name)
        if not os.path.exists(path):
            problems.append(f"no log {name}")
            continue
        with open(path, errors="replace") as f:
            head = f.readline()
        if text not in head:
            problems.append(f"{name}: '{text}' not in '{head.strip()}'")
    return problems


def check_iso_reuse(tree, same, other):
    """Problems unless the logs `same` name one QEMU -cdrom ISO, the log
    `other` another, and no ISO is left behind."""
    isos = {}
    for name in same + [other]:
        with open(os.path.join(tree, "logs", name), errors="replace") as f:
            m = re.search(r" -cdrom (\S+)", f.readline())
        isos[name] = m.group(1) if m else None
    problems = []
    if None in isos.values() or len({isos[n] for n in same}) != 1:
        problems.append(f"ISOs {isos}: want one for {', '.join(same)}")
    elif isos[other] == isos[same[0]]:
        problems.append(f"{other} boots the same ISO as {same[0]}")
    problems += [f"{i} left behind" for i in set(isos.values())
                 if i and os.path.exists(i)]
    return problems


def run_check(tree, name, case, script, want, contains, keep_hv=False,
              logs=(), iso_reuse=None):
    path = os.path.join(tree, "c.case")
    with open(path, "w") as f:
        f.write(case)
    env = dict(os.environ, XENOLITE_QEMU=FAKE, FAKE_QEMU_SCRIPT=script)
    if not keep_hv:
        env.pop("XENOLITE_HV", None)
    p = subprocess.run([sys.executable, RUNNER, "--root", tree, "--nice", "0",
                        "--log-dir", os.path.join(tree, "logs"), path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, env=env, timeout=60)
    results = [l for l in p.stdout.splitlines()
               if l.startswith(("PASS: ", "FAIL: ", "SKIP: "))]
    problems = []
    if len(results) != len(want):
        problems.append(f"{len(results)} result lines, expected {len(want)}")
    for got, w in zip(results, want):
        if not got.startswith(w):
            problems.append(f"got '{got}', expected '{w}...'")
    for c in contains:
        if c not in p.stdout:
            problems.append(f"output lacks '{c}'")
    problems += check_logs(tree, logs)
    if iso_reuse and not problems:
        problems += check_iso_reuse(tree, *iso_reuse)
    failed = any(w.startswith("FAIL") for w in want)
    if (p.returncode != 0) != failed:
        problems.append(f"exit status {p.returncode}")
    if problems:
        print(f"FAIL: runner-{name}: " + "; ".join(problems))
        for l in p.stdout.splitlines()[-10:]:
            print("  | " + l)
        return False
    print(f"PASS: runner-{name}")
    return True


def run_interrupted(tree, name, hv, want, absent):
    """The runner gets SIGTERM (a CI timeout, Ctrl-C) while the first run
    it boots hangs after Xen 4.17's known-fault line: that run FAILs as
    interrupted, nothing is booted after it (no second boot, no next
    hypervisor) and the exit status is 130."""
    path = os.path.join(tree, "c.case")
    with open(path, "w") as f:
        f.write("hypervisors = xenolite xen-4.17\nexpect 30 = never\n")
    env = dict(os.environ, XENOLITE_QEMU=FAKE, FAKE_QEMU_SCRIPT=(
        "print xl[1]: segfault at 0 ip 1 sp 2\nhang"))
    env.pop("XENOLITE_HV", None)
    if hv:
        env["XENOLITE_HV"] = hv
    logs = os.path.join(tree, "logs")
    for n in (os.listdir(logs) if os.path.isdir(logs) else []):
        os.unlink(os.path.join(logs, n))
    p = subprocess.Popen([sys.executable, RUNNER, "--root", tree, "--nice",
                          "0", "--log-dir", os.path.join(tree, "logs"), path],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, env=env)
    # SIGTERM once the serial log holds the fault line (the ISO is made
    # first, seconds on a busy host).
    for _ in range(300):
        if any("segfault" in open(os.path.join(logs, n),
                                  errors="replace").read()
               for n in (os.listdir(logs) if os.path.isdir(logs) else [])
               if n.endswith(".serial.log")):
            break
        time.sleep(0.1)
    p.send_signal(signal.SIGTERM)
    problems = []
    try:
        out, _ = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        problems.append("still running 20 s after SIGTERM")
    results = [l for l in out.splitlines()
               if l.startswith(("PASS: ", "FAIL: ", "SKIP: "))]
    if len(results) != len(want):
        problems.append(f"{len(results)} result lines, expected {len(want)}")
    for got, w in zip(results, want):
        if not got.startswith(w):
            problems.append(f"got '{got}', expected '{w}...'")
    problems += [f"output has '{a}'" for a in absent if a in out]
    if p.returncode != 130:
        problems.append(f"exit status {p.returncode}, expected 130")
    if problems:
        print(f"FAIL: runner-{name}: " + "; ".join(problems))
        for l in out.splitlines()[-10:]:
            print("  | " + l)
        return False
    print(f"PASS: runner-{name}")
    return True


RUN_TESTS = os.path.join(HERE, "..", "..", "scripts", "run-tests.py")
# scripts/run-tests.py --jobs 2 (make test's boot cases): a..d in file
# order, b and c the most costly. b and c each wait for the other (they
# fail unless they run at the same time), so they must start first; a and
# d follow; d fails.
POOL_CASES = {
    "a": 'cost = 1\nqemu-args = -fake-script "print up;exit 0"\n'
         "expect 60 = up\nexpect-exit 60\n",
    "b": 'cost = 50\nqemu-args = -fake-script "touch {root}/pool/b.up;'
         'waitfile {root}/pool/c.up 60;print up;exit 0"\n'
         "expect 60 = up\nexpect-exit 60\n",
    "c": 'cost = 40\nqemu-args = -fake-script "touch {root}/pool/c.up;'
         'waitfile {root}/pool/b.up 60;print up;exit 0"\n'
         "expect 60 = up\nexpect-exit 60\n",
    "d": 'qemu-args = -fake-script "print bye;exit 0"\nexpect 60 = never\n',
}
POOL_OWNER = re.compile(r"^(?:(?:PASS|FAIL|SKIP): ([a-d])@|  \[([a-d])\.case: )")


def pool_blocks(lines):
    """Problems unless each case's result lines and its closing
    `[X.case: Ns]` line form one block; also the cases in block order."""
    owners = []
    for l in lines:
        m = POOL_OWNER.match(l)
        if m:
            owners.append((m.group(1) or m.group(2), bool(m.group(2))))
    order, problems = [], []
    for i, (c, closing) in enumerate(owners):
        if not order or order[-1] != c:
            if c in order:
                problems.append(f"case {c}'s lines are split up")
            order.append(c)
        if closing and i + 1 < len(owners) and owners[i + 1][0] == c:
            problems.append(f"case {c} has lines after its [{c}.case] line")
    return order, problems


def run_pool(tree):
    d = os.path.join(tree, "pool")
    os.makedirs(d)
    paths = []
    for name, text in POOL_CASES.items():
        paths.append(os.path.join(d, name + ".case"))
        with open(paths[-1], "w") as f:
            f.write(text)
    env = dict(os.environ, XENOLITE_QEMU=FAKE)
    env.pop("XENOLITE_HV", None)
    p = subprocess.run([sys.executable, RUN_TESTS, "--build",
                        os.path.join(d, "build"), "--root", tree, "--jobs",
                        "2", "--boot"] + paths, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, env=env,
                       timeout=240)
    lines = p.stdout.splitlines()
    order, problems = pool_blocks(lines)
    if sorted(order) != list("abcd"):
        problems.append(f"blocks of cases {order}, expected a b c d")
    elif sorted(order[:2]) != ["b", "c"]:
        problems.append(f"cases ended in the order {order}: b and c "
                        "(highest cost) did not start first")
    want = ["PASS: b@", "PASS: c@", "PASS: a@", "FAIL: d@"]
    for w in want:
        if not any(l.startswith(w) for l in lines):
            problems.append(f"no '{w}...' line")
    if not lines or lines[-1] != "3 passed, 1 failed":
        problems.append(f"last line '{lines[-1] if lines else ''}', "
                        "expected '3 passed, 1 failed'")
    if p.returncode != 1:
        problems.append(f"exit status {p.returncode}, expected 1")
    if problems:
        print("FAIL: run-tests-pool-two-at-a-time: " + "; ".join(problems))
        for l in lines[-12:]:
            print("  | " + l)
        return False
    print("PASS: run-tests-pool-two-at-a-time")
    return True


def main():
    ok = True
    with tempfile.TemporaryDirectory(prefix="xenolite-selftest.") as tree:
        os.makedirs(os.path.join(tree, "build/cache/xen/boot"))
        for f in ("build/xenolite", "build/cache/xen/boot/xen-4.17-amd64.gz",
                  "build/g1"):
            with open(os.path.join(tree, f), "w") as fh:
                fh.write("fake\n")
        for name, case, script, want, contains in CHECKS:
            ok &= run_check(tree, name, case, script, want, contains)
        ok &= run_check(tree, "smp-counts-labels-and-logs", SMP_CASE,
                        "print Xen\nhang", SMP_RESULTS, [], logs=SMP_LOGS,
                        iso_reuse=SMP_ISOS)
        ok &= run_pool(tree)
        # A hypervisor left out by --hv is reported, not dropped.
        os.environ["XENOLITE_HV"] = "xen-4.17"
        ok &= run_check(tree, "hv-filter-reports-skip",
                        "hypervisors = xenolite xen-4.17\nexpect 2 = Xen\n",
                        "print Xen\nhang",
                        ["SKIP: c@xenolite: xenolite not selected",
                         "PASS: c@xen-4.17"], [], keep_hv=True)
        del os.environ["XENOLITE_HV"]
        # Xen 4.17's known fault (a dom0 process's segfault) before a
        # failure: that run boots once more (one verdict, the second);
        # Xenolite's run never does.
        ok &= run_check(tree, "reference-fault-boots-once-more",
                        "hypervisors = xenolite xen-4.17\nforbid = BAD\n"
                        "expect 2 = never\n",
                        "print xl[1]: segfault at 0 ip 1 sp 2\nprint BAD\nhang",
                        ["FAIL: c@xenolite: forbidden line seen",
                         "FAIL: c@xen-4.17: forbidden line seen"],
                        ["c@xen-4.17: first boot failed", "booting once more",
                         "reference-fault.serial.log"])
        ok &= run_interrupted(tree, "interrupt-no-second-boot", "xen-4.17",
                              ["SKIP: c@xenolite",
                               "FAIL: c@xen-4.17: interrupted"],
                              ["booting once more"])
        ok &= run_interrupted(tree, "interrupt-stops-the-next-runs", None,
                              ["FAIL: c@xenolite: interrupted"],
                              ["c@xen-4.17"])
        # Without the image every run skips, saying what to build.
        os.unlink(os.path.join(tree, "build/xenolite"))
        ok &= run_check(tree, "missing-hypervisor-skips", "expect 1 = x\n",
                        "hang", ["SKIP: c@xenolite: build/xenolite not built"],
                        [])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
