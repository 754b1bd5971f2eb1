#!/usr/bin/env bash
# Install everything the build, the demo and the tests need. Safe to re-run: each step is skipped
# when its tool is already there at the right version.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '== setup: %s\n' "$*"; }

# The wasm-bindgen CLI must be exactly the version the crate pins.
WB_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
[ -n "$WB_VERSION" ] || { echo "could not read the pinned wasm-bindgen version from Cargo.toml" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]; then
  say "installing wasm-bindgen-cli $WB_VERSION (about 5 minutes)"
  # Not --locked: its lockfile pins a crate version the registry mirror here does not serve.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# The three browser engines the wasm suite runs in, and their WebDriver servers: Chromium
# (chromedriver), Firefox ESR (geckodriver, below) and WebKitGTK (WebKitWebDriver, which needs a
# display: Xvfb).
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v firefox-esr >/dev/null || need_apt+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || need_apt+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null || need_apt+=(xvfb xauth)
command -v script >/dev/null || need_apt+=(bsdutils) # script(1): the CLI tests' pseudo-terminal
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing ${need_apt[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# geckodriver from crates.io: Debian does not package it, and the npm wrapper downloads a binary
# from elsewhere at install time.
GECKODRIVER_VERSION=0.37.1
if [ "$(geckodriver --version 2>/dev/null | head -1)" != "geckodriver $GECKODRIVER_VERSION" ]; then
  say "installing geckodriver $GECKODRIVER_VERSION (about 4 minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/tsc ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev dependencies"
  npm ci --no-audit --no-fund
fi
say "ready (wasm-bindgen $WB_VERSION; $(chromium --version 2>/dev/null | head -1); $(firefox-esr --version 2>/dev/null | head -1); WebKitGTK $(dpkg-query -W -f '${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo '?'))"
