//! The transport: one API call with retries, redirects, timeouts, a caller's deadline and abort
//! signal, over the **global** `fetch` (or one the caller injected). It builds errors as Rust values
//! (`core::error::Error`) and knows no resource or JS class.

pub mod fetch;
pub mod form;
pub mod random;
pub mod request;

use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::core::key::ApiKey;
use crate::core::SDK_HEADER_VALUE;

/// A client's settings, checked. Never exposed to JS, so the key cannot be read back.
pub struct Client {
    pub key: ApiKey,
    pub base_url: String,
    pub timeout_ms: f64,
    pub max_retries: u32,
    /// The `fetch` option, or `undefined` for the global `fetch` (looked up at each call). Called
    /// with `this` undefined, as the global would be (a bound method such as `window.fetch` called
    /// on another object throws "Illegal invocation").
    pub fetcher: JsValue,
    /// The headers every API call sends before its own, as a flat name/value array made once:
    /// `accept`, `x-sync-sdk`, then the client's `headers` option.
    pub fixed_headers: JsValue,
    /// The key as a JS string, made once, so a call does not copy it out of wasm memory again.
    pub key_value: JsValue,
    /// Requests are subject to CORS (a page or a browser worker), so a refused one looks like a
    /// network failure; connection errors then say so.
    pub cors_applies: bool,
}

impl Client {
    pub fn new(
        key: ApiKey,
        base_url: String,
        timeout_ms: f64,
        max_retries: u32,
        fetcher: JsValue,
        headers: &[(String, String)],
        cors_applies: bool,
    ) -> Client {
        let own = [
            ("accept", "application/json"),
            ("x-sync-sdk", SDK_HEADER_VALUE),
        ];
        Client {
            // Through a proxy no x-api-key is sent: the proxy adds the server's.
            key_value: if key.is_held_by_proxy() {
                JsValue::UNDEFINED
            } else {
                JsValue::from_str(key.expose())
            },
            key,
            base_url,
            timeout_ms,
            max_retries,
            fetcher,
            fixed_headers: header_array(own.into_iter().chain(pairs(headers))),
            cors_applies,
        }
    }
}

/// Owned header pairs as borrowed ones, for `header_array`.
pub fn pairs(headers: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))
}

/// Headers as a flat name/value JS array, or `undefined` when there are none.
pub fn header_array<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> JsValue {
    let mut array: Option<Array> = None;
    for (name, value) in pairs {
        let a = array.get_or_insert_with(Array::new);
        a.push(&JsValue::from_str(name));
        a.push(&JsValue::from_str(value));
    }
    array.map_or(JsValue::UNDEFINED, JsValue::from)
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
    /// A 429 goes back to the caller at once instead of being retried: `runMany` schedules its own.
    pub leave_429_to_caller: bool,
}
