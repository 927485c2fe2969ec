#!/usr/bin/env python3
"""Edit-to-served latency of `archkb serve` for each kind of source edit, on the archkb site
gen_sites.py wrote: an article body, an architecture YAML file, the decision graph, a bench
file and a template. For each kind it saves an edit that puts a fresh marker into that page's
output, then polls the page's URL (a fresh connection each time) until the marker is served,
and times from the write (file closed) to that response. Then it restores the file, waits
until the restored page is served and the server's background verification has had time to
finish, and goes on. Traffic goes to 127.0.0.1 only; every wait is bounded.

`--poll-interval S` sleeps S seconds between polls. The default, 0, polls as fast as the
server answers: on a 2-core machine the polling client and the request threads then take
about one core from the build being timed, which a browser (one request after the reload
event) never does; a small interval (0.002) times the build without that load, at the cost
of up to S of extra latency.

usage: serve_edits.py ARCHKB_BINARY SITE_DIR ARTICLE_INDEX [--iterations I] [--gap S]
                      [--poll-interval S]
"""
import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TIMEOUT = 60.0


def serve_helpers():
    """bench/serve/bench.py's socket helpers (free_port, wait_port, http_get)."""
    spec = importlib.util.spec_from_file_location("serve_bench", HERE.parent / "serve" / "bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def edit_kinds(article):
    """(kind, file, text to find, replacement with {m} for the marker, URL that shows it)."""
    return [
        ("article body", f"content/en/guides/{article}.md", None, "\n\nBench marker {m}.\n",
         f"/guides/{article}/"),
        ("architecture YAML", "data/architectures/resnet.yaml", "A deep CNN whose blocks",
         "Bench marker {m}. A deep CNN whose blocks", "/architectures/resnet/"),
        ("decision graph", "data/decision.yaml", '"What data do you have?"',
         '"What data do you have? Bench marker {m}"', "/choose/decision.json"),
        ("bench file", "data/bench/lambda-v1-fp16-a100-80gb-sxm4-1gpu.json",
         "pytorch-train-throughput-fp16.csv (v1)",
         "pytorch-train-throughput-fp16.csv (v1) bench marker {m}", "/benchmarks/"),
        ("template", "themes/default/templates/page.html", '<article class="prose">',
         '<article class="prose" data-bench="{m}">', f"/guides/{article}/"),
    ]


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return time.perf_counter()


def wait_served(http_get, port, url, want, present=True, interval=0.0):
    deadline = time.time() + TIMEOUT
    while True:
        try:
            if (want in http_get(port, url)) == present:
                return
        except OSError:  # a request the busy server did not answer in time: ask again
            pass
        if interval:
            time.sleep(interval)
        if time.time() > deadline:
            raise TimeoutError(f"{url}: {'never' if present else 'still'} served {want!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("archkb")
    ap.add_argument("site", type=Path)
    ap.add_argument("article_index", type=int)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--gap", type=float, default=5.0,
                    help="seconds to wait after each restore, for the server's background "
                         "full build to finish")
    ap.add_argument("--poll-interval", type=float, default=0.0,
                    help="seconds to sleep between polls (0: poll as fast as answered)")
    args = ap.parse_args()
    h = serve_helpers()
    article = f"bench-{args.article_index:05d}"
    port = h.free_port()
    proc = subprocess.Popen([args.archkb, "--root", str(args.site), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    try:
        h.wait_port(port, proc)
        time.sleep(args.gap)
        for kind, rel, find, replace, url in edit_kinds(article):
            path = args.site / rel
            original = path.read_text(encoding="utf-8")
            if find is not None and find not in original:
                sys.exit(f"{rel}: `{find}` not found; the serve benchmark needs updating")
            times = []
            print(f"  serve {kind}: editing {rel}", file=sys.stderr, flush=True)
            try:
                for i in range(args.iterations + 1):  # the first edit warms up, not counted
                    marker = f"{kind.split()[0]}{i}x{int(time.time() * 1000) % 100000}"
                    new = replace.format(m=marker)
                    text = original.rstrip("\n") + new if find is None else original.replace(find, new, 1)
                    t0 = write(path, text)
                    wait_served(h.http_get, port, url, marker.encode(),
                                interval=args.poll_interval)
                    if i:
                        times.append((time.perf_counter() - t0) * 1000)
                    write(path, original)
                    wait_served(h.http_get, port, url, marker.encode(), present=False,
                                interval=args.poll_interval)
                    time.sleep(args.gap)
            finally:
                path.write_text(original, encoding="utf-8")
            times.sort()
            rows.append((kind, rel, times))
            print(f"  serve {kind}: {', '.join(f'{t:.0f}' for t in times)} ms",
                  file=sys.stderr, flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print("\n| edit | file | edit → new page served, ms (median / min / max) | goal |")
    print("| --- | --- | ---: | --- |")
    for kind, rel, times in rows:
        goal = "≤ 50 ms" if kind == "article body" else "≤ 250 ms"
        print(f"| {kind} | `{rel}` | {statistics.median(times):.0f} / {times[0]:.0f} / "
              f"{times[-1]:.0f} | {goal} |")


if __name__ == "__main__":
    main()
