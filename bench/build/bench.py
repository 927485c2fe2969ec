#!/usr/bin/env python3
"""Times cold builds of the two sites gen_sites.py wrote, alternating archkb and Hugo, each
under `/usr/bin/time -v` (wall time, user+sys CPU, peak RSS), then one or more `archkb check`
runs (parse, link, render and search index in memory, nothing written) to split build time
into "everything but writing" and "writing". Prints Markdown tables.

Cold means: the output folder is removed before every run, and for Hugo also the site's
resources/ folder and its cache dir (passed with --cacheDir); archkb keeps no cache. The
sources stay in the OS page cache for both (they were just written); nothing drops it.

usage: bench.py ARCHKB_BIN SITES_DIR [--runs R] [--check-runs C] [--label TEXT] [--out-base DIR]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path


def timed(cmd):
    """Runs cmd under /usr/bin/time -v; returns (wall s, cpu s, peak RSS KiB, stderr)."""
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    err = proc.stderr
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err[-4000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", err).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    user = float(re.search(r"User time \(seconds\): (\S+)", err).group(1))
    system = float(re.search(r"System time \(seconds\): (\S+)", err).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    return secs, user + system, rss, err


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def tree_stats(path: Path):
    files = size = 0
    for root, _, names in os.walk(path):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(root, name))
    return files, size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("archkb", type=Path)
    ap.add_argument("sites", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--check-runs", type=int, default=1)
    ap.add_argument("--label", default="")
    ap.add_argument("--out-base", type=Path, default=None,
                    help="where the two output folders go (default: SITES_DIR; e.g. /dev/shm "
                         "to take the file system's file-creation cost out)")
    args = ap.parse_args()
    sites = args.sites.resolve()
    kb_site, hugo_site = sites / "archkb", sites / "hugo"
    out_base = (args.out_base or sites).resolve()
    kb_out, hugo_out = out_base / "out-archkb", out_base / "out-hugo"
    hugo_cache = sites / "hugo-cache"

    def run_archkb():
        shutil.rmtree(kb_out, ignore_errors=True)
        return timed([str(args.archkb), "--root", str(kb_site), "build", "--out", str(kb_out)])

    def run_hugo():
        for p in (hugo_out, hugo_site / "resources", hugo_cache):
            shutil.rmtree(p, ignore_errors=True)
        return timed(["hugo", "--source", str(hugo_site), "--destination", str(hugo_out),
                      "--cacheDir", str(hugo_cache), "--quiet"])

    results = {"archkb": [], "hugo": []}
    for r in range(args.runs):
        # Alternate which goes first, so neither always runs right after the other's I/O.
        order = [("archkb", run_archkb), ("hugo", run_hugo)]
        if r % 2:
            order.reverse()
        for name, fn in order:
            load = loadavg()
            wall, cpu, rss, err = fn()
            results[name].append((wall, cpu, rss, load))
            print(f"  run {r + 1} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
                  f"{rss / 1024:.0f} MiB peak RSS (load before: {load:.2f})",
                  file=sys.stderr, flush=True)
            if name == "archkb":
                line = [l for l in err.splitlines() if l.startswith("built ")]
                if line:
                    print(f"    archkb says: {line[-1]}", file=sys.stderr, flush=True)

    checks = []
    for _ in range(args.check_runs):
        load = loadavg()
        wall, cpu, rss, _ = timed([str(args.archkb), "--root", str(kb_site), "check"])
        checks.append((wall, cpu, rss, load))
        print(f"  check: {wall:.2f} s wall, {cpu:.2f} s CPU, {rss / 1024:.0f} MiB peak RSS",
              file=sys.stderr, flush=True)

    kb_files, kb_bytes = tree_stats(kb_out)
    hugo_files, hugo_bytes = tree_stats(hugo_out)
    stats = {"archkb": (kb_files, kb_bytes), "hugo": (hugo_files, hugo_bytes)}

    def med(rows, i):
        return statistics.median(row[i] for row in rows)

    label = f" ({args.label})" if args.label else ""
    label += f", output in {out_base}"
    print(f"\n### Cold build{label}\n")
    print("| generator | wall s, each run (1-min load avg before it) | median wall s | min wall s | "
          "median CPU s (user+sys) | median peak RSS MiB | max peak RSS MiB | output files | output MiB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in ("archkb", "hugo"):
        rows = results[name]
        files, size = stats[name]
        each = ", ".join(f"{w:.2f} ({l:.1f})" for w, _, _, l in rows)
        print(f"| {name} | {each} | {med(rows, 0):.2f} | {min(r[0] for r in rows):.2f} | "
              f"{med(rows, 1):.2f} | {med(rows, 2) / 1024:.0f} | "
              f"{max(r[2] for r in rows) / 1024:.0f} | {files} | {size / 2**20:.1f} |")
    kb, hu = results["archkb"], results["hugo"]
    print(f"\nHugo / archkb: median wall **{med(hu, 0) / med(kb, 0):.2f}×**, min wall "
          f"{min(r[0] for r in hu) / min(r[0] for r in kb):.2f}×, median CPU "
          f"{med(hu, 1) / med(kb, 1):.2f}× (bar: ≥ 4× wall). archkb peak RSS "
          f"{max(r[2] for r in kb) / 1024:.0f} MiB (bar: < 1024 MiB).")
    if checks:
        kb_min = min(r[0] for r in kb)
        cw = min(r[0] for r in checks)
        write = (f"writing the {kb_files} files takes about {kb_min - cw:.2f} s of the fastest "
                 f"{kb_min:.2f} s build" if kb_min >= cw else
                 "within noise here (the fastest check was no faster than the fastest build)")
        print(f"\n`archkb check` (load, parse, highlight, link, render pages and search index in "
              f"memory, plus check's link and translation warnings; writes nothing): "
              f"{', '.join(f'{r[0]:.2f} ({r[3]:.1f})' for r in checks)} s wall, median CPU "
              f"{med(checks, 1):.2f} s, peak RSS {max(r[2] for r in checks) / 1024:.0f} MiB. "
              f"Fastest build minus fastest check: {write}.")
    if args.out_base:
        shutil.rmtree(kb_out, ignore_errors=True)
        shutil.rmtree(hugo_out, ignore_errors=True)


if __name__ == "__main__":
    main()
