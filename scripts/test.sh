#!/usr/bin/env bash
# Run every test: native unit tests of the core, the wasm suite in Node and in headless Chromium
# against the mock server, the package tests in Node, the browser app end to end, the packaging tests
# in every runtime, and the type check. Does all set-up first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
# Tests decide for themselves when SYNC_API_KEY is set.
unset SYNC_API_KEY
mkdir -p .tmp
log=.tmp/test-output.log
: > "$log"
# Runs a test runner, keeping its output in $log for the totals at the end (pipefail keeps its status).
run() { "$@" 2>&1 | tee -a "$log"; }

echo "== native unit tests (pure Rust core)"
run cargo test --lib

echo "== property tests (fuzzing) of the core's parsers and checks, ${PROPTEST_CASES:-3000} cases each"
run cargo test --test fuzz

echo "== build the package"
scripts/build.sh
node scripts/check-size.mjs

rm -f .tmp/mock.port
node mock/server.mjs --port 0 --port-file .tmp/mock.port --step-ms 300 > .tmp/mock.log 2>&1 &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s .tmp/mock.port ] && break; sleep 0.1; done
[ -s .tmp/mock.port ] || { echo "mock server did not start:"; cat .tmp/mock.log; exit 1; }
export SYNC_MOCK_URL="http://127.0.0.1:$(cat .tmp/mock.port)"
# A loopback port with nothing listening, for connection-failure tests.
export SYNC_DEAD_URL="http://127.0.0.1:$(node --input-type=module -e 'import { freePort } from "./tests/free-port.mjs"; console.log(await freePort());')"
echo "mock server at $SYNC_MOCK_URL"

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner

echo "== wasm tests in Node $(node --version)"
run cargo test --target wasm32-unknown-unknown --test wasm

# The same wasm suite in each browser engine. The runner picks its WebDriver from the one variable
# set (CHROMEDRIVER, GECKODRIVER or SAFARIDRIVER); each engine's count is kept for the summary.
engines=()
in_browser() {
  local engine=$1; shift
  echo "== wasm tests in $engine"
  # The runner's default 20 s budget for the whole suite is too short for the slower engines.
  env -u CHROMEDRIVER -u GECKODRIVER -u SAFARIDRIVER WASM_BINDGEN_USE_BROWSER=1 WASM_BINDGEN_TEST_TIMEOUT=300 "$@" \
    cargo test --target wasm32-unknown-unknown --test wasm 2>&1 | tee .tmp/engine.log | tee -a "$log"
  engines+=("$engine: $(grep -oE 'test result: ok\. [0-9]+ passed' .tmp/engine.log | awk '{print $4}') passed")
}
in_browser "headless $(chromium --version | head -1)" CHROMEDRIVER=/usr/bin/chromedriver
in_browser "headless $(firefox-esr --version | head -1)" GECKODRIVER="$(command -v geckodriver)"
# WebKitWebDriver starts WebKitGTK's MiniBrowser, which needs a display even when headless.
in_browser "WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0)" \
  SAFARIDRIVER=/usr/bin/WebKitWebDriver xvfb-run -a

echo "== load test in Node: 1000 concurrent, then 50,000 sequential requests, memory checked"
NODE_ARGS=--expose-gc WASM_BINDGEN_TEST_TIMEOUT=600 \
  run cargo test --target wasm32-unknown-unknown --test load -- --nocapture

echo "== package tests in Node (importing pkg/ like a user)"
run node --test tests/js/

# The browser app in each engine: Chromium through playwright-core, Firefox and WebKitGTK through
# WebDriver (playwright-core cannot drive their Debian builds; see tests/www/browsers.mjs).
app_engines=()
app_in() {
  local engine=$1; shift
  echo "== browser app (www/) end to end in $engine"
  env E2E_ENGINE="$engine" "$@" node --test tests/www/ 2>&1 | tee .tmp/engine.log | tee -a "$log"
  app_engines+=("$engine: $(grep -oE '^# pass [0-9]+' .tmp/engine.log | awk '{print $3}') passed")
}
app_in chromium
app_in firefox GECKODRIVER="$(command -v geckodriver)"
app_in webkit xvfb-run -a

echo "== packaging: npm pack, install into a project per runtime, run the scenario in each"
# The browser builds are loaded in all three engines; WebKitGTK needs a display.
GECKODRIVER="$(command -v geckodriver)" run xvfb-run -a node --test tests/packaging/packaging.test.mjs

echo "== TypeScript check of the package types"
node_modules/.bin/tsc -p tests/types
echo "types: ok"

# Totals over the cargo and node runners (each already failed the script on any failure).
passed=$(( $(grep -oE 'test result: ok\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}') \
         + $(grep -oE '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ))
echo
echo "browser engines (the same wasm suite in each):"
printf '  %s\n' "${engines[@]}"
echo "browser app in each engine (tests/www/):"
printf '  %s\n' "${app_engines[@]}"
# Every engine must have run, and passed the same number of tests as the others.
same_counts() {
  local first="" entry count
  for entry in "$@"; do
    count=$(grep -oE '[1-9][0-9]* passed$' <<< "$entry" || true)
    [ -n "$count" ] || { echo "no tests ran in: $entry"; exit 1; }
    [ -z "$first" ] || [ "$count" = "$first" ] || { echo "the engines passed different numbers of tests"; exit 1; }
    first=$count
  done
}
same_counts "${engines[@]}"
same_counts "${app_engines[@]}"
echo "total: $passed passed, 0 failed"
