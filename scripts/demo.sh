#!/usr/bin/env bash
# The demo: build the package, run examples/demo.mjs (create a generation on the bundled mock server
# and wait for it, in Node), then serve the browser app (www/) with its own mock server and print its
# URL; Ctrl-C stops it. Does all set-up first. Extra arguments go to examples/demo.mjs.
# DEMO_PORT sets the app's port (default 8080, or any free port when 8080 is taken).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
node examples/demo.mjs "$@"
echo
exec node www/serve.mjs ${DEMO_PORT:+--port "$DEMO_PORT"}
