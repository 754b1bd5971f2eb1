//! The only place that calls `fetch`: one attempt with a timeout that covers headers and body, and the
//! caller's `AbortSignal`; plus an abortable sleep for backoff.
//!
//! The attempt itself runs in `js/calls.js` (`send`): one call from wasm per attempt, which builds
//! the headers, sets the timer and the abort listener, calls `fetch` and reads the body, and always
//! resolves (never throws or rejects), so nothing a caller's `fetch` or signal does can unwind
//! through wasm. It uses the *global* `fetch` (looked up at call time) or one injected with
//! `{ fetch }`, never `window.fetch`, so the same build runs in browsers, workers and servers.

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::Client;
use crate::core::error::{Link, BODY_LIMIT_BYTES};
use crate::js::{self, read, Answer};

/// A response whose body has been read (in full, or up to the limit for errors).
pub struct Received {
    pub status: u16,
    /// A browser's opaque answer to `redirect: "manual"` (status 0).
    pub redirected: bool,
    /// The response's `Headers`.
    pub headers: JsValue,
    /// The body as a JS string; copied into wasm memory only when Rust must read it.
    pub text: JsString,
    /// The answer object itself, `{ status, headers, url, ... }`, from which `rawResponse` is made.
    pub answer: JsValue,
}

/// Why an attempt produced no response.
pub enum Failed {
    /// The caller's signal fired; carries `signal.reason`.
    Aborted(JsValue),
    TimedOut,
    /// `fetch` (or reading the body) rejected or threw: carries what it threw.
    Network(JsValue),
    /// `Headers` refused a header (a content type with a line break, say).
    BadHeaders,
}

/// What one attempt sends.
pub struct Attempt<'a> {
    pub url: &'a str,
    pub method: &'static str,
    pub content_type: Option<&'a str>,
    /// The call's own headers as a flat name/value array, or `undefined`.
    pub extra: &'a JsValue,
    pub body: &'a JsValue,
    /// A call to the Sync API: the client's headers and key, and redirects handled by the SDK.
    pub api: bool,
    pub timeout_ms: f64,
    pub signal: Option<&'a JsValue>,
}

/// Send one request and read its body, within `attempt.timeout_ms`.
pub async fn send(client: &Client, attempt: &Attempt<'_>) -> Result<Received, Failed> {
    let (fixed, key) = if attempt.api {
        (&client.fixed_headers, &client.key_value)
    } else {
        (&JsValue::UNDEFINED, &JsValue::UNDEFINED)
    };
    let promise = js::send(
        &client.fetcher,
        attempt.url,
        attempt.method,
        attempt.content_type,
        fixed,
        attempt.extra,
        key,
        attempt.body,
        attempt.api,
        js::timer_ms(attempt.timeout_ms),
        attempt.signal.unwrap_or(&JsValue::UNDEFINED),
        BODY_LIMIT_BYTES as f64,
    );
    let answer: Answer = match JsFuture::from(promise).await {
        Ok(answer) => answer.unchecked_into(),
        Err(cause) => return Err(Failed::Network(cause)), // `send` does not reject; kept total.
    };
    match answer.failed() {
        None => Ok(Received {
            status: answer.status() as u16,
            redirected: answer.redirected(),
            headers: answer.headers(),
            text: answer.text(),
            answer: answer.into(),
        }),
        Some(1) => Err(Failed::Aborted(answer.cause())),
        Some(2) => Err(Failed::TimedOut),
        Some(4) => Err(Failed::BadHeaders),
        Some(_) => Err(Failed::Network(answer.cause())),
    }
}

/// The runtime's error as sanitized copies, down its `cause` chain (Node puts the socket error,
/// `ECONNREFUSED` and the like, in `cause`), and the first error `code` on the chain.
pub fn failure_chain(cause: &JsValue) -> Vec<Link> {
    let mut chain = Vec::new();
    let mut current = cause.clone();
    for _ in 0..4 {
        if current.is_undefined() || current.is_null() {
            break;
        }
        if !current.is_object() {
            chain.push(Link {
                name: String::new(),
                message: current.as_string().unwrap_or_default(),
                code: None,
            });
            break;
        }
        chain.push(Link {
            name: read::string_property(&current, "name").unwrap_or_default(),
            message: read::string_property(&current, "message").unwrap_or_default(),
            code: read::string_property(&current, "code"),
        });
        current = read::property(&current, "cause").unwrap_or(JsValue::UNDEFINED);
    }
    chain
}

/// `"fetch failed (connect ECONNREFUSED 127.0.0.1:9)"`: the outer message, the causes in brackets.
pub fn describe(chain: &[Link]) -> String {
    let mut messages = chain
        .iter()
        .map(|l| l.message.as_str())
        .filter(|m| !m.is_empty());
    let mut text = messages.next().unwrap_or_default().to_owned();
    let rest = crate::core::text::join(messages, "; ");
    if !rest.is_empty() {
        text.push_str(" (");
        text.push_str(&rest);
        text.push(')');
    }
    text
}

/// Wait `ms` milliseconds; `Err` carries `signal.reason` when the signal fires first.
pub async fn sleep(ms: f64, signal: Option<&JsValue>) -> Result<(), JsValue> {
    let promise = js::sleep(js::timer_ms(ms), signal.unwrap_or(&JsValue::UNDEFINED));
    JsFuture::from(promise).await.map(drop)
}
