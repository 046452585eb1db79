#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot-test runner: boots each case in QEMU (TCG) from a GRUB2 multiboot2 ISO
and judges it by its serial console (COM1).

    runner.py [--log-dir DIR] [--hv NAME]... [--times] [--timeout-scale F]
              [--nice N] [--root DIR] CASEFILE...

Prints one line per case and hypervisor (and pCPU count, for a case with
`smp = 1 2 4`: `name@hv/smp2`), `PASS: name@hv`, `FAIL: name@hv: why` or
`SKIP: name@hv: why`, and exits 1 if any case failed. The case-file format
is documented in tests/boot/README.md. Python 3 standard library only.
"""
import argparse
import atexit
import ctypes
import glob
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# Where case paths (images, modules, `requires`) are looked up: the tree,
# unless --root says otherwise (tests/boot/selftest.py uses a fake tree).
ART_ROOT = ROOT
QEMU = os.environ.get("XENOLITE_QEMU", "qemu-system-x86_64")

# QEMU 7.2's TCG with SMAP exposed crashes Xen 4.17's PV dom0 at its first
# exception ("d0v0 Unhandled: vec 14, #PF[0001]" on a present, user-mode
# stack page), so Xen 4.17 runs on `max` without SMAP. Xenolite turns SMEP
# and SMAP on and runs on `max` with both; the cases that boot Linux say
# `cpu = max,-smap` (the same crash; tests/boot/README.md).
DEFAULT_CPU = "max,-smap"

# Hypervisors a case can target: the image GRUB loads and the command-line
# options every boot needs (the case's `cmdline` is appended). Both take the
# same option names; Xenolite follows Xen's.
HYPERVISORS = {
    "xenolite": {
        "image": "build/xenolite",
        "missing": "build/xenolite not built yet (make)",
        "cmdline": "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all",
        "cpu": "max",
    },
    "xen-4.17": {
        "image": "build/cache/xen/boot/xen-4.17-amd64.gz",
        "missing": "Debian's Xen 4.17 not fetched (make, or "
                   "scripts/fetch-debian.sh build/cache xen)",
        "cmdline": "console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all "
                   "noreboot=false",
        "cpu": DEFAULT_CPU,
    },
}

# Lines that fail a run as soon as they appear (a case may `allow` one).
DEFAULT_FORBID = ["Panic on CPU", "PANIC", "(XEN) ****", "Kernel panic"]
# The same as regexes: Xenolite's frame-table self-check found problems
# when a domain died or dom0 shut down (xen/arch/x86/mm/frame_audit.c).
DEFAULT_FORBID_RE = [r"frame audit: d[0-9]+: [1-9]"]


VERDICT = re.compile(r"Test result: (SUCCESS|SKIP|ERROR|FAILURE)\b")
LINE = re.compile(r"^\s*([a-z][a-z0-9-]*)(?:@([A-Za-z0-9_.-]+))?"
                  r"(?:\s+([0-9]+(?:\.[0-9]+)?))?\s*(?:=\s?(.*))?$")

GLOBAL_KEYS = {"name", "hypervisors", "hypervisor", "cmdline", "module",
               "guest", "cpu", "smp", "memory", "qemu-args", "timeout",
               "requires", "skip", "allow", "verdict", "settle", "prompt",
               "cost"}
STEP_KEYS = {"expect", "expect-re", "send", "type", "key", "forbid",
             "forbid-re", "expect-exit"}
# `key` step names: ctrl-A .. ctrl-Z and ctrl-] etc. (the byte a terminal
# sends), plus these.
KEY_NAMES = {"enter": "\r", "tab": "\t", "escape": "\x1b", "space": " "}


def key_bytes(name):
    """The characters a terminal sends for key NAME, or None."""
    n = name.strip().lower()
    if n in KEY_NAMES:
        return KEY_NAMES[n]
    if n.startswith("ctrl-") and len(n) == 6 and 0x40 <= ord(n[5].upper()) < 0x60:
        return chr(ord(n[5].upper()) & 0x1f)
    return None


class CaseError(Exception):
    pass


def unquote(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] == '"':
        return v[1:-1]
    return v


def parse_case(path):
    """Parse a case file into (settings, steps). Settings values are lists of
    (hv, value); steps are dicts with key, hv, timeout, value, lineno."""
    settings, steps = {}, []
    with open(path) as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = LINE.match(line)
            if not m:
                raise CaseError(f"{path}:{lineno}: cannot parse '{line}'")
            key, hv, tmo, val = m.groups()
            if hv and hv not in HYPERVISORS:
                raise CaseError(f"{path}:{lineno}: unknown hypervisor '{hv}'")
            val = unquote(val) if val is not None else None
            if key in STEP_KEYS:
                if val is None and key != "expect-exit":
                    raise CaseError(f"{path}:{lineno}: '{key}' needs "
                                    "'= value'")
                if key == "key" and key_bytes(val) is None:
                    raise CaseError(f"{path}:{lineno}: 'key': unknown key "
                                    f"'{val}' (ctrl-X, enter, tab, escape, "
                                    "space)")
                steps.append({"key": key, "hv": hv, "lineno": lineno,
                              "timeout": float(tmo) if tmo else None,
                              "value": val or ""})
            elif key in GLOBAL_KEYS:
                if tmo:
                    raise CaseError(f"{path}:{lineno}: '{key}' takes no "
                                    "timeout")
                if key == "cost" and (hv or not re.fullmatch(
                        r"[0-9]+(?:\.[0-9]+)?", val or "")):
                    # Read by scripts/run-tests.py to start long cases first.
                    raise CaseError(f"{path}:{lineno}: 'cost': '{val}' is "
                                    "not a number of seconds (and takes no "
                                    "@hypervisor)")
                settings.setdefault(key, []).append((hv, val or ""))
            else:
                raise CaseError(f"{path}:{lineno}: unknown key '{key}'")
    return settings, steps


def pick(settings, key, hv, default=None):
    """Last value of key for hv (`key@hv` beats plain `key`)."""
    vals = settings.get(key, [])
    for want in (hv, None):
        for h, v in reversed(vals):
            if h == want:
                return v
    return default


def pick_all(settings, key, hv):
    return [v for h, v in settings.get(key, []) if h in (None, hv)]


def split_item(item):
    """'path | cmdline' -> (path, cmdline)."""
    path, _, args = item.partition("|")
    return path.strip(), args.strip()


def resolve(path):
    """Expand a repo-relative path (globs allowed: the last match in sort
    order wins). Returns None when nothing matches."""
    full = os.path.join(ART_ROOT, path)
    hits = sorted(glob.glob(full))
    if hits:
        return hits[-1]
    return None


class Run:
    """One boot: a case (or one guest of it) on one hypervisor with one
    pCPU count; the label names the count only when the case has several."""

    def __init__(self, name, hv, settings, steps, guest=None, smp="1",
                 multi_smp=False):
        self.name, self.hv = name, hv
        self.settings, self.guest, self.smp = settings, guest, smp
        self.steps = [s for s in steps if s["hv"] in (None, hv)]
        self.label = f"{name}@{hv}" + (f"/smp{smp}" if multi_smp else "")
        self.deselected = None

    def get(self, key, default=None):
        return pick(self.settings, key, self.hv, default)


def smp_counts(path, settings, hv):
    """The pCPU counts of `smp` (or `smp@hv`): one run each."""
    counts = pick(settings, "smp", hv, "1").split()
    if not counts:
        raise CaseError(f"{path}: smp: no CPU count")
    for c in counts:
        if not re.fullmatch(r"[1-9][0-9]*", c):
            raise CaseError(f"{path}: smp: '{c}' is not a CPU count")
    if len(set(counts)) != len(counts):
        raise CaseError(f"{path}: smp: '{' '.join(counts)}' repeats a count")
    return counts


def expand(path, hv_filter):
    """Turn a case file into its list of Runs."""
    settings, steps = parse_case(path)
    base = os.path.splitext(os.path.basename(path))[0]
    name = pick(settings, "name", None, base)
    hvs = (pick(settings, "hypervisors", None) or
           pick(settings, "hypervisor", None) or "xenolite").split()
    for hv in hvs:
        if hv not in HYPERVISORS:
            raise CaseError(f"{path}: unknown hypervisor '{hv}' "
                            f"(known: {' '.join(HYPERVISORS)})")
    runs = []
    for hv in hvs:
        # `guest@hv` adds a guest for that hypervisor only.
        guests = [v for h, v in settings.get("guest", []) if h in (None, hv)]
        named = len(guests) == 1 and pick(settings, "name", None)
        checks = [st for st in steps if st["hv"] in (None, hv) and
                  st["key"] in ("expect", "expect-re", "expect-exit")]
        if not guests and not checks and not pick(settings, "verdict", hv):
            # A run that waits for nothing would pass whatever happened.
            raise CaseError(f"{path}: nothing to check on {hv}: no guest, "
                            "no expect step and no verdict")
        counts = smp_counts(path, settings, hv)
        for g in guests or [None]:
            n = name
            if g and not named:
                n = os.path.basename(split_item(g)[0])
            for smp in counts:
                run = Run(n, hv, settings, steps, guest=g, smp=smp,
                          multi_smp=len(counts) > 1)
                if hv_filter and hv not in hv_filter:
                    # Reported, never silently dropped.
                    run.deselected = f"{hv} not selected (--hv/XENOLITE_HV)"
                runs.append(run)
    return runs


class Serial:
    """QEMU's COM1 (stdio chardev): a reader thread appends everything to the
    log file and to `text` (CR removed); `write` sends input."""

    def __init__(self, proc, log):
        self.proc, self.log = proc, log
        self.text = ""
        self.chunks = queue.Queue()
        self.eof = False
        self.thread = threading.Thread(target=self._reader, daemon=True)
        self.thread.start()

    def _reader(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            self.chunks.put(data)
            if not data:
                return

    def pump(self, timeout):
        """Wait up to timeout for output; return False at EOF."""
        try:
            data = self.chunks.get(timeout=max(timeout, 0))
        except queue.Empty:
            return not self.eof
        while True:
            if not data:
                self.eof = True
                break
            self.log.write(data)
            self.text += data.decode("utf-8", "replace").replace("\r", "")
            try:
                data = self.chunks.get_nowait()
            except queue.Empty:
                break
        self.log.flush()
        return not self.eof

    def write(self, s, pace, piece=8):
        """Send s in `piece`-byte pieces: the guest reads the UART through a
        small FIFO and a slow TCG guest must keep up."""
        data = s.encode()
        try:
            for i in range(0, len(data), piece):
                self.proc.stdin.write(data[i:i + piece])
                self.proc.stdin.flush()
                if pace:
                    time.sleep(pace)
                    self.pump(0)
        except (BrokenPipeError, OSError):
            pass

    def tail(self, n):
        lines = [l for l in self.text.split("\n") if l.strip()]
        return [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", l).strip()
                for l in lines[-n:]]


def set_pdeathsig():
    """QEMU dies with the runner (PR_SET_PDEATHSIG), even on kill -9."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)
    except OSError:
        pass


class Outcome(Exception):
    def __init__(self, status, reason=""):
        super().__init__(reason)
        self.status, self.reason = status, reason


def matcher(step):
    if step["key"] in ("expect-re", "forbid-re"):
        rx = re.compile(step["value"], re.MULTILINE)
        return lambda text, pos: rx.search(text, pos)
    needle = step["value"]

    class Hit:
        def __init__(self, i):
            self.i = i

        def start(self):
            return self.i

        def end(self):
            return self.i + len(needle)

        def group(self, n=0):
            return needle

    def find(text, pos):
        i = text.find(needle, pos)
        return Hit(i) if i >= 0 else None
    return find


def describe(step):
    if step["key"] == "expect-exit":
        return "QEMU to exit by itself"
    if step.get("verdict"):
        return "a 'Test result:' line"
    return f"'{step['value']}'"


# The last ISO built: a case's runs that differ only in their pCPU count
# follow each other and boot the same ISO.
last_iso = {"key": None, "dir": None}


def drop_iso():
    if last_iso["dir"]:
        shutil.rmtree(last_iso["dir"], ignore_errors=True)
    last_iso.update(key=None, dir=None)


atexit.register(drop_iso)


def build_iso(hv_item, mod_items):
    """Path of an ISO booting these GRUB items (`path|cmdline`), the last
    one if it was built for the same items; Outcome FAIL if mkiso.sh fails."""
    key = (hv_item, tuple(mod_items))
    if last_iso["key"] == key:
        return os.path.join(last_iso["dir"], "boot.iso")
    drop_iso()
    tmp = tempfile.mkdtemp(prefix="xenolite-iso-last.")
    iso = os.path.join(tmp, "boot.iso")
    mk = subprocess.run([os.path.join(ROOT, "scripts", "mkiso.sh"), iso,
                         hv_item] + mod_items, stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True)
    if mk.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise Outcome("FAIL", "mkiso.sh failed: " +
                      " / ".join(mk.stdout.strip().splitlines()[-3:]))
    last_iso.update(key=key, dir=tmp)
    return iso


class Booter:
    """Build the ISO, start QEMU, drive the steps. `times` records the
    seconds from QEMU's start to each expect match (used by tests/bench)."""

    def __init__(self, run, log_path, scale=1.0, nice=10):
        self.run, self.log_path = run, log_path
        self.scale, self.nice = scale, nice
        self.times = []
        self.proc = None
        self.serial = None
        self.tmp = None

    def check_artifacts(self):
        """Return (hypervisor item, module items) or raise Outcome SKIP."""
        run = self.run
        skip = run.deselected or run.get("skip")
        if skip:
            raise Outcome("SKIP", skip)
        hvinfo = HYPERVISORS[run.hv]
        image = resolve(hvinfo["image"])
        if not image:
            raise Outcome("SKIP", hvinfo["missing"])
        for req in pick_all(run.settings, "requires", run.hv):
            if not resolve(req):
                raise Outcome("SKIP", f"'{req}' not built yet (make)")
        cmdline = " ".join(x for x in (hvinfo["cmdline"],
                                       run.get("cmdline", "")) if x)
        mods = pick_all(run.settings, "module", run.hv)
        if run.guest:
            mods = [run.guest] + mods
        items = []
        for m in mods:
            path, args = split_item(m)
            full = resolve(path)
            if not full:
                raise Outcome("SKIP", f"'{path}' not built yet (make)")
            items.append(f"{full}|{args}")
        return f"{image}|{cmdline}", items

    def start(self, hv_item, mod_items):
        run = self.run
        self.tmp = tempfile.mkdtemp(prefix="xenolite-boot.")
        iso = build_iso(hv_item, mod_items)
        cmd = [QEMU, "-accel", "tcg",
               "-cpu", run.get("cpu", HYPERVISORS[run.hv]["cpu"]),
               "-smp", run.smp, "-m", run.get("memory", "512"),
               "-display", "none", "-vga", "none", "-monitor", "none",
               "-serial", "stdio", "-no-reboot",
               "-cdrom", iso, "-boot", "d"]
        # {root}: the tree whose build/ holds the artifacts (QEMU runs in a tmp dir).
        cmd += shlex.split(run.get("qemu-args", "").replace("{root}", ART_ROOT))
        if not shutil.which(QEMU):
            raise Outcome("FAIL", f"cannot find {QEMU} (make deps)")
        if self.nice and shutil.which("nice"):
            cmd = ["nice", "-n", str(self.nice)] + cmd
        self.log = open(self.log_path, "wb")
        head = ["# " + " ".join(shlex.quote(c) for c in cmd),
                "# hypervisor: " + hv_item]
        head += [f"# module: {m}" for m in mod_items]
        self.log.write(("\n".join(head) + "\n").encode())
        self.errf = open(self.log_path + ".qemu-stderr", "w+")
        self.t0 = time.monotonic()
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE,
                                         stderr=self.errf,
                                         preexec_fn=set_pdeathsig,
                                         cwd=self.tmp)
        except OSError as e:
            raise Outcome("FAIL", f"cannot start {cmd[0]}: {e.strerror} "
                          "(needs qemu-system-x86; make deps)")
        self.serial = Serial(self.proc, self.log)

    def elapsed(self):
        return time.monotonic() - self.t0

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.serial:
            # Drain what is left so the log is complete.
            end = time.monotonic() + 2
            while not self.serial.eof and time.monotonic() < end:
                self.serial.pump(0.2)
        if getattr(self, "errf", None):
            self.errf.seek(0)
            err = self.errf.read()
            self.errf.close()
            os.unlink(self.log_path + ".qemu-stderr")
            if err.strip():
                self.log.write(b"\n# qemu stderr:\n" + err.encode())
        if getattr(self, "log", None):
            self.log.close()
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def check_forbidden(self, forbid, upto):
        """Fail on a forbidden pattern in the complete lines before `upto`
        (a line start) that it has not been checked against yet."""
        text = self.serial.text
        for f in forbid:
            if f["from"] >= upto:
                continue
            m = f["find"](text[:upto], f["from"])
            f["from"] = upto
            if m:
                ls = text.rfind("\n", 0, m.start()) + 1
                le = text.find("\n", m.start())
                line = text[ls:le if le >= 0 else len(text)].strip()
                raise Outcome("FAIL", f"forbidden line seen: '{line}'")

    def wait_for(self, step, forbid, default_timeout):
        """Wait for an expect step (or QEMU's exit); return the match."""
        timeout = (step["timeout"] or default_timeout) * self.scale
        deadline = time.monotonic() + timeout
        find = matcher(step) if step["key"] != "expect-exit" else None
        while True:
            text = self.serial.text
            # Forbidden patterns count only on complete lines.
            self.check_forbidden(forbid, text.rfind("\n") + 1)
            if find:
                m = find(text, self.pos)
                if m:
                    self.pos = m.end()
                    if not step.get("prompt"):
                        self.times.append(("Test result" if step.get("verdict")
                                           else step["value"], self.elapsed()))
                    return m
            alive = self.serial.pump(min(0.5, deadline - time.monotonic()))
            if not alive or self.proc.poll() is not None:
                end = time.monotonic() + 2
                while not self.serial.eof and time.monotonic() < end:
                    self.serial.pump(0.2)
                if find and find(self.serial.text, self.pos):
                    continue
                self.check_forbidden(forbid, len(self.serial.text))
                if not find:
                    self.times.append(("exit", self.elapsed()))
                    return None
                rc = self.proc.wait()
                raise Outcome("FAIL", f"QEMU exited (status {rc}) before "
                              f"{describe(step)} was seen")
            if time.monotonic() >= deadline:
                where = (f" (step at line {step['lineno']})"
                         if step["lineno"] else "")
                raise Outcome("FAIL", f"{describe(step)} not seen within "
                              f"{timeout:.0f}s{where}"
                              if find else
                              f"QEMU still running {timeout:.0f}s after the "
                              f"last step (expected it to exit by itself)")

    def steps(self):
        run = self.run
        steps = list(run.steps)
        verdict = run.get("verdict") or ("test-result" if run.guest else "")
        if verdict == "test-result":
            steps.append({"key": "expect-re", "hv": None, "lineno": 0,
                          "timeout": None, "value": VERDICT.pattern,
                          "verdict": True})
        return steps, verdict

    def drive(self):
        """Run the steps; return (status, reason)."""
        run = self.run
        default_timeout = float(run.get("timeout", "60"))
        allowed = set(pick_all(run.settings, "allow", run.hv))
        # A forbidden pattern applies from where it was declared on.
        forbid = [{"find": matcher({"key": "forbid", "value": f}), "from": 0}
                  for f in DEFAULT_FORBID if f not in allowed]
        forbid += [{"find": matcher({"key": "forbid-re", "value": f}),
                    "from": 0} for f in DEFAULT_FORBID_RE if f not in allowed]
        self.pos = 0
        steps, verdict = self.steps()
        prompt = run.get("prompt")
        result = None
        for step in steps:
            k = step["key"]
            if k in ("forbid", "forbid-re"):
                start = self.serial.text.rfind("\n", 0, self.pos) + 1
                forbid.append({"find": matcher(step), "from": start})
            elif k == "key":
                self.serial.write(key_bytes(step["value"]), 0.05, 1)
            elif k == "type":
                # As a user types: one key at a time, Enter is CR. No prompt
                # wait: the case expects what the user waits for (the
                # guest's prompt is not dom0's).
                self.serial.write(step["value"] + "\r", 0.03, 1)
            elif k == "send":
                if prompt:
                    self.wait_for({"key": "expect", "value": prompt,
                                   "timeout": step["timeout"],
                                   "lineno": step["lineno"], "prompt": True},
                                  forbid, default_timeout)
                self.serial.write(step["value"] + "\n", 0.02)
            else:
                m = self.wait_for(step, forbid, default_timeout)
                if step.get("verdict"):
                    result = m.group(1)
        if verdict == "test-result":
            # Exactly one verdict: give the guest `settle` seconds (or until
            # QEMU exits) to print a second one.
            settle = float(run.get("settle", "2")) * self.scale
            end = time.monotonic() + settle
            while time.monotonic() < end and self.serial.pump(0.2):
                if self.proc.poll() is not None:
                    self.serial.pump(0.2)
                    break
            self.check_forbidden(forbid, len(self.serial.text))
            n = len(VERDICT.findall(self.serial.text))
            if n != 1:
                raise Outcome("FAIL", f"{n} 'Test result:' lines, expected 1")
            if result == "SUCCESS":
                return "PASS", ""
            return ("SKIP" if result == "SKIP" else "FAIL",
                    "guest says: " + self.why(result))
        return "PASS", ""

    def why(self, result):
        """The guest's own reason for a non-SUCCESS verdict: its last
        'LEVEL: message' line before the verdict, else the verdict line."""
        verdict_start = self.serial.text.rfind("\n", 0, self.pos) + 1
        before = self.serial.text[:verdict_start].split("\n")
        levels = ("SKIP:", "ERROR:", "FAILURE:")
        msgs = [l.strip() for l in before if l.startswith(levels)]
        want = [m for m in msgs if m.startswith(result + ":")]
        if want or msgs:
            return (want or msgs)[-1]
        return self.line_of(self.pos)

    def line_of(self, pos):
        text = self.serial.text
        ls = text.rfind("\n", 0, pos) + 1
        le = text.find("\n", pos)
        return text[ls:le if le >= 0 else len(text)].strip()


def run_one(run, log_dir, scale, nice, keep_pass_logs=True):
    """Boot one Run; return (status, reason, log path or None, booter)."""
    safe = re.sub(r"[^A-Za-z0-9_.@-]", "_", run.label)
    os.makedirs(log_dir, exist_ok=True)
    log = os.path.join(log_dir, f"boot-{safe}.serial.log")
    failed = os.path.join(log_dir, f"boot-{safe}.FAILED.serial.log")
    for p in (log, failed):
        if os.path.exists(p):
            os.unlink(p)
    b = Booter(run, log, scale, nice)
    try:
        hv_item, mods = b.check_artifacts()
        b.start(hv_item, mods)
        status, reason = b.drive()
    except Outcome as o:
        status, reason = o.status, o.reason
    except KeyboardInterrupt:
        status, reason = "FAIL", "interrupted"
    finally:
        b.stop()
    if b.proc is None:
        return status, reason, None, b
    if status == "FAIL":
        os.replace(log, failed)
        tail = b.serial.tail(3) if b.serial else []
        if tail:
            reason += "; last serial lines: " + " | ".join(tail)
        return status, reason, failed, b
    if not keep_pass_logs:
        os.unlink(log)
        return status, reason, None, b
    return status, reason, log, b


# Debian's Xen 4.17, the reference, has a known fault under QEMU TCG: dom0
# and DomU processes find corrupted memory once domUs run (docs/status.md,
# "Known"). A run of it that failed after such a line is booted once more;
# both verdicts are printed and the first log is kept. Xenolite never
# gets a second try.
REFERENCE_FAULT = re.compile(
    r"traps: \S+\[\d+\] general protection fault|segfault at [0-9a-f]+ ip|"
    r"malloc\(\): .*corrupted|malloc\(\): invalid|"
    r"double free or corruption|"
    r"free\(\): invalid (pointer|size)")


def reference_fault(run, log):
    """The first line of the reference's known fault in a failed log."""
    if run.hv != "xen-4.17" or not log:
        return None
    with open(log, errors="replace") as f:
        for line in f:
            if REFERENCE_FAULT.search(line):
                return line.strip()
    return None


def on_sigterm(signum, frame):
    """Killed (a CI timeout): stop QEMU and clean up as for Ctrl-C."""
    raise KeyboardInterrupt


def shortpath(p):
    rel = os.path.relpath(p)
    return p if rel.startswith("..") else rel


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--log-dir", default=os.path.join(ROOT, "build",
                                                      "test-logs"))
    ap.add_argument("--hv", action="append",
                    help="run only these hypervisors (default: $XENOLITE_HV "
                         "or all the case lists)")
    ap.add_argument("--timeout-scale", type=float,
                    default=float(os.environ.get("XENOLITE_TIMEOUT_SCALE",
                                                 "1")),
                    help="multiply every timeout (slow or busy hosts)")
    ap.add_argument("--nice", type=int, default=10,
                    help="niceness of QEMU (the host is shared)")
    ap.add_argument("--times", action="store_true",
                    help="print when each expected line was seen")
    ap.add_argument("--root", help="look case paths up here, not in the "
                    "source tree")
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, on_sigterm)
    global ART_ROOT
    if args.root:
        ART_ROOT = os.path.abspath(args.root)
    hv_filter = args.hv or os.environ.get("XENOLITE_HV", "").split() or None

    failed = 0
    for case in args.cases:
        try:
            runs = expand(case, hv_filter)
        except (CaseError, OSError) as e:
            print(f"FAIL: {os.path.basename(case)}: bad case file: {e}",
                  flush=True)
            failed += 1
            continue
        for run in runs:
            status, reason, log, b = run_one(run, args.log_dir,
                                             args.timeout_scale, args.nice)
            # Interrupted (Ctrl-C, SIGTERM): no second boot, no next run.
            stop = reason.startswith("interrupted")
            fault = (reference_fault(run, log)
                     if status == "FAIL" and not stop else None)
            if fault:
                kept = log.replace(".FAILED.serial.log",
                                   ".reference-fault.serial.log")
                os.replace(log, kept)
                print(f"  [{run.label}: first boot failed ({reason}) after "
                      f"Xen 4.17's known fault '{fault}'; booting once more; "
                      f"first log: {shortpath(kept)}]", flush=True)
                status, reason, log, b = run_one(run, args.log_dir,
                                                 args.timeout_scale,
                                                 args.nice)
                stop = reason.startswith("interrupted")
            line = f"{status}: {run.label}"
            if reason:
                line += f": {reason}"
            print(line, flush=True)
            if args.times:
                for what, t in b.times:
                    print(f"  [{run.label}: {t:7.1f}s  {what}]", flush=True)
            if b.proc is not None:
                print(f"  [{run.label}: {b.elapsed():.1f}s; serial log: "
                      f"{shortpath(log) if log else '-'}]", flush=True)
            if status == "FAIL":
                failed += 1
                for l in (b.serial.tail(15) if b.serial else []):
                    print("  > " + l, flush=True)
            if stop:
                print("runner: interrupted; the runs after this one were "
                      "not booted", flush=True)
                return 130
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
