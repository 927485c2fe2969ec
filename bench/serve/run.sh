#!/usr/bin/env bash
# The serve latency benchmark: builds archkb in release, generates the bundled and the
# 1,000-article sites (and their Hugo twins), then times edit → reload and edit → new
# content for `archkb serve` and `hugo server`. Needs python3 and hugo (apt-get install hugo).
# usage: bench/serve/run.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
sites=$(mktemp -d)
trap 'rm -rf "$sites"' EXIT
python3 bench/serve/gen_site.py . "$sites/bundled" 0
python3 bench/serve/gen_site.py . "$sites/1000" 1000
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(hugo version | cut -d' ' -f1-2)"
echo "| site | server | edit → reload message, ms (median / p90 / max) | edit → new content served, ms (median / p90 / max) |"
echo "| --- | --- | --- | --- |"
python3 bench/serve/bench.py target/release/archkb "$sites" "${1:-10}"
