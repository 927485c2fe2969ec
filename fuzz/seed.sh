#!/usr/bin/env bash
# Seeds each fuzz target's corpus with the site's own files (the bundled knowledge base and
# the test fixtures), so the fuzzer starts from valid input and mutates from there.
set -euo pipefail
cd "$(dirname "$0")"
root=..
seed() { # target, files...
  local dir="corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do
    [[ -f $f ]] && cp "$f" "$dir/$(sha1sum "$f" | cut -c1-16)"
  done
  return 0
}
shopt -s globstar nullglob
seed front_matter $root/content/**/*.md $root/tests/fixtures/**/content/**/*.md
seed markdown $root/content/**/*.md $root/tests/fixtures/minimal/content/**/*.md
seed search_tokenizer $root/content/en/guides/*.md $root/content/zh/guides/*.md $root/data/glossary.yaml
seed architecture_yaml $root/data/architectures/*.yaml $root/tests/fixtures/minimal/data/architectures/*.yaml
seed decision_graph $root/data/decision.yaml $root/tests/fixtures/minimal/data/decision.yaml
seed bench_results $root/data/bench/*.json $root/tests/fixtures/minimal/data/bench/*.json
mkdir -p corpus/serve_request
printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1:1111\r\n\r\n' > corpus/serve_request/plain
printf 'GET /zh/%%E6%%8C%%87%%E5%%8D%%97/?q=1 HTTP/1.1\r\nHost: localhost:1111\r\n\r\n' > corpus/serve_request/encoded
printf 'HEAD /a/..%%2fb HTTP/1.0\r\nhost: [::1]:1111\r\nX: y\r\n\r\n' > corpus/serve_request/escape
