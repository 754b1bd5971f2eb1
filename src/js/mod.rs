//! The JS access layer. Every JS function the crate calls is declared here (or is a `js_sys`/`web_sys`
//! binding used on values the SDK made itself), and every one that can run a caller's code or throw
//! is declared with `catch`. A JS exception must never unwind through wasm frames: wasm-bindgen does
//! not restore the wasm stack pointer when that happens (wasm-bindgen issues #1963, #5245), so each
//! one leaks stack until every later call in the process fails. Calls that can throw and return a
//! value go through `js/calls.js`, which never throws: a `catch` import that returns a value leaks
//! an externref table slot each time it throws.
//!
//! `read` is the one module that touches callers' values: property reads, snapshots, iteration,
//! byte copies. Everything above it (`net`, `wasm`) works with Rust values and with JS values it
//! made or parsed itself.

pub mod read;

use js_sys::{Array, JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::error::Error;

/// An SDK error on its way to JS: the core's error, and a value of the caller's own to attach as its
/// `cause` unchanged (what the caller's getter threw, or the abort signal's reason).
pub struct Failure {
    pub error: Error,
    pub cause: Option<JsValue>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure { error, cause: None }
    }
}

// One block per JS module: wasm-bindgen emits a namespace import of the module for each block with
// plain imports, and two of the same module are duplicate keys in the glue's import object.
#[wasm_bindgen(module = "/js/calls.js")]
extern "C" {
    // Each returns whether the call succeeded and leaves its value, or what it threw, for
    // `outcome()`: see js/calls.js for why these are not `catch` imports returning values.
    #[wasm_bindgen(catch)]
    fn outcome() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = get, catch)]
    fn try_get(target: &JsValue, key: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = apply, catch)]
    fn try_apply(f: &JsValue, this: &JsValue, args: &Array) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = stringify, catch)]
    fn try_stringify(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = parse, catch)]
    fn try_parse(text: &JsString) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = arrayFrom, catch)]
    fn try_array_from(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = iterableFrom, catch)]
    fn try_iterable_from(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = keys, catch)]
    fn try_keys(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = assign, catch)]
    fn try_assign(target: &JsValue, source: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = copyBuffer, catch)]
    fn try_copy_buffer(buffer: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = copyView, catch)]
    fn try_copy_view(view: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = headers, catch)]
    fn try_headers(init: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_name = url, catch)]
    fn try_url(href: &str, base: &str) -> Result<bool, JsValue>;

    /// One attempt of a request (see `net::fetch`). Never throws or rejects: an async function whose
    /// answer says what happened.
    #[allow(clippy::too_many_arguments)]
    pub fn send(
        fetcher: &JsValue,
        url: &str,
        method: &str,
        content_type: Option<&str>,
        fixed: &JsValue,
        extra: &JsValue,
        key: &JsValue,
        body: &JsValue,
        api: bool,
        timeout_ms: f64,
        signal: &JsValue,
        limit: f64,
    ) -> Promise;
    /// Never throws; rejects with the signal's reason when it fires first.
    pub fn sleep(ms: f64, signal: &JsValue) -> Promise;
    /// Never throws: `{ promise, wake }`, the promise resolving when woken, after `ms` or on abort.
    pub fn wakeable(ms: f64, signal: &JsValue) -> Wakeable;
    /// Never throws.
    #[wasm_bindgen(js_name = isAborted)]
    pub fn signal_aborted(signal: &JsValue) -> bool;

    /// What `wakeable` returns: a plain object it made.
    pub type Wakeable;
    #[wasm_bindgen(method, getter)]
    pub fn promise(this: &Wakeable) -> Promise;
    #[wasm_bindgen(method, getter)]
    pub fn wake(this: &Wakeable) -> js_sys::Function;

    /// What `send` resolves to: a plain object it made, so reading it runs no caller code.
    pub type Answer;
    #[wasm_bindgen(method, getter)]
    pub fn failed(this: &Answer) -> Option<u32>;
    #[wasm_bindgen(method, getter)]
    pub fn cause(this: &Answer) -> JsValue;
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &Answer) -> f64;
    #[wasm_bindgen(method, getter)]
    pub fn redirected(this: &Answer) -> bool;
    #[wasm_bindgen(method, getter)]
    pub fn headers(this: &Answer) -> JsValue;
    #[wasm_bindgen(method, getter)]
    pub fn text(this: &Answer) -> JsString;

    /// Fills in both spellings of a generation's renamed fields, on a generation or on each of a
    /// list; only for values the SDK parsed itself.
    #[wasm_bindgen(js_name = normalizeGenerations)]
    pub fn normalize_generations(value: &JsValue);
}

/// The value of an `calls.js` call, or what it threw.
fn settled(ok: Result<bool, JsValue>) -> Result<JsValue, JsValue> {
    let value = outcome().unwrap_or(JsValue::UNDEFINED);
    match ok {
        Ok(true) => Ok(value),
        Ok(false) => Err(value),
        Err(e) => Err(e),
    }
}

pub fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue> {
    settled(try_get(target, key))
}
/// `f.apply(this, args)`.
pub fn apply(f: &JsValue, this: &JsValue, args: &Array) -> Result<JsValue, JsValue> {
    settled(try_apply(f, this, args))
}
pub fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue> {
    settled(try_stringify(value))
}
pub fn json_parse(text: &JsString) -> Result<JsValue, JsValue> {
    settled(try_parse(text))
}
pub fn array_from(value: &JsValue) -> Result<Array, JsValue> {
    settled(try_array_from(value)).map(JsCast::unchecked_into)
}
/// `Array.from` of an iterable; `Ok(None)` for a value that is not iterable.
pub fn iterable_from(value: &JsValue) -> Result<Option<Array>, JsValue> {
    settled(try_iterable_from(value)).map(|v| (!v.is_null()).then(|| v.unchecked_into()))
}
pub fn object_keys(value: &JsValue) -> Result<Array, JsValue> {
    settled(try_keys(value)).map(JsCast::unchecked_into)
}
pub fn object_assign(target: &JsValue, source: &JsValue) -> Result<JsValue, JsValue> {
    settled(try_assign(target, source))
}
/// A copy of a real `ArrayBuffer`; `Err` for anything else, including a detached one.
pub fn array_buffer_copy(buffer: &JsValue) -> Result<JsValue, JsValue> {
    settled(try_copy_buffer(buffer))
}
/// `new Uint8Array(view)`: a copy, read through the view's internal slots (no caller code);
/// `Err` when its buffer is detached.
pub fn copy_view(view: &JsValue) -> Result<js_sys::Uint8Array, JsValue> {
    settled(try_copy_view(view)).map(JsCast::unchecked_into)
}
/// `new Headers(init)`, which checks names and values the way `fetch` will.
pub fn new_headers(init: &JsValue) -> Result<web_sys::Headers, JsValue> {
    settled(try_headers(init)).map(JsCast::unchecked_into)
}
/// `new URL(href, base)`.
pub fn new_url(href: &str, base: &str) -> Result<web_sys::Url, JsValue> {
    settled(try_url(href, base)).map(JsCast::unchecked_into)
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    pub fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    pub fn get_random_values(buffer: &mut [u8]) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// `new <class>(message, options)` for the class named `name`.
    #[wasm_bindgen(js_name = makeError)]
    pub fn make_error(name: &str, message: &str, options: &JsValue) -> JsValue;
}

#[wasm_bindgen(module = "/js/files.js")]
extern "C" {
    /// Resolves to `{ blob, name, type, size }` for anything usable as a file; rejects otherwise.
    #[wasm_bindgen(js_name = toBlob, catch)]
    pub fn to_blob(
        value: &JsValue,
        fallback_name: &str,
        text_type: &str,
    ) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = isFileLike, catch)]
    pub fn is_file_like(value: &JsValue) -> Result<bool, JsValue>;
    /// The promise a method returns, given `withRawResponse()`, which reads the response that
    /// `hold_response` left in `held`.
    #[wasm_bindgen(js_name = withRawResponse)]
    pub fn with_raw_response(data: &Promise, held: &JsValue) -> Promise;
    /// Keeps a call's answer (from `js/calls.js`) and status text for `withRawResponse()`.
    #[wasm_bindgen(js_name = holdResponse)]
    pub fn hold_response(held: &JsValue, answer: &JsValue, status_text: &str);
}

/// Longest delay `setTimeout` honours: above 2^31-1 ms it fires at once.
pub const MAX_TIMER_MS: f64 = 2_147_483_647.0;

/// A delay clamped to what `setTimeout` can hold.
pub fn timer_ms(ms: f64) -> f64 {
    if ms.is_nan() {
        0.0
    } else {
        ms.clamp(0.0, MAX_TIMER_MS)
    }
}
