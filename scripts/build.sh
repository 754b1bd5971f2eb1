#!/usr/bin/env bash
# Build the npm package into pkg/: release wasm → wasm-bindgen (web target) → wasm-opt -Oz → package.
# Needs the tools from scripts/setup.sh (and `npm ci` for wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name sync_wasm target/wasm32-unknown-unknown/release/sync_wasm.wasm
# binaryen from npm (pinned in package.json): Debian's binaryen 108 mis-numbers the tables of a module
# with both a funcref and an externref table, and the result fails at instantiation.
# --converge repeats -Oz while it still shrinks the module; the producers and target-features
# sections are for tools, not for engines.
node_modules/.bin/wasm-opt -Oz --converge --strip-producers --strip-target-features pkg/sync_wasm_bg.wasm -o pkg/sync_wasm_bg.wasm
node scripts/package.mjs

node scripts/check-size.mjs --report
