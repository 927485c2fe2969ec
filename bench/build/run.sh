#!/usr/bin/env bash
# The build benchmark: cold builds of archkb and Hugo on N generated articles (~1,050 words,
# headings, a list, a table, a highlighted code block, links between articles, a Chinese
# paragraph in one of five), alternating, each under /usr/bin/time -v; the no-op rebuild;
# `archkb check`; and `archkb serve`'s edit → served latency for each kind of edit.
# archkb also builds its search index, feeds, sitemap, flowchart, comparison table and the
# bundled bilingual pages; Hugo builds no search index.
# Needs python3, hugo (apt-get install hugo) and GNU time (apt-get install time).
#
# usage: bench/build/run.sh [quick | full | N ...]
#   (nothing)  N = 1,000 and 10,000 with Hugo beside archkb, then the serve edits at 1,000
#   full       the same, then N = 100,000 with archkb alone
#   quick      a smoke run: N = 200, 2 runs each, one serve edit of each kind
#   N ...      these sizes, with Hugo (sizes over 20,000: archkb alone)
# environment:
#   ARCHKB=path/to/archkb   use this binary instead of building one
#   CARGO_TARGET_DIR=...    where `cargo build --release` puts it (default target/)
#   RUNS=3 CHECK_RUNS=1     cold runs per generator and `archkb check` runs, per size
#   SERVE_ITERATIONS=5      timed edits of each kind (0: skip the serve edits)
#   KEEP=1                  keep the generated sites and outputs (the temp dir is printed)
#   OUT_BASES="DIR ..."     where the outputs go, one full set of runs per DIR; "-" (the
#                           default) is the temp dir on disk next to the sources. Adding
#                           /dev/shm shows how much of each build is file-creation cost.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${RUNS:-3}
check_runs=${CHECK_RUNS:-1}
serve_iterations=${SERVE_ITERATIONS:-5}
serve_n=1000
case "${1:-}" in
  "") sizes=(1000 10000) ;;
  full) sizes=(1000 10000 100000) ;;
  quick) sizes=(200); runs=${RUNS:-2}; serve_iterations=${SERVE_ITERATIONS:-1}; serve_n=200 ;;
  *) sizes=("$@"); serve_n=$1 ;;
esac
for tool in python3 hugo /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y hugo time python3)" >&2; exit 2; }
done
if [[ -z "${ARCHKB:-}" ]]; then
  cargo build --release --quiet
  ARCHKB="${CARGO_TARGET_DIR:-target}/release/archkb"
  built_here=1
fi
ARCHKB=$(realpath "$ARCHKB")
sites=$(mktemp -d "${TMPDIR:-/tmp}/archkb-build-bench.XXXXXX")
if [[ -n "${KEEP:-}" ]]; then echo "sites kept in $sites" >&2; else trap 'rm -rf "$sites"' EXIT; fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
     "$(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(uname -sr)"
head="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock build.rs themes || echo ' + uncommitted changes')"
if [[ -n "${built_here:-}" ]]; then
  echo "archkb: $("$ARCHKB" --version), release build of $head"
else
  echo "archkb: $("$ARCHKB" --version) at $ARCHKB (repo HEAD now: $head; ARCHKB given, so not necessarily what it was built from)"
fi
echo "hugo: $(hugo version | cut -d' ' -f1-2)"
if command -v zola >/dev/null; then
  echo "zola: $(zola --version) is on PATH, but this benchmark has no Zola site: not timed"
else
  echo "zola: not on PATH, not timed"
fi
echo "$runs cold runs per generator and size, alternating; $check_runs archkb check run(s)"
for n in "${sizes[@]}"; do
  python3 bench/build/gen_sites.py . "$sites/$n" "$n" >&2
  only=(); label="N = $n"
  if ((n > 20000)); then only=(--archkb-only); label="N = $n, archkb only"; fi
  for base in ${OUT_BASES:--}; do
    if [[ "$base" == - ]]; then extra=(); else extra=(--out-base "$base"); fi
    python3 bench/build/bench.py "$ARCHKB" "$sites/$n" --runs "$runs" --check-runs "$check_runs" \
      --label "$label" "${only[@]}" "${extra[@]}"
  done
  if ((n == serve_n && serve_iterations > 0)); then
    echo
    echo "### archkb serve, N = $n: edit → new page served ($serve_iterations timed edits of each kind)"
    python3 bench/build/serve_edits.py "$ARCHKB" "$sites/$n/archkb" $((n / 2)) \
      --iterations "$serve_iterations"
  fi
  # Deleted at the end, not now: the next size's builds would pay for the freed inodes
  # (bench.py's module doc says why).
  [[ -n "${KEEP:-}" ]] || { mkdir -p "$sites/.done" && mv "$sites/$n" "$sites/.done/$n"; }
done
