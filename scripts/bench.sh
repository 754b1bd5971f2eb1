#!/usr/bin/env bash
# Build the release package and benchmark it against @sync.so/sdk and bare fetch; prints a markdown
# table and writes bench/results.md. Does all set-up first. BENCH_ROUNDS (default 5) sets repetitions.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
node bench/run.mjs
