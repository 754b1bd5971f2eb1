//! The compiled SDK over real HTTP against the shipped testing kit (`sync-wasm mock`, from pkg/). The same binary runs in
//! Node (default) and in headless Chromium (WASM_BINDGEN_USE_BROWSER=1); see scripts/test.sh.
#![cfg(target_arch = "wasm32")]

#[macro_use]
mod support;

mod assets;
mod batch;
mod boundary;
mod client;
mod deadlines;
mod faults;
mod generations;
mod models;
mod redaction;
mod webhooks;
