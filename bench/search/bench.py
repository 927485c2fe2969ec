#!/usr/bin/env python3
"""archkb search benchmark: generates sites of N pages (gen_site.py), builds each with the
release binary, and reports the search index's size, shard count, the bytes a one-word and
a two-word query fetch (the real client, fetched.mjs) and the indexing time, side by side
with Pagefind run on the same built HTML. Writes RESULTS.md beside this file.

Indexing time is measured in-process by the `search_bench` example (the search step
alone: tokenize, index, shard, serialise; best of --runs). Pagefind's bytes per query are
estimated from its files (see RESULTS.md).

usage: cargo build --release --bin archkb --example search_bench
       bench.py [--bin target/release/archkb] [--index-bin target/release/examples/search_bench]
                [--pagefind-dir DIR] [--sizes 1000 10000] [--runs 2] [--work /tmp/archkb-bench]
"""
import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
QUERIES = ["transformer", "mixed precision"]
JS = REPO / "themes/default/static/search.js"
JS_RAW = JS.stat().st_size
JS_MIN_GZ = None  # set by --js-min-gz (measured with terser + gzip -9)


def timed(cmd, **kw):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    return time.perf_counter() - t0


def build(binary, site, out, runs):
    best = None
    for _ in range(runs):
        if out.exists():
            shutil.rmtree(out)
        t = timed([str(binary), "--root", str(site), "build", "--out", str(out)])
        best = t if best is None else min(best, t)
    return best


def dir_size(path, pred=lambda p: True):
    files = [p for p in Path(path).rglob("*") if p.is_file() and pred(p)]
    return sum(p.stat().st_size for p in files), len(files)


def ours(out):
    total_json, n_json = dir_size(out / "search", lambda p: p.name.endswith(".json.gz"))
    total_all, n_all = dir_size(out / "search")
    zh_all, _ = dir_size(out / "zh" / "search")
    shards = sorted((p.stat().st_size for p in (out / "search").glob("s-*.json.gz")), reverse=True)
    meta = (out / "search" / "meta.json.gz").stat().st_size
    fetched = json.loads(subprocess.run(
        ["node", str(HERE / "fetched.mjs"), str(out), "/search/", *QUERIES],
        check=True, capture_output=True, text=True).stdout)
    return {
        "index_json": total_json, "index_all": total_all + zh_all, "files_json": n_json,
        "shards": len(shards), "largest_shard": shards[0], "meta": meta, "fetched": fetched,
    }


def pagefind(pf_dir, out):
    shutil.rmtree(out / "pagefind", ignore_errors=True)
    t = timed(["npx", "pagefind", "--site", str(out)], cwd=pf_dir)
    pf = out / "pagefind"
    total, nfiles = dir_size(pf)
    chunks = [p.stat().st_size for p in (pf / "index").glob("en*.pf_index")]
    frags = [p.stat().st_size for p in (pf / "fragment").glob("en*.pf_fragment")]
    metas = [p.stat().st_size for p in pf.glob("pagefind.en*.pf_meta")]
    wasm = [p.stat().st_size for p in pf.glob("wasm.en*.pagefind")] or \
           [p.stat().st_size for p in pf.glob("wasm.unknown.pagefind")]
    js = (pf / "pagefind.js").stat().st_size
    entry = (pf / "pagefind-entry.json").stat().st_size
    avg_chunk = sum(chunks) / len(chunks)
    avg_frag = sum(frags) / len(frags)
    base = js + entry + (wasm[0] if wasm else 0) + (metas[0] if metas else 0)
    est = {q: round(base + len(q.split()) * avg_chunk + 10 * avg_frag) for q in QUERIES}
    return {"time": t, "total": total, "files": nfiles, "chunks": len(chunks),
            "avg_chunk": avg_chunk, "max_chunk": max(chunks), "avg_frag": avg_frag,
            "base": base, "js": js, "wasm": wasm[0] if wasm else 0,
            "meta": metas[0] if metas else 0, "est": est}


def kb(n):
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"load average {load} at the end of the run; {os.cpu_count()} CPUs (nproc {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}), {cpu}, {platform.system()} {platform.release()}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", type=Path, default=REPO / "target/release/archkb")
    ap.add_argument("--index-bin", type=Path, default=REPO / "target/release/examples/search_bench")
    ap.add_argument("--pagefind-dir", type=Path, help="a folder where `npm install pagefind` ran")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--js-min-gz", type=int, help="min+gzip size of search.js, for the table")
    ap.add_argument("--work", type=Path, default=Path("/tmp/archkb-bench"))
    args = ap.parse_args()
    global JS_MIN_GZ
    JS_MIN_GZ = args.js_min_gz
    rows = []
    for n in args.sizes:
        site = args.work / f"site-{n}"
        out = args.work / f"out-{n}"
        subprocess.run([sys.executable, str(HERE / "gen_site.py"), str(REPO), str(site), str(n)], check=True)
        runs = args.runs if n <= 1000 else 1
        row = {"n": n, "pages": sum(1 for _ in (site / "content").rglob("*.md"))}
        row["build"] = build(args.bin, site, out, runs)
        row["index"] = json.loads(subprocess.run(
            [str(args.index_bin), str(site), str(args.runs)],
            check=True, capture_output=True, text=True).stdout)
        row["ours"] = ours(out)
        if args.pagefind_dir:
            row["pf"] = pagefind(args.pagefind_dir, out)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    write(rows, args)


def write(rows, args):
    L = []
    L.append("# Search benchmark: archkb vs Pagefind\n")
    L.append(f"Machine: {machine()}. Generated by `bench/search/bench.py` on {time.strftime('%Y-%m-%d')}.\n")
    L.append("Sites: the bundled site (74 pages in en and zh) plus N generated English articles "
             "(`gen_site.py`: ~600 words each, sampled from the bundled articles' word frequencies). "
             "archkb and Pagefind index the same built HTML output. Queries: one-word "
             f"`{QUERIES[0]}`, two-word `{QUERIES[1]}` (English index). Bytes are cold (nothing cached) "
             "and include the fragments of the first 10 results.\n")
    L.append("| | " + " | ".join(f"{r['n']:,} generated ({r['pages']:,} .md)" for r in rows) + " |")
    L.append("|---|" + "---|" * len(rows))

    def line(label, f):
        L.append(f"| {label} | " + " | ".join(f(r) for r in rows) + " |")

    line("archkb build, total (release)", lambda r: f"{r['build']:.2f} s")
    line("**archkb indexing time** (search step alone, en+zh)", lambda r: f"**{r['index']['search_s']:.2f} s**")
    line("archkb index size, en, .json.gz only", lambda r: kb(r["ours"]["index_json"]))
    line("archkb index size, en+zh, with .js twins", lambda r: kb(r["ours"]["index_all"]))
    line("archkb shards (en) / largest", lambda r: f"{r['ours']['shards']} / {kb(r['ours']['largest_shard'])}")
    line("archkb meta file (en)", lambda r: kb(r["ours"]["meta"]))
    line("archkb client `search.js` (as shipped / min+gzip)", lambda r: f"{kb(JS_RAW)} / {kb(JS_MIN_GZ)}" if JS_MIN_GZ else kb(JS_RAW))
    for q in QUERIES:
        line(f"archkb fetched: `{q}` (as fetched / inflated)", lambda r, q=q: "{} / {} ({} shards, {} fragments)".format(
            kb(r["ours"]["fetched"][q]["bytes"]), kb(r["ours"]["fetched"][q]["inflated"]),
            r["ours"]["fetched"][q]["shards"], r["ours"]["fetched"][q]["fragments"]))
    line("archkb results: " + " / ".join(f"`{q}`" for q in QUERIES),
         lambda r: " / ".join(str(r["ours"]["fetched"][q]["results"]) for q in QUERIES))
    if all("pf" in r for r in rows):
        line("Pagefind indexing time (`npx pagefind --site`)", lambda r: f"{r['pf']['time']:.2f} s")
        line("Pagefind bundle size (all files)", lambda r: f"{kb(r['pf']['total'])} in {r['pf']['files']:,} files")
        line("Pagefind en index chunks / avg / largest", lambda r: f"{r['pf']['chunks']} / {kb(r['pf']['avg_chunk'])} / {kb(r['pf']['max_chunk'])}")
        line("Pagefind fixed cost (js + wasm + entry + meta)", lambda r: kb(r["pf"]["base"]))
        for q in QUERIES:
            line(f"Pagefind fetched (estimate): `{q}`", lambda r, q=q: kb(r["pf"]["est"][q]))
    L.append("")
    L.append("How the numbers are taken:\n")
    L.append("- archkb's bytes come from running the real client (`fetched.mjs`, which loads "
             "`themes/default/static/search.js`) on the built files and summing the `.json.gz` files it reads: "
             "the meta file, the shards holding the query's terms (and, for the last term, typed as a prefix, "
             "the shards of its completions), glossary synonyms' shards, and 10 fragments. The files are "
             "gzip-compressed on disk, so these are the bytes a browser fetches; \"inflated\" is the JSON they hold.")
    L.append("- Pagefind's bytes are an estimate from its output files (already compressed): `pagefind.js` + "
             "`pagefind-entry.json` + the English `wasm.*.pagefind` + the English `.pf_meta`, plus one average "
             "English `.pf_index` chunk per query word, plus 10 average `.pf_fragment` files. Pagefind may "
             "need fewer chunks (two words in one chunk) or more (prefix matching across chunks).")
    L.append("- archkb's index size counts every file under `search/` (`.json.gz` + `.js`); the `.js` twins exist "
             "only for `file://` and double the disk size, never the bytes fetched.")
    L.append("- Indexing time is the search step alone (`examples/search_bench.rs`: `search::files` on the "
             f"loaded site, both languages), best of {args.runs} runs; the build time above includes it. "
             "Pagefind's time is its whole CLI run (reading the HTML back, indexing, writing). The machine "
             "is shared, so times carry noise; sizes and bytes are exact and deterministic.")
    L.append("- archkb's numbers exclude the client script (loaded on every page); add it once for a "
             "cold first search. Pagefind's fixed cost includes its script and WebAssembly.")
    (HERE / "RESULTS.md").write_text("\n".join(L) + "\n", encoding="utf-8")
    print("\n".join(L))


if __name__ == "__main__":
    main()
