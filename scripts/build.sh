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
node_modules/.bin/wasm-opt -Oz pkg/sync_wasm_bg.wasm -o pkg/sync_wasm_bg.wasm
node scripts/package.mjs

raw=$(wc -c < pkg/sync_wasm_bg.wasm)
gz=$(gzip -9c pkg/sync_wasm_bg.wasm | wc -c)
# The JS a browser loads through the default entry.
browser_js="pkg/web.js pkg/api.js pkg/sync-api.js pkg/harden.js pkg/calls.js pkg/sync_wasm.js pkg/errors.js pkg/files.js"
js=$(cat $browser_js | wc -c)
jsgz=$(cat $browser_js | gzip -9c | wc -c)
echo "wasm: ${raw} B raw, ${gz} B gzip; JS (browser entry): ${js} B raw, ${jsgz} B gzip"
