#!/usr/bin/env bash
# Build the package and run the demo: create a generation on the bundled mock server and wait for it.
# Does all set-up first. Extra arguments go to examples/demo.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
node examples/demo.mjs "$@"
