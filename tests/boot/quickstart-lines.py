#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Host check (make unit-test): the quick-start boot cases type the README's
quick-start lines, in the README's order. The lines are those of the sh code
blocks under README.md's "## Quick start" heading; each must be a `type`
step of tests/boot/cases/quickstart.case, in order (the case may type more,
for its own checks, in between). The Debian paragraph's `xl create` line
must be typed by tests/boot/quickstart/debian.case. Prints PASS:/FAIL:.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def readme_lines():
    text = open(os.path.join(ROOT, "README.md")).read()
    m = re.search(r"^## Quick start.*?$(.*?)^## ", text, re.S | re.M)
    if not m:
        return None, None
    section = m.group(1)
    lines = []
    for block in re.findall(r"^```sh\n(.*?)^```", section, re.S | re.M):
        lines += [l.strip() for l in block.splitlines() if l.strip()]
    debian = re.findall(r"`(xl create -c /etc/xen/debian\.cfg)`", section)
    return lines, debian


def typed(case):
    out = []
    for line in open(os.path.join(ROOT, case)):
        m = re.match(r"^type\s*=\s?(.*)$", line.rstrip("\n"))
        if m:
            out.append(m.group(1).strip())
    return out


def subsequence(want, have):
    """The first line of `want` not found in order in `have`, or None."""
    it = iter(have)
    for w in want:
        if not any(w == h for h in it):
            return w
    return None


def main():
    failed = 0
    lines, debian = readme_lines()
    checks = [
        ("readme-has-quick-start", bool(lines),
         "no sh block under '## Quick start' in README.md"),
    ]
    if lines:
        miss = subsequence(lines, typed("tests/boot/cases/quickstart.case"))
        checks.append(("busybox-lines-typed", miss is None,
                       f"README line '{miss}' is not typed (in order) by "
                       "tests/boot/cases/quickstart.case"))
        miss = subsequence(debian or ["(missing)"],
                           typed("tests/boot/quickstart/debian.case"))
        checks.append(("debian-line-typed", miss is None,
                       f"README's '{miss}' is not typed by "
                       "tests/boot/quickstart/debian.case"))
    for name, ok, why in checks:
        if ok:
            print(f"PASS: quickstart-lines/{name}")
        else:
            print(f"FAIL: quickstart-lines/{name}: {why}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
