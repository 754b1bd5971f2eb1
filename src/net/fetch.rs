//! The only place that calls `fetch`: one attempt with a timeout that covers headers and body, and the
//! caller's `AbortSignal`; plus an abortable sleep for backoff.
//!
//! It uses the *global* `fetch` (looked up at call time) or one injected with `{ fetch }`, never
//! `window.fetch`, so the same build runs in browsers, workers and server runtimes.

use js_sys::{Function, JsString, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit};

use super::Fetcher;
use crate::core::error::{Link, BODY_LIMIT_BYTES};
use crate::js::{self, read};

/// A response whose body has been read (in full, or up to the limit for errors).
pub struct Received {
    pub status: u16,
    /// A browser's opaque answer to `redirect: "manual"` (status 0).
    pub redirected: bool,
    /// The response's `Headers`.
    pub headers: JsValue,
    /// The body as a JS string; copied into wasm memory only when Rust must read it.
    pub text: JsString,
}

/// Why an attempt produced no response.
pub enum Failed {
    /// The caller's signal fired; carries `signal.reason`.
    Aborted(JsValue),
    TimedOut,
    /// `fetch` (or reading the body) rejected or threw: carries what it threw.
    Network(JsValue),
}

pub fn aborted(signal: &JsValue) -> bool {
    read::property(signal, "aborted")
        .ok()
        .and_then(|a| a.as_bool())
        .unwrap_or(false)
}

pub fn reason(signal: &JsValue) -> JsValue {
    read::property(signal, "reason").unwrap_or(JsValue::UNDEFINED)
}

/// Clears the timer and removes the abort listener however the attempt ends, including when the
/// future is dropped.
struct Guard<'a> {
    timer: JsValue,
    signal: Option<&'a JsValue>,
    on_abort: Function,
}

impl Guard<'_> {
    fn listen(&self) {
        if let Some(signal) = self.signal {
            let _ = read::call(
                signal,
                "addEventListener",
                &[&"abort".into(), &self.on_abort],
            );
        }
    }
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        js::clear_timeout(&self.timer);
        if let Some(signal) = self.signal {
            let _ = read::call(
                signal,
                "removeEventListener",
                &[&"abort".into(), &self.on_abort],
            );
        }
    }
}

/// Send one request and read its body, within `timeout_ms`.
pub async fn send(
    fetcher: &Fetcher,
    url: &str,
    init: &RequestInit,
    timeout_ms: f64,
    signal: Option<&JsValue>,
) -> Result<Received, Failed> {
    if let Some(signal) = signal.filter(|s| aborted(s)) {
        return Err(Failed::Aborted(reason(signal)));
    }
    let controller = AbortController::new().map_err(Failed::Network)?;
    init.set_signal(Some(&controller.signal()));
    // Both abort paths call `controller.abort` bound in JS, so no Rust closure has to outlive this
    // call. The timeout aborts with a private marker object so it can be told apart afterwards.
    let abort: Function = read::property(&controller, "abort")
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| Failed::Network(JsValue::from_str("AbortController.abort is missing")))?;
    let timeout_marker: JsValue = Object::new().into();
    let on_timeout: Function = abort.bind1(&controller, &timeout_marker).unchecked_into();
    let guard = Guard {
        timer: js::set_timeout(&on_timeout, timeout_ms),
        signal,
        on_abort: abort.bind0(&controller).unchecked_into(),
    };
    guard.listen();

    let result = attempt(fetcher, url, init).await;
    drop(guard);
    result.map_err(|cause| match signal.filter(|s| aborted(s)) {
        Some(signal) => Failed::Aborted(reason(signal)),
        None if controller.signal().aborted() && controller.signal().reason() == timeout_marker => {
            Failed::TimedOut
        }
        None => Failed::Network(cause),
    })
}

async fn attempt(fetcher: &Fetcher, url: &str, init: &RequestInit) -> Result<Received, JsValue> {
    let pending = match fetcher {
        Fetcher::Global => js::global_fetch(url, init)?,
        Fetcher::Custom(f) => js::apply(
            f,
            &JsValue::UNDEFINED,
            &js_sys::Array::of2(&JsValue::from_str(url), init),
        )?,
    };
    let answer = JsFuture::from(js::receive(&pending, BODY_LIMIT_BYTES as f64)?).await?;
    // `answer` is the plain object `receive` made.
    let field = |key: &str| read::property(&answer, key).unwrap_or(JsValue::UNDEFINED);
    Ok(Received {
        status: field("status").as_f64().unwrap_or(0.0) as u16,
        redirected: field("redirected").is_truthy(),
        headers: field("headers"),
        text: field("text")
            .dyn_into()
            .unwrap_or_else(|_| JsString::from("")),
    })
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
    if let Some(signal) = signal.filter(|s| aborted(s)) {
        return Err(reason(signal));
    }
    let mut settle: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let Some((resolve, reject)) = settle else {
        return Ok(()); // The Promise executor runs synchronously; this cannot happen.
    };
    let guard = Guard {
        timer: js::set_timeout(&resolve, ms),
        signal,
        on_abort: reject,
    };
    guard.listen();
    let slept = JsFuture::from(promise).await;
    drop(guard);
    match slept {
        Ok(_) => Ok(()),
        Err(_) => Err(signal.map(reason).unwrap_or(JsValue::UNDEFINED)),
    }
}
