#!/usr/bin/env bash
# Runs every test of archkb: the Rust unit and integration tests (browser tests included
# when Chromium is installed), the GPU harness's CPU tests, and the JavaScript tests.
set -euo pipefail
cd "$(dirname "$0")"

cargo test --locked

if python3 -c "import pytest" 2>/dev/null; then
  python3 -m pytest -q bench/gpu
else
  echo "bench/gpu: pytest is not installed (pip install pytest); the harness tests did not run"
  [[ -z "${CI:-}" ]] || exit 1
fi

if compgen -G "tests/**/*.test.mjs" >/dev/null || compgen -G "tests/*/*.test.mjs" >/dev/null; then
  node --test tests/
fi
