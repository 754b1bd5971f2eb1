//! The pure-Rust core: everything the SDK decides without touching JavaScript.
//!
//! Nothing in here imports `wasm_bindgen`, `js_sys` or `web_sys`, so all of it is unit-tested natively
//! with `cargo test` and fuzzed (`tests/fuzz.rs`). The layers above (`crate::js`, `crate::net`,
//! `crate::wasm`) only gather inputs for these functions and turn their answers into JS values.

pub mod args;
pub mod config;
pub mod error;
pub mod http_date;
pub mod json;
pub mod key;
pub mod many;
pub mod multipart;
pub mod query;
pub mod redact;
pub mod retry;
pub mod text;
pub mod url;
pub mod validate;
pub mod wait;
pub mod webhook;

/// The SDK's version, sent in the identification header and shown in `SyncClient.version`.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Value of the identification header (`x-sync-sdk`). A custom `x-` header rather than `User-Agent`,
/// which browsers refuse to set from `fetch`.
pub const SDK_HEADER_VALUE: &str = concat!("sync-wasm/", env!("CARGO_PKG_VERSION"));
