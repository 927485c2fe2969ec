#!/usr/bin/env python3
"""Times cold builds of the two sites gen_sites.py wrote, alternating archkb and Hugo, each
under `/usr/bin/time -v` (wall time, user+sys CPU, peak RSS), then one or more `archkb check`
runs (parse, link, render and search index in memory, nothing written) to split build time
into "everything but writing" and "writing". Prints Markdown tables.

Cold means: the output folder is gone before every run, and for Hugo also the site's
resources/ folder and its cache dir (passed with --cacheDir); archkb's no-op check finds no
output to keep, so it builds everything. The sources stay in the OS page cache for both (they
were just written); nothing drops it.

The previous run's output is renamed into `.trash/` beside the outputs, not deleted, and the
trash goes when the benchmark ends (run.sh). On ext4 without a journal (this machine's disk),
the inode allocator skips every inode freed in the last minute or more (`recently_deleted()`
in the kernel's fs/ext4/ialloc.c), scanning from the start of the block group each time, so
creating ~24,000 files and folders right after deleting as many spends seconds in the kernel
(perf: 43% of a 10,000-article build's samples, under ext4_create and ext4_mkdir) and the
system time swung from 1.4 to 8.9 s between identical runs. A user's cold build does not
follow the deletion of the last one; setting the old output aside times the generators, for
both alike.

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
    """Runs cmd under /usr/bin/time -v; returns a dict of wall, user, sys (s), rss (KiB)
    and the stderr."""
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    err = proc.stderr
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err[-4000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", err).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    return {
        "wall": secs,
        "user": float(re.search(r"User time \(seconds\): (\S+)", err).group(1)),
        "sys": float(re.search(r"System time \(seconds\): (\S+)", err).group(1)),
        "rss": int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1)),
        "err": err,
    }


class Trash:
    """Where a run's previous output goes instead of being deleted (see the module doc)."""

    def __init__(self, folder: Path):
        self.dir = folder
        self.count = 0

    def set_aside(self, path: Path):
        if path.exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            self.count += 1
            path.rename(self.dir / f"{self.count}-{path.name}")


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


def search_stats(path: Path):
    """Files and bytes of archkb's search index: everything under a language's search/
    folder but the search page itself."""
    files = size = 0
    for lang_dir in [path, *[d for d in path.iterdir() if d.is_dir()]]:
        search = lang_dir / "search"
        if not search.is_dir():
            continue
        for root, _, names in os.walk(search):
            for name in names:
                if Path(root) == search and name == "index.html":
                    continue
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
    ap.add_argument("--archkb-only", action="store_true",
                    help="time archkb alone (for sizes where Hugo would take too long)")
    ap.add_argument("--out-base", type=Path, default=None,
                    help="where the two output folders go (default: SITES_DIR; e.g. /dev/shm "
                         "to take the file system's file-creation cost out)")
    args = ap.parse_args()
    sites = args.sites.resolve()
    kb_site, hugo_site = sites / "archkb", sites / "hugo"
    out_base = (args.out_base or sites).resolve()
    kb_out, hugo_out = out_base / "out-archkb", out_base / "out-hugo"
    hugo_cache = sites / "hugo-cache"
    kb_cmd = [str(args.archkb), "--root", str(kb_site), "build", "--out", str(kb_out)]

    trash = Trash(out_base / ".trash")

    def run_archkb():
        trash.set_aside(kb_out)
        return timed(kb_cmd)

    def run_hugo():
        for p in (hugo_out, hugo_site / "resources", hugo_cache):
            trash.set_aside(p)
        return timed(["hugo", "--source", str(hugo_site), "--destination", str(hugo_out),
                      "--cacheDir", str(hugo_cache), "--quiet"])

    generators = [("archkb", run_archkb, kb_out)]
    if not args.archkb_only:
        generators.append(("hugo", run_hugo, hugo_out))
    if shutil.which("zola"):
        print("  zola is on PATH, but this benchmark has no Zola site yet: not timed",
              file=sys.stderr)
    results = {name: [] for name, _, _ in generators}
    noop = []
    for r in range(args.runs):
        # Alternate which goes first, so neither always runs right after the other's I/O.
        order = generators if r % 2 == 0 else generators[::-1]
        for name, fn, out in order:
            load = loadavg()
            row = fn()
            row["load"] = load
            row["files"], row["bytes"] = tree_stats(out)
            if name == "archkb":
                row["search_files"], row["search_bytes"] = search_stats(out)
            results[name].append(row)
            print(f"  run {r + 1} {name}: {row['wall']:.2f} s wall, "
                  f"{row['user'] + row['sys']:.2f} s CPU ({row['sys']:.2f} sys), "
                  f"{row['rss'] / 1024:.0f} MiB peak RSS, {row['files']} files "
                  f"(load before: {load:.2f})", file=sys.stderr, flush=True)
            if name == "archkb":
                # The no-op rebuild: the same build again, nothing changed, output in place.
                load = loadavg()
                again = timed(kb_cmd)
                again["load"] = load
                noop.append(again)
                print(f"  run {r + 1} archkb no-op rebuild: {again['wall']:.2f} s wall "
                      f"(load before: {load:.2f})", file=sys.stderr, flush=True)

    checks = []
    for _ in range(args.check_runs):
        load = loadavg()
        row = timed([str(args.archkb), "--root", str(kb_site), "check"])
        row["load"] = load
        checks.append(row)
        print(f"  check: {row['wall']:.2f} s wall, {row['user'] + row['sys']:.2f} s CPU, "
              f"{row['rss'] / 1024:.0f} MiB peak RSS", file=sys.stderr, flush=True)

    print_tables(args, out_base, results, noop, checks)
    if args.out_base:
        for p in (kb_out, hugo_out, trash.dir):
            shutil.rmtree(p, ignore_errors=True)


def cpu(row):
    return row["user"] + row["sys"]


def med(rows, key):
    return statistics.median(key(row) for row in rows)


def print_tables(args, out_base, results, noop, checks):
    label = f" ({args.label})" if args.label else ""
    label += f", output in {out_base}"
    print(f"\n### Cold build{label}\n")
    print("| run | generator | 1-min load before | wall s | user s | sys s | CPU / wall | "
          "peak RSS MiB | files written | MB written |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in range(args.runs):
        for name, rows in results.items():
            row = rows[r]
            print(f"| {r + 1} | {name} | {row['load']:.2f} | {row['wall']:.2f} | "
                  f"{row['user']:.2f} | {row['sys']:.2f} | {cpu(row) / row['wall']:.2f} | "
                  f"{row['rss'] / 1024:.0f} | {row['files']} | {row['bytes'] / 1e6:.1f} |")
    kb = results["archkb"]
    hugo = results.get("hugo")
    measures = [
        ("wall s, median", lambda rows: med(rows, lambda r: r["wall"]), "{:.2f}"),
        ("wall s, min", lambda rows: min(r["wall"] for r in rows), "{:.2f}"),
        ("CPU s (user + sys), median", lambda rows: med(rows, cpu), "{:.2f}"),
        ("sys s, median", lambda rows: med(rows, lambda r: r["sys"]), "{:.2f}"),
        ("CPU / wall, median", lambda rows: med(rows, lambda r: cpu(r) / r["wall"]), "{:.2f}"),
        ("peak RSS MiB, max", lambda rows: max(r["rss"] for r in rows) / 1024, "{:.0f}"),
        ("files written", lambda rows: rows[-1]["files"], "{}"),
        ("MB written", lambda rows: rows[-1]["bytes"] / 1e6, "{:.1f}"),
    ]
    print()
    if hugo:
        print("| measure | archkb | Hugo | archkb / Hugo |")
        print("| --- | ---: | ---: | ---: |")
    else:
        print("| measure | archkb |")
        print("| --- | ---: |")
    for title, fn, fmt in measures:
        a = fn(kb)
        if hugo:
            h = fn(hugo)
            ratio = f"{a / h:.2f}" if h else "-"
            print(f"| {title} | {fmt.format(a)} | {fmt.format(h)} | {ratio} |")
        else:
            print(f"| {title} | {fmt.format(a)} |")
    last = kb[-1]
    print(f"\narchkb's search index: {last['search_files']} files "
          f"({100 * last['search_files'] / last['files']:.0f}% of the files written), "
          f"{last['search_bytes'] / 1e6:.1f} MB ({100 * last['search_bytes'] / last['bytes']:.0f}% "
          f"of the bytes; goal ≤ 25% of each).")
    if hugo:
        pairs = ", ".join(f"{a['wall'] / h['wall']:.2f}" for a, h in zip(kb, hugo))
        print(f"\narchkb / Hugo wall time, run by run: {pairs} (goal ≤ 0.25). "
              f"archkb peak RSS {max(r['rss'] for r in kb) / 1024:.0f} MiB (goal ≤ 1024 MiB).")
    if noop:
        cold = med(kb, lambda r: r["wall"])
        each = ", ".join(f"{r['wall']:.2f} ({r['load']:.1f})" for r in noop)
        print(f"\nNo-op rebuild (the same `archkb build` again, nothing changed): {each} s wall "
              f"(load before); median {med(noop, lambda r: r['wall']):.2f} s = "
              f"{100 * med(noop, lambda r: r['wall']) / cold:.0f}% of the cold median "
              f"(goal ≤ 10%), peak RSS {max(r['rss'] for r in noop) / 1024:.0f} MiB.")
    if checks:
        kb_min = min(r["wall"] for r in kb)
        cw = min(r["wall"] for r in checks)
        files = kb[-1]["files"]
        write = (f"writing the {files} files takes about {kb_min - cw:.2f} s of the fastest "
                 f"{kb_min:.2f} s build" if kb_min >= cw else
                 "within noise here (the fastest check was no faster than the fastest build)")
        each_check = ", ".join(f"{r['wall']:.2f} ({r['load']:.1f})" for r in checks)
        print(f"\n`archkb check` (load, parse, highlight, link, render pages and search index in "
              f"memory, plus check's link and translation warnings; writes nothing): "
              f"{each_check} s wall, "
              f"median CPU {med(checks, cpu):.2f} s, peak RSS "
              f"{max(r['rss'] for r in checks) / 1024:.0f} MiB. Fastest build minus fastest "
              f"check: {write}.")


if __name__ == "__main__":
    main()
