#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host check (make unit-test): the quick-start boot cases type the quick
start's lines, in the documents' order. Two documents: README.md's
"## Quick start" section and docs/quickstart.md up to "## Where next".
In each, the steps are the lines of the sh code blocks (a trailing
"# comment" dropped, `make ...` lines skipped: the host types those) and
the login of a sentence "log in as `USER`, password `PW`" (USER, then PW).
Steps before the first one naming /etc/xen/debian.cfg are the busybox
quick start: each must be a `type` step of tests/boot/cases/quickstart.case,
in order (the case may type more, for its own checks, in between). The
rest are the Debian guest's: typed in order by
tests/boot/quickstart/debian.case, and each line of a plain code block
there (what the document says the console prints) must contain one of that
case's `expect` strings. Prints PASS:/FAIL:.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUSYBOX_CASE = "tests/boot/cases/quickstart.case"
DEBIAN_CASE = "tests/boot/quickstart/debian.case"
DOCS = [
    # (name in PASS/FAIL lines, file, start of the region, its end)
    ("readme", "README.md", r"^## Quick start", r"^## "),
    ("docs", "docs/quickstart.md", r"\A", r"^## Where next"),
]
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
LOGIN = re.compile(r"[Ll]og in as `([^`]+)`,?\s+(?:with\s+)?password\s+"
                   r"`([^`]+)`")


def region(path, start, end):
    """The text of `path` from the line matching `start` up to the next
    line matching `end` (or the end of the file); None when absent."""
    text = open(os.path.join(ROOT, path)).read()
    m = re.search(start, text, re.M)
    if not m:
        return None
    rest = text[m.end():]
    e = re.search(end, rest, re.M)
    return rest[:e.start()] if e else rest


def steps(text):
    """[(position, kind, line)]: kind "sh" (a typed line), "login" (a
    user name or password) or "out" (a line the console prints)."""
    items = []
    for m in BLOCK.finditer(text):
        for line in m.group(2).splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            if not line:
                continue
            if m.group(1) == "sh":
                if not line.startswith("make "):
                    items.append((m.start(), "sh", line))
            elif m.group(1) == "":
                items.append((m.start(), "out", line))
    for m in LOGIN.finditer(text):
        items.append((m.start(), "login", m.group(1)))
        items.append((m.start(), "login", m.group(2)))
    items.sort(key=lambda i: i[0])
    return items


def split_debian(items):
    """(busybox steps, Debian steps): split at the first typed line naming
    /etc/xen/debian.cfg."""
    for n, (_, kind, line) in enumerate(items):
        if kind == "sh" and "/etc/xen/debian.cfg" in line:
            return items[:n], items[n:]
    return items, []


def case_steps(case, key):
    """The values of the `key` lines of a case file, in order (quotes
    around an expect string dropped)."""
    out = []
    for line in open(os.path.join(ROOT, case)):
        m = re.match(r"^" + key + r"(?:\s+\d+)?\s*=\s?(.*)$",
                     line.rstrip("\n"))
        if m:
            v = m.group(1).strip()
            if len(v) >= 2 and v[0] == v[-1] == '"':
                v = v[1:-1].strip()
            out.append(v)
    return out


def subsequence(want, have):
    """The first line of `want` not found in order in `have`, or None."""
    it = iter(have)
    for w in want:
        if not any(w == h for h in it):
            return w
    return None


def check_doc(name, path, start, end):
    checks = []
    text = region(path, start, end)
    if text is None:
        return [(f"{name}-has-quick-start", False,
                 f"no '{start}' region in {path}")]
    busybox, debian = split_debian(steps(text))
    typed = [l for _, k, l in busybox if k in ("sh", "login")]
    checks.append((f"{name}-has-quick-start", bool(typed),
                   f"no sh code block in the quick start of {path}"))
    miss = subsequence(typed, case_steps(BUSYBOX_CASE, "type"))
    checks.append((f"{name}-busybox-lines-typed", miss is None,
                   f"{path}: '{miss}' is not typed (in order) by "
                   f"{BUSYBOX_CASE}"))
    typed = [l for _, k, l in debian if k in ("sh", "login")]
    miss = subsequence(typed or ["xl create -c /etc/xen/debian.cfg"],
                       case_steps(DEBIAN_CASE, "type"))
    checks.append((f"{name}-debian-lines-typed", miss is None,
                   f"{path}: '{miss}' is not typed (in order) by "
                   f"{DEBIAN_CASE}"))
    expects = [e for e in case_steps(DEBIAN_CASE, "expect") if e]
    unseen = [l for _, k, l in debian
              if k == "out" and not any(e in l for e in expects)]
    checks.append((f"{name}-debian-output-expected", not unseen,
                   f"{path}: the Debian console line '{unseen[0]}' "
                   f"contains no expect string of {DEBIAN_CASE}"
                   if unseen else ""))
    return checks


def main():
    failed = 0
    checks = []
    for doc in DOCS:
        checks += check_doc(*doc)
    for name, ok, why in checks:
        if ok:
            print(f"PASS: quickstart-lines/{name}")
        else:
            print(f"FAIL: quickstart-lines/{name}: {why}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
