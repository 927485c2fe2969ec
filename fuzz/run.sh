#!/usr/bin/env bash
# Runs fuzz targets for SECONDS each, two at a time at the lowest priority, from the
# corpora seed.sh made; prints each run's last status line. Usage: fuzz/run.sh SECONDS
# [TARGET...] (default: every target). Crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?seconds per target}
shift
targets=("$@")
((${#targets[@]})) || targets=(front_matter architecture_yaml decision_graph bench_results markdown search_tokenizer serve_request)
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
run() {
  local t=$1
  mkdir -p "corpus/$t" "artifacts/$t"
  # FUZZ_FLAGS adds libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1" to keep going past
  # a known crash and collect every artifact.
  # shellcheck disable=SC2086
  nice -n 19 "$bin/$t" "corpus/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 ${FUZZ_FLAGS:-} >"logs/$t.log" 2>&1 || true
  echo "$t: $(grep -E '^#[0-9]+' "logs/$t.log" | tail -1)"
  echo "$t: $(grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "logs/$t.log" | tr '\n' ' ')"
  echo "$t: corpus $(ls "corpus/$t" | wc -l) files; artifacts $(ls "artifacts/$t" | wc -l)"
}
# Two lanes: each runs its half of the targets one after another.
lane() { for t in "$@"; do run "$t"; done; }
half=$(((${#targets[@]} + 1) / 2))
lane "${targets[@]:0:half}" &
lane "${targets[@]:half}" &
wait
