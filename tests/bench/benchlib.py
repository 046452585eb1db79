# SPDX-License-Identifier: GPL-2.0-only
"""What every `make bench` script shares (docs/performance.md): progress
lines, booting a case through the boot runner, reading `BENCH:` lines from
a serial log, the rows of the one table

    metric | Xenolite | Xen 4.17 | ratio | goal | met?

and build/bench/<name>.json with the same rows (tests/bench/report.py
merges them). A measurement that failed (a selected hypervisor whose run
failed or gave no figures) makes finish() return 1, so `make bench` stops
with an error instead of printing an empty row and exiting 0.

    b = Bench("xl", "xl create and destroy")
    status, log, booter = b.boot(run)       # None log: failed, recorded
    b.row("xl create -> init", "s", {"xenolite": 3.1, "xen-4.17": 4.0},
          goal=("ratio", "<=", 1.0))
    sys.exit(b.finish())
"""
import json
import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "boot"))
import runner  # noqa: E402

HVS = ("xenolite", "xen-4.17")
HV_TITLE = {"xenolite": "Xenolite", "xen-4.17": "Xen 4.17"}
OPS = {"<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b,
       "<": lambda a, b: a < b, ">": lambda a, b: a > b}
COLUMNS = ("metric", "Xenolite", "Xen 4.17", "ratio", "goal", "met?")


def out_dir():
    return os.path.join(runner.ART_ROOT, "build", "bench")


def log_dir():
    return os.path.join(runner.ART_ROOT, "build", "test-logs", "bench")


def env_int(name, default):
    """A run count from the environment; a bad value is an error naming it."""
    v = os.environ.get(name, "")
    if not v:
        return default
    if not re.fullmatch(r"[0-9]+", v):
        raise SystemExit(f"bench: {name}='{v}' is not a number")
    return int(v)


def case_with_args(case, send, words):
    """A copy of CASE (in log_dir()) whose line starting with `send` ends in
    WORDS instead of the arguments written there."""
    with open(case) as f:
        text = f.read()
    line = send + " ".join(str(w) for w in words)
    text, n = re.subn("^" + re.escape(send) + ".*$", lambda _: line, text,
                      flags=re.M)
    if n != 1:
        raise SystemExit(f"bench: {case}: no '{send.strip()}' line")
    os.makedirs(log_dir(), exist_ok=True)
    path = os.path.join(log_dir(), os.path.basename(case))
    with open(path, "w") as f:
        f.write(text)
    return path


def given_logs(args):
    """{hv: log text} from --log HV=PATH arguments (serial logs kept from
    earlier runs, tabulated instead of booting)."""
    logs = {}
    for item in args:
        hv, _, path = item.partition("=")
        if hv not in HVS or not path:
            raise SystemExit(f"bench: --log '{item}': want HV=PATH, HV one "
                             f"of {', '.join(HVS)}")
        try:
            with open(path, errors="replace") as f:
                logs[hv] = f.read()
        except OSError as e:
            raise SystemExit(f"bench: --log {hv}: cannot read '{path}': {e}")
    return logs


def median(values):
    return statistics.median(values) if values else None


def bench_lines(text, pattern, prefix="BENCH: "):
    """The groups of every `<prefix><pattern>` line of a serial log."""
    return re.findall("^" + re.escape(prefix) + pattern, text, re.M)


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    a = abs(v)
    return f"{v:.0f}" if a >= 100 else f"{v:.1f}" if a >= 10 else f"{v:.2f}"


def goal_text(goal):
    if not goal:
        return "-"
    on, op, val = goal
    return f"{'ratio' if on == 'ratio' else HV_TITLE.get(on, on)} {op} {fmt(val)}"


def evaluate(row):
    """Fill ratio and met? of a row (dict) from its values and goal."""
    x, y = row.get("xenolite"), row.get("xen-4.17")
    row["ratio"] = x / y if x is not None and y else None
    goal, row["met"] = row.get("goal"), None
    if goal:
        on, op, val = goal
        have = row["ratio"] if on == "ratio" else row.get(on)
        if have is not None:
            row["met"] = OPS[op](have, val)
    return row


def table_lines(rows, title=None):
    """The table as text lines, columns padded to fit."""
    cells = [COLUMNS]
    for r in rows:
        label = r["metric"] + (f" ({r['unit']})" if r.get("unit") else "")
        met = {True: "yes", False: "NO", None: "-"}[r.get("met")]
        cells.append((label, fmt(r.get("xenolite")), fmt(r.get("xen-4.17")),
                      fmt(r.get("ratio")), goal_text(r.get("goal")), met))
    width = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    lines = [title] if title else []
    for n, c in enumerate(cells):
        lines.append(" | ".join(s.ljust(w) if i == 0 else s.rjust(w)
                                for i, (s, w) in enumerate(zip(c, width))))
        if n == 0:
            lines.append("-+-".join("-" * w for w in width))
    return lines


class Bench:
    """One benchmark script's rows, failures and output files."""

    def __init__(self, name, title):
        self.name, self.title = name, title
        self.rows, self.failures, self.notes = [], [], []
        self.series, self.phases = {}, {}
        self.started = time.time()
        self.progress(title)

    def progress(self, msg):
        print(f"bench[{self.name}]: {msg}", flush=True)

    def fail(self, what, reason):
        """A measurement that should have given a figure did not."""
        self.failures.append(f"{what}: {reason}")
        self.progress(f"FAILED {what}: {reason}")

    def note(self, text):
        self.notes.append(text)
        self.progress(text)

    def boot(self, run, keep_pass_logs=True):
        """Boot one runner.Run. Returns (log text, "" if not kept, or None
        when it did not pass; booter); a deselected run is only reported,
        a run that did not pass is a failed measurement."""
        if getattr(run, "deselected", None):
            self.progress(f"{run.label}: not run ({run.deselected})")
            return None, None
        self.progress(f"{run.label}: booting ...")
        t0 = time.time()
        status, reason, log, b = runner.run_one(run, log_dir(), 1.0, 10,
                                                keep_pass_logs=keep_pass_logs)
        if status != "PASS":
            where = f" (log: {runner.shortpath(log)})" if log else ""
            self.fail(run.label, f"{status} {reason}{where}")
            return None, b
        self.progress(f"{run.label}: done in {time.time() - t0:.0f} s")
        if not log:
            return "", b                # passed, log not kept
        with open(log, errors="replace") as f:
            return f.read(), b

    def row(self, metric, unit, values, goal=None):
        """values: {hv: number or None}; goal: (on, op, value), on being
        "ratio" (Xenolite / Xen 4.17) or a hypervisor's own value."""
        r = {"metric": metric, "unit": unit, "goal": list(goal) if goal else None}
        for hv in HVS:
            r[hv] = values.get(hv)
        self.rows.append(evaluate(r))

    def add_series(self, name, xlabel, ylabel, points):
        """A figure's data: points {hv: [(x, y), ...]} (report.py draws it)."""
        self.series[name] = {"x": xlabel, "y": ylabel, "points": points}

    def add_phases(self, hv, phases):
        """Boot phases of one hypervisor: [(phase, seconds), ...]."""
        self.phases[hv] = phases

    def finish(self):
        """Print the table, write the JSON; 1 if a measurement failed."""
        for line in table_lines(self.rows, f"bench[{self.name}]: {self.title}"):
            print(line)
        for f in self.failures:
            print(f"bench[{self.name}]: FAILED {f}")
        os.makedirs(out_dir(), exist_ok=True)
        path = os.path.join(out_dir(), f"{self.name}.json")
        doc = {"name": self.name, "title": self.title, "rows": self.rows,
               "failures": self.failures, "notes": self.notes,
               "series": self.series, "phases": self.phases,
               "started": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                        time.gmtime(self.started)),
               "seconds": round(time.time() - self.started, 1),
               "loadavg": list(os.getloadavg())}
        with open(path + ".tmp", "w") as f:
            json.dump(doc, f, indent=1)
        os.replace(path + ".tmp", path)
        self.progress(f"wrote {runner.shortpath(path)}")
        return 1 if self.failures else 0
