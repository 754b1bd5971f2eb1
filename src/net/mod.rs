//! The transport: one API call with retries, redirects, timeouts, a caller's deadline and abort
//! signal, over the **global** `fetch` (or one the caller injected). It builds errors as Rust values
//! (`core::error::Error`) and knows no resource or JS class.

pub mod fetch;
pub mod form;
pub mod random;
pub mod request;

use js_sys::Function;
use wasm_bindgen::JsValue;

use crate::core::key::ApiKey;

/// Which `fetch` to call.
pub enum Fetcher {
    Global,
    /// From the `fetch` option; called with `this` undefined, as the global would be (a bound method
    /// such as `window.fetch` called on another object throws "Illegal invocation").
    Custom(Function),
}

/// A client's settings, checked. Never exposed to JS, so the key cannot be read back.
pub struct Client {
    pub key: ApiKey,
    pub base_url: String,
    pub timeout_ms: f64,
    pub max_retries: u32,
    pub fetcher: Fetcher,
    pub headers: Vec<(String, String)>,
}

/// Per-request settings, checked.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// The caller's `AbortSignal` (duck-typed, so one from another realm works).
    pub signal: Option<JsValue>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<u32>,
    pub headers: Vec<(String, String)>,
    pub idempotency_key: Option<String>,
    /// No attempt or backoff may outlast this (`Date.now()` milliseconds): a wait's overall deadline.
    pub deadline_ms: Option<f64>,
}
