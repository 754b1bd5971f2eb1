//! sync-wasm: a Rust → WebAssembly SDK for the Sync lip-sync API.
//!
//! Layers, from the bottom:
//! * [`core`]: pure Rust, no JS: settings, key validation, URLs and queries, request validation,
//!   retry and wait policy, webhook signatures, error classification and messages. Unit-tested
//!   natively.
//! * `transport`: the one call to `fetch`, with timeout and abort.
//! * `request`: one API call with retries, turning responses into JS values or typed JS errors.
//! * `client`, `resources`, `pager`: the wasm-bindgen surface (`SyncClient`, `client.generations`, ...).

pub mod core;

#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod form;
#[cfg(target_arch = "wasm32")]
mod generation;
#[cfg(target_arch = "wasm32")]
mod inspect;
#[cfg(target_arch = "wasm32")]
mod js_errors;
#[cfg(target_arch = "wasm32")]
mod js_value;
#[cfg(target_arch = "wasm32")]
mod options;
#[cfg(target_arch = "wasm32")]
mod pager;
#[cfg(target_arch = "wasm32")]
mod random;
#[cfg(target_arch = "wasm32")]
mod request;
#[cfg(target_arch = "wasm32")]
mod resources;
#[cfg(target_arch = "wasm32")]
mod transport;
#[cfg(target_arch = "wasm32")]
mod types;

#[cfg(target_arch = "wasm32")]
pub use client::SyncClient;
#[cfg(target_arch = "wasm32")]
pub use resources::webhooks::verify_webhook;

// A small allocator: the SDK's allocations are short-lived strings and vectors, and wasm here is
// single-threaded, so dlmalloc's size (about 6 kB) buys nothing.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
