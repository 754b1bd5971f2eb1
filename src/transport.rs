//! The only place that calls `fetch`: one attempt with a timeout that covers headers and body, and the
//! caller's `AbortSignal`; plus an abortable sleep for retry backoff.
//!
//! It uses the *global* `fetch` (looked up at call time) or one injected with `{ fetch }`, never
//! `window.fetch`, so the same build runs in browsers, workers and server runtimes.

use js_sys::{Function, JsString, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit};

#[wasm_bindgen(module = "/js/response.js")]
extern "C" {
    #[wasm_bindgen(js_name = readTextLimited)]
    fn read_text_limited(response: &JsValue, limit: f64) -> Promise;
}

/// Most of an error body kept; the rest is not downloaded.
const ERROR_BODY_LIMIT: f64 = 64.0 * 1024.0;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Which `fetch` to call.
pub(crate) enum Fetcher {
    Global,
    /// From the `fetch` option; called with `this` undefined, as the global would be (a bound method
    /// such as `window.fetch` called on another object throws "Illegal invocation").
    Custom(Function),
}

/// A response whose body has been read (in full, or up to a limit for errors).
#[derive(Clone)]
pub(crate) struct Received {
    pub status: u16,
    /// The `Headers` object of the response.
    pub headers: JsValue,
    /// The body as a JS string; it is copied into wasm memory only when Rust needs to read it.
    pub text: JsString,
}

/// Why an attempt produced no response.
pub(crate) enum Failure {
    /// The caller's signal fired; carries `signal.reason`.
    Aborted(JsValue),
    TimedOut,
    /// `fetch` (or reading the body) rejected: carries what it rejected with.
    Network(JsValue),
}

/// Clears the timer and removes the abort listener however the attempt ends, including when the
/// future is dropped.
struct AttemptGuard<'a> {
    timer: JsValue,
    signal: Option<&'a AbortSignal>,
    on_abort: Function,
}

impl Drop for AttemptGuard<'_> {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(signal) = self.signal {
            let _ = signal.remove_event_listener_with_callback("abort", &self.on_abort);
        }
    }
}

/// Send one request and read its whole body, within `timeout_ms`.
pub(crate) async fn send(
    fetcher: &Fetcher,
    url: &str,
    init: &RequestInit,
    timeout_ms: f64,
    signal: Option<&AbortSignal>,
) -> Result<Received, Failure> {
    if let Some(signal) = signal.filter(|s| s.aborted()) {
        return Err(Failure::Aborted(signal.reason()));
    }
    let controller = AbortController::new().map_err(Failure::Network)?;
    init.set_signal(Some(&controller.signal()));

    // Both abort paths call `controller.abort` bound in JS, so no Rust closure has to outlive this
    // call. The timeout aborts with a private marker object so it can be told apart afterwards.
    let abort: Function = Reflect::get(&controller, &"abort".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| Failure::Network(JsValue::from_str("AbortController.abort is missing")))?;
    let timeout_marker: JsValue = Object::new().into();
    let on_timeout: Function = abort.bind1(&controller, &timeout_marker).unchecked_into();
    let timer = set_timeout(&on_timeout, timeout_ms);
    let on_abort: Function = abort.bind0(&controller).unchecked_into();
    if let Some(signal) = signal {
        let _ = signal.add_event_listener_with_callback("abort", &on_abort);
    }
    let _guard = AttemptGuard {
        timer,
        signal,
        on_abort,
    };

    let result = attempt(fetcher, url, init).await;
    result.map_err(|cause| {
        if let Some(signal) = signal.filter(|s| s.aborted()) {
            Failure::Aborted(signal.reason())
        } else if controller.signal().aborted() && controller.signal().reason() == timeout_marker {
            Failure::TimedOut
        } else {
            Failure::Network(cause)
        }
    })
}

async fn attempt(fetcher: &Fetcher, url: &str, init: &RequestInit) -> Result<Received, JsValue> {
    let pending = match fetcher {
        Fetcher::Global => global_fetch(url, init)?,
        Fetcher::Custom(f) => f.call2(&JsValue::UNDEFINED, &JsValue::from_str(url), init)?,
    };
    // `Promise.resolve` also accepts a custom fetch that returns a plain value.
    let response = JsFuture::from(Promise::resolve(&pending)).await?;
    // Read through Reflect rather than `web_sys::Response` so a wrong object from a custom fetch is an
    // error here, not an exception thrown through wasm.
    let not_a_response = || JsValue::from_str("fetch returned something that is not a Response");
    if !response.is_object() {
        return Err(not_a_response());
    }
    let status = Reflect::get(&response, &"status".into())?
        .as_f64()
        .ok_or_else(not_a_response)?;
    // `redirect: "manual"` in a browser gives an opaque response with status 0.
    let opaque_redirect = status == 0.0
        && Reflect::get(&response, &"type".into())
            .ok()
            .and_then(|t| t.as_string())
            .as_deref()
            == Some("opaqueredirect");
    if !(100.0..=999.0).contains(&status) && !opaque_redirect {
        return Err(not_a_response());
    }
    let headers = Reflect::get(&response, &"headers".into())?;
    let text = if (200.0..300.0).contains(&status) {
        let text_fn: Function = Reflect::get(&response, &"text".into())?
            .dyn_into()
            .map_err(|_| JsValue::from_str("fetch returned a Response without text()"))?;
        JsFuture::from(Promise::resolve(&text_fn.call0(&response)?)).await?
    } else {
        JsFuture::from(read_text_limited(&response, ERROR_BODY_LIMIT)).await?
    };
    let text = text
        .dyn_into::<JsString>()
        .unwrap_or_else(|_| JsString::from(""));
    Ok(Received {
        status: status as u16,
        headers,
        text,
    })
}

/// What a `fetch` rejection says about itself, down its `cause` chain (Node puts the socket error,
/// `ECONNREFUSED` and the like, in `cause`).
pub(crate) struct FailureDetail {
    /// The first error `code` on the chain, for `core::retry::never_sent`.
    pub code: Option<String>,
    /// The messages on the chain, outermost first.
    pub messages: Vec<String>,
}

impl FailureDetail {
    /// `"fetch failed (connect ECONNREFUSED 127.0.0.1:9)"`: the outer message, the causes in brackets.
    pub(crate) fn describe(&self) -> String {
        let mut text = self.messages.first().cloned().unwrap_or_default();
        if self.messages.len() > 1 {
            text.push_str(" (");
            text.push_str(&self.messages[1..].join("; "));
            text.push(')');
        }
        text
    }
}

pub(crate) fn failure_detail(cause: &JsValue) -> FailureDetail {
    let mut detail = FailureDetail {
        code: None,
        messages: Vec::new(),
    };
    let mut current = cause.clone();
    for _ in 0..4 {
        if !current.is_object() {
            detail
                .messages
                .extend(current.as_string().filter(|t| !t.is_empty()));
            break;
        }
        let text = |key: &str| {
            Reflect::get(&current, &key.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        if detail.code.is_none() {
            detail.code = text("code");
        }
        detail
            .messages
            .extend(text("message").filter(|m| !m.is_empty()));
        current = Reflect::get(&current, &"cause".into()).unwrap_or(JsValue::UNDEFINED);
    }
    detail
}

/// Wait `ms` milliseconds; `Err` carries `signal.reason` when the signal fires first.
pub(crate) async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), JsValue> {
    if let Some(signal) = signal.filter(|s| s.aborted()) {
        return Err(signal.reason());
    }
    let mut settle: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let Some((resolve, reject)) = settle else {
        return Ok(()); // The Promise executor runs synchronously; this cannot happen.
    };
    let timer = set_timeout(&resolve, ms);
    if let Some(signal) = signal {
        let _ = signal.add_event_listener_with_callback("abort", &reject);
    }
    let _guard = AttemptGuard {
        timer,
        signal,
        on_abort: reject,
    };
    match JsFuture::from(promise).await {
        Ok(_) => Ok(()),
        Err(_) => Err(signal.map(|s| s.reason()).unwrap_or(JsValue::UNDEFINED)),
    }
}
