#!/usr/bin/env bash
# The cold-build benchmark: archkb vs Hugo on N generated articles (default 10,000), with
# syntax highlighting on in both. archkb also builds its search index, feeds, sitemap,
# flowchart, comparison table and the bundled bilingual pages; Hugo builds no search index.
# Needs python3, hugo (apt-get install hugo) and GNU time (apt-get install time).
#
# usage: bench/build/run.sh [N] [RUNS] [CHECK_RUNS]
#   ARCHKB=path/to/archkb   use this binary instead of building one
#   CARGO_TARGET_DIR=...    where `cargo build --release` puts it (default target/)
#   KEEP=1                  keep the generated sites and outputs (the temp dir is printed)
#   OUT_BASES="DIR ..."     where the outputs go, one full set of runs per DIR; "-" (the
#                           default) is the temp dir on disk next to the sources. Adding
#                           /dev/shm shows how much of each build is file-creation cost.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
runs=${2:-3}
check_runs=${3:-1}
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

python3 bench/build/gen_sites.py . "$sites" "$n" >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
     "$(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
head="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock build.rs themes || echo ' + uncommitted changes')"
if [[ -n "${built_here:-}" ]]; then
  echo "archkb: $("$ARCHKB" --version), built here from $head"
else
  echo "archkb: $("$ARCHKB" --version) at $ARCHKB (repo HEAD now: $head; ARCHKB given, so not necessarily what it was built from)"
fi
echo "hugo: $(hugo version | cut -d' ' -f1-2)"
echo "corpus: $n generated articles (+ the bundled en/zh site for archkb), $runs cold runs each, alternating"
for base in ${OUT_BASES:--}; do
  if [[ "$base" == - ]]; then extra=(); else extra=(--out-base "$base"); fi
  python3 bench/build/bench.py "$ARCHKB" "$sites" --runs "$runs" --check-runs "$check_runs" \
    --label "N = $n" "${extra[@]}"
done
