#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The end of `make bench`: merges build/bench/*.json (written by the bench
scripts through benchlib.py) into one table, lists every failed
measurement, and draws the figures with gnuplot as SVG under build/bench/:
boot-phases.svg (the dom0 boot by phase, per hypervisor) and, for each
data series a script recorded, <series>.svg (e.g. a scaling curve).
Exits 1 if any script recorded a failed measurement or if no results are
there at all; a missing gnuplot is an error naming the package.
"""
import glob
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def load(out):
    docs = []
    for path in sorted(glob.glob(os.path.join(out, "*.json"))):
        if os.path.basename(path) == "report.json":
            continue
        try:
            with open(path) as f:
                docs.append(json.load(f))
        except (OSError, ValueError) as e:
            raise SystemExit(f"report: cannot read '{path}': {e}")
    return docs


def gnuplot(script, what):
    exe = shutil.which("gnuplot")
    if not exe:
        print(f"report: no {what}: gnuplot is missing "
              "(apt-get install gnuplot-nox)")
        return False
    r = subprocess.run([exe], input=script, text=True, capture_output=True)
    if r.returncode:
        print(f"report: gnuplot failed for {what}: {r.stderr.strip()}")
        return False
    return True


def quote(s):
    return '"' + s.replace('"', "'") + '"'


def draw_phases(out, docs):
    """Stacked bars: one per hypervisor, one segment per boot phase."""
    phases = {}
    for d in docs:
        phases.update(d.get("phases", {}))
    if not phases:
        return None
    hvs = [hv for hv in benchlib.HVS if hv in phases]
    names = [n for n, _ in phases[hvs[0]]]
    dat = os.path.join(out, "boot-phases.dat")
    with open(dat, "w") as f:
        f.write("hv " + " ".join(quote(n) for n in names) + "\n")
        for hv in hvs:
            f.write(quote(benchlib.HV_TITLE[hv]) + " " +
                    " ".join(f"{s:.3f}" for _, s in phases[hv]) + "\n")
    svg = os.path.join(out, "boot-phases.svg")
    cols = ", ".join(f"'' using {i + 2}{':xtic(1)' if i == 0 else ''} "
                     f"title columnhead" for i in range(len(names)))
    script = f"""set terminal svg size 640,420 dynamic
set output {quote(svg)}
set title "dom0 boot by phase (QEMU TCG, median of the runs)"
set ylabel "seconds from QEMU start"
set style data histograms
set style histogram rowstacked
set style fill solid 0.8 border -1
set boxwidth 0.5
set key outside right top
set yrange [0:*]
plot {quote(dat)} {cols[3:]}
"""
    return svg if gnuplot(script, "boot-phases.svg") else None


def draw_series(out, name, s):
    """One line per hypervisor through its (x, y) points."""
    dat = os.path.join(out, f"{name}.dat")
    plots = []
    with open(dat, "w") as f:
        for i, (hv, pts) in enumerate(sorted(s["points"].items())):
            f.write(f"# {hv}\n")
            for x, y in pts:
                f.write(f"{x} {y}\n")
            f.write("\n\n")
            plots.append(f"{quote(dat)} index {i} with linespoints "
                         f"title {quote(benchlib.HV_TITLE.get(hv, hv))}")
    svg = os.path.join(out, f"{name}.svg")
    script = f"""set terminal svg size 640,420 dynamic
set output {quote(svg)}
set title {quote(name)}
set xlabel {quote(s["x"])}
set ylabel {quote(s["y"])}
set yrange [0:*]
set key left top
plot {", ".join(plots)}
"""
    return svg if gnuplot(script, f"{name}.svg") else None


def main():
    out = benchlib.out_dir()
    docs = load(out)
    if not docs:
        print(f"report: no results in {out} (run `make bench`)")
        return 1
    rows, failures = [], []
    for d in docs:
        for r in d["rows"]:
            rows.append(dict(r, metric=f"{d['name']}: {r['metric']}"))
        failures += [f"{d['name']}: {f}" for f in d.get("failures", [])]
    load_avg = max(d.get("loadavg", [0])[0] for d in docs)
    print()
    for line in benchlib.table_lines(
            rows, f"make bench: all results (host load average up to "
                  f"{load_avg:.1f}; ratio = Xenolite / Xen 4.17)"):
        print(line)
    for d in docs:
        for n in d.get("notes", []):
            print(f"note: {d['name']}: {n}")
    figures = [draw_phases(out, docs)]
    for d in docs:
        for name, s in d.get("series", {}).items():
            figures.append(draw_series(out, name, s))
    for svg in filter(None, figures):
        print(f"figure: {benchlib.runner.shortpath(svg)}")
    with open(os.path.join(out, "report.json"), "w") as f:
        json.dump({"rows": rows, "failures": failures}, f, indent=1)
    for f in failures:
        print(f"FAILED: {f}")
    missed = sum(1 for r in rows if r.get("met") is False)
    print(f"make bench: {len(rows)} figures, {missed} goals not met, "
          f"{len(failures)} failed measurements")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
