//! sync-wasm: a Rust → WebAssembly SDK for the Sync lip-sync API.
//!
//! Layers, from the bottom (see HACKING.md):
//! * [`core`]: pure Rust, no JS: settings, key validation, URLs and queries, request validation,
//!   JSON, retry and wait policy, webhook signatures, errors, their messages and their redaction.
//!   Unit-tested natively.
//! * `js`: every JS import, each one that can throw declared with `catch`, and the one reader of
//!   callers' values.
//! * `net`: one API call over `fetch`: attempts, retries, deadlines, redirects, bodies.
//! * `wasm`: the exported classes (`SyncClient`, `client.generations`, ...) and the one place errors
//!   become JS errors.
#![deny(clippy::await_holding_refcell_ref)]

pub mod core;

#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
mod net;
#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(target_arch = "wasm32")]
pub use wasm::{verify_webhook, SyncClient};

// A small allocator: the SDK's allocations are short-lived strings and vectors, and wasm here is
// single-threaded, so dlmalloc's size (about 6 kB) buys nothing.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
