//! sync-wasm: a Rust → WebAssembly SDK for the Sync lip-sync API.
//!
//! Layers, from the bottom:
//! * [`core`]: pure Rust, no JS: settings, key validation, URLs, retry policy, error classification
//!   and messages. Unit-tested natively.
//! * `transport`: the one call to `fetch`, with timeout and abort.
//! * `request`: one API call with retries, turning responses into JS values or typed JS errors.
//! * `client`: the wasm-bindgen surface (`SyncClient`, `generations`).

pub mod core;

#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod js_errors;
#[cfg(target_arch = "wasm32")]
mod js_value;
#[cfg(target_arch = "wasm32")]
mod options;
#[cfg(target_arch = "wasm32")]
mod request;
#[cfg(target_arch = "wasm32")]
mod transport;
#[cfg(target_arch = "wasm32")]
mod types;

#[cfg(target_arch = "wasm32")]
pub use client::{Generations, SyncClient};
