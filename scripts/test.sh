#!/usr/bin/env bash
# Run the tests. With no argument, every test (what CI runs): native unit and property tests of the
# core, clippy, the wasm suite in Node and in Chromium, Firefox and WebKitGTK against the mock
# server, the load test, the package tests in Node, the browser app end to end, the packaging tests
# in every runtime, and the type check. Does all set-up first.
#
# One part: scripts/test.sh core | lint | wasm [filter] | browser <chromium|firefox|webkit> [filter]
#                         | load | pkg | www [chromium|firefox|webkit] | packaging | frameworks
#                         | types
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
# Tests decide for themselves when SYNC_API_KEY is set.
unset SYNC_API_KEY SYNC_BASE_URL
mkdir -p .tmp
log=.tmp/test-output.log
: > "$log"
# Runs a test runner, keeping its output in $log for the totals at the end (pipefail keeps its status).
run() { "$@" 2>&1 | tee -a "$log"; }

core() {
  echo "== native unit tests (pure Rust core)"
  run cargo test --lib
  echo "== property tests (fuzzing) of the core's parsers and checks, ${PROPTEST_CASES:-3000} cases each"
  run cargo test --test fuzz
}

lint() {
  echo "== clippy (wasm target; a RefCell borrow held across an await is an error)"
  cargo clippy --target wasm32-unknown-unknown -- -D warnings -D clippy::await_holding_refcell_ref
}

built=""
build() {
  [ -z "$built" ] || return 0
  echo "== build the package"
  scripts/build.sh
  node scripts/check-size.mjs
  # tests/types and tests/js/dropin.test.mjs resolve "sync-wasm" as a user's project does, through
  # node_modules and the package's own `exports`: a link to the built pkg/, made here, not kept in git.
  mkdir -p tests/types/node_modules
  ln -sfn ../../../pkg tests/types/node_modules/sync-wasm
  built=1
}

mock_pid=""
mock() {
  [ -z "$mock_pid" ] || return 0
  # The shipped testing kit's bin, as a user of another language starts it.
  build
  rm -f .tmp/mock.port
  node pkg/bin/sync-wasm.js mock --port 0 --port-file .tmp/mock.port --step-ms 300 --cors-allow-header 'x-test-*' > .tmp/mock.log 2>&1 &
  mock_pid=$!
  trap 'kill $mock_pid 2>/dev/null || true' EXIT
  for _ in $(seq 100); do [ -s .tmp/mock.port ] && break; sleep 0.1; done
  [ -s .tmp/mock.port ] || { echo "mock server did not start:"; cat .tmp/mock.log; exit 1; }
  export SYNC_MOCK_URL="http://127.0.0.1:$(cat .tmp/mock.port)"
  # A loopback port with nothing listening, for connection-failure tests.
  SYNC_DEAD_URL="http://127.0.0.1:$(node --input-type=module -e 'import { freePort } from "./tests/free-port.mjs"; console.log(await freePort());')"
  export SYNC_DEAD_URL
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
  echo "mock server at $SYNC_MOCK_URL"
}

wasm_node() {
  mock
  echo "== wasm tests in Node $(node --version)"
  run cargo test --target wasm32-unknown-unknown --test wasm ${1:+"$1"}
}

# The same wasm suite in one browser engine. The runner picks its WebDriver from the one variable set
# (CHROMEDRIVER, GECKODRIVER or SAFARIDRIVER); each engine's count is kept for the summary.
engines=()
browser() {
  local engine=$1 filter=${2:-} name driver=() wrap=()
  case "$engine" in
    chromium) name="headless $(chromium --version | head -1)"; driver=(CHROMEDRIVER=/usr/bin/chromedriver) ;;
    firefox) name="headless $(firefox-esr --version | head -1)"; driver=(GECKODRIVER="$(command -v geckodriver)") ;;
    # WebKitWebDriver starts WebKitGTK's MiniBrowser, which needs a display even when headless.
    webkit) name="WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0)"; driver=(SAFARIDRIVER=/usr/bin/WebKitWebDriver); wrap=(xvfb-run -a) ;;
    *) echo "unknown engine '$engine' (chromium, firefox or webkit)"; exit 2 ;;
  esac
  mock
  echo "== wasm tests in $name"
  local attempt
  for attempt in 1 2; do
    # The runner's default 20 s budget for the whole suite is too short for the slower engines.
    if env -u CHROMEDRIVER -u GECKODRIVER -u SAFARIDRIVER WASM_BINDGEN_USE_BROWSER=1 WASM_BINDGEN_TEST_TIMEOUT=300 "${driver[@]}" \
      "${wrap[@]}" cargo test --target wasm32-unknown-unknown --test wasm ${filter:+"$filter"} > .tmp/engine.log 2>&1; then
      break
    fi
    # Headless Chromium sometimes never loads the test page ("Loading scripts..." and then nothing
    # until the runner's timeout). Only that, a run in which no test started, is tried once more;
    # any test that ran and failed fails the run.
    if [ "$attempt" = 1 ] && ! grep -q "^running [0-9]* test" .tmp/engine.log; then
      echo "(the $engine page never started the tests; trying once more)"
      continue
    fi
    cat .tmp/engine.log | tee -a "$log"
    return 1
  done
  tee -a "$log" < .tmp/engine.log
  engines+=("$name: $( (grep -oE 'test result: ok\. [0-9]+ passed' .tmp/engine.log || true) | awk '{print $4}') passed")
}

load() {
  mock
  echo "== load test in Node: 1000 concurrent, then 50,000 sequential requests, memory checked"
  NODE_ARGS=--expose-gc WASM_BINDGEN_TEST_TIMEOUT=600 \
    run cargo test --target wasm32-unknown-unknown --test load -- --nocapture
}

pkg() {
  build
  mock
  echo "== package tests in Node (importing pkg/ like a user)"
  run node --test tests/js/
}

# The browser app in one engine: Chromium through playwright-core, Firefox and WebKitGTK through
# WebDriver (playwright-core cannot drive their Debian builds; see tests/www/browsers.mjs).
app_engines=()
www() {
  local engine=$1
  build
  echo "== browser app (www/) end to end in $engine"
  case "$engine" in
    chromium) env E2E_ENGINE=chromium node --test tests/www/ ;;
    firefox) env E2E_ENGINE=firefox GECKODRIVER="$(command -v geckodriver)" node --test tests/www/ ;;
    webkit) env E2E_ENGINE=webkit xvfb-run -a node --test tests/www/ ;;
    *) echo "unknown engine '$engine' (chromium, firefox or webkit)"; exit 2 ;;
  esac 2>&1 | tee .tmp/engine.log | tee -a "$log"
  app_engines+=("$engine: $( (grep -oE '^# pass [0-9]+' .tmp/engine.log || true) | awk '{print $3}') passed")
}

packaging() {
  build
  echo "== packaging: npm pack, install into a project per runtime, run the scenario in each"
  # The browser builds are loaded in all three engines; WebKitGTK needs a display.
  GECKODRIVER="$(command -v geckodriver)" run xvfb-run -a node --test tests/packaging/packaging.test.mjs tests/packaging/readme-testing.test.mjs tests/packaging/cli.test.mjs
}

# The package in the frameworks and bundlers users deploy with (tests/frameworks/): Next.js, wrangler,
# webpack, esbuild and Deno, each installed from the npm registry into a project under .tmp/ that
# depends on the packed tarball, built and run as the README says, against the mock on loopback.
frameworks() {
  build
  echo "== frameworks: Next.js, wrangler, webpack, esbuild, Deno, from the packed tarball"
  run node --test --test-concurrency=1 tests/frameworks/
}

types() {
  build
  echo "== TypeScript check of the package types (tests/types: six projects, strict, no skipLibCheck)"
  node_modules/.bin/tsc -b --force tests/types/tsconfig.all.json
  echo "types: ok"
}

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

# Totals over the cargo and node runners (each already failed the script on any failure).
summary() {
  local passed
  # (`|| true`: grep finds nothing when a part ran only one kind of runner.)
  passed=$(( $( (grep -oE 'test result: ok\. [0-9]+ passed' "$log" || true) | awk '{s+=$4} END {print s+0}') \
           + $( (grep -oE '^# pass [0-9]+' "$log" || true) | awk '{s+=$3} END {print s+0}') ))
  echo
  if [ ${#engines[@]} -gt 0 ]; then
    echo "browser engines (the same wasm suite in each):"
    printf '  %s\n' "${engines[@]}"
  fi
  if [ ${#app_engines[@]} -gt 0 ]; then
    echo "browser app in each engine (tests/www/):"
    printf '  %s\n' "${app_engines[@]}"
  fi
  if [ "$passed" -gt 0 ]; then
    echo "total: $passed passed, 0 failed"
  elif [ "$part" = all ]; then
    echo "no test ran"
    exit 1
  fi
}

part=${1:-all}
[ $# -eq 0 ] || shift
case "$part" in
  all)
    core
    lint
    build
    wasm_node
    for engine in chromium firefox webkit; do browser "$engine"; done
    load
    pkg
    for engine in chromium firefox webkit; do www "$engine"; done
    packaging
    frameworks
    types
    same_counts "${engines[@]}"
    same_counts "${app_engines[@]}"
    ;;
  core | lint | load | pkg | packaging | frameworks | types) "$part" ;;
  wasm) wasm_node "$@" ;;
  browser) [ $# -ge 1 ] || { echo "usage: scripts/test.sh browser <chromium|firefox|webkit> [filter]"; exit 2; }; browser "$@" ;;
  www) if [ $# -ge 1 ]; then www "$1"; else for engine in chromium firefox webkit; do www "$engine"; done; fi ;;
  *) echo "unknown part '$part'; see the top of scripts/test.sh"; exit 2 ;;
esac
summary
