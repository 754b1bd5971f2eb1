//! The edge: where a Rust `Failure` becomes a JS error, in exactly one place, after redacting the API
//! key from everything it carries; and the promise every async method returns.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::op::Op;
use crate::core::error::{reason_phrase, Body, ErrorClass, Link};
use crate::core::json::Json;
use crate::js::{self, read, Failure};
use crate::net::Client;

/// The JS error for `failure`, redacted against `key` (empty when no key is known yet).
pub(crate) fn to_js(failure: Failure, key: &str) -> JsValue {
    let Failure { mut error, cause } = failure;
    error.redact(key);
    let message = error.message();
    let options: JsValue = Object::new().into();
    let set = |name: &str, value: JsValue| read::set(&options, name, &value);
    if error.class == ErrorClass::GenerationFailed {
        if let Some(status) = &error.generation_status {
            set("status", status.as_str().into());
        }
    } else if let Some(status) = error.status {
        set("status", status.into());
    }
    match &error.body {
        Some(Body::Json(json)) => set("body", parsed(json)),
        Some(Body::Text(text)) => set("body", text.as_str().into()),
        None => {}
    }
    let text = |name: &str, value: &Option<String>| {
        if let Some(v) = value {
            read::set(&options, name, &JsValue::from_str(v));
        }
    };
    text("errorCode", &error.error_code);
    text("requestId", &error.request_id);
    text("field", &error.field);
    text("error", &error.generation_error);
    if let Some(headers) = &error.headers {
        set("headers", headers_of(headers));
    }
    if let Some(ms) = error.timeout_ms {
        set("timeoutMs", ms.into());
    }
    if let Some(reason) = error.reason {
        set("reason", reason.into());
    }
    if let Some(generation) = &error.generation {
        let generation = parsed(generation);
        super::generation::normalize(&generation);
        set("generation", generation);
    }
    match cause {
        Some(cause) => set("cause", cause),
        None if !error.cause.is_empty() => set("cause", chain(&error.cause)),
        None => {}
    }
    js::make_error(error.class.js_name(), &message, &options)
}

/// One `runMany` result: `{ index, status: "fulfilled", generation }` or
/// `{ index, status: "rejected", error }`, the error made here like every other.
pub(crate) fn settled(index: usize, result: Result<JsValue, Failure>, key: &str) -> JsValue {
    let value: JsValue = Object::new().into();
    read::set(&value, "index", &JsValue::from(index as f64));
    match result {
        Ok(generation) => {
            read::set(&value, "status", &JsValue::from_str("fulfilled"));
            read::set(&value, "generation", &generation);
        }
        Err(failure) => {
            read::set(&value, "status", &JsValue::from_str("rejected"));
            read::set(&value, "error", &to_js(failure, key));
        }
    }
    value
}

/// A JSON tree as the JS value `JSON.parse` gives for it.
fn parsed(json: &Json) -> JsValue {
    js::json_parse(&json.to_text().as_str().into()).unwrap_or(JsValue::NULL)
}

fn headers_of(pairs: &[(String, String)]) -> JsValue {
    let Ok(headers) = web_sys::Headers::new() else {
        return JsValue::UNDEFINED;
    };
    for (name, value) in pairs {
        let _ = headers.append(name, value);
    }
    headers.into()
}

/// The sanitized `cause` chain as plain `Error`s, outermost first.
fn chain(links: &[Link]) -> JsValue {
    let mut inner = JsValue::UNDEFINED;
    for link in links.iter().rev() {
        let e = js_sys::Error::new(&link.message);
        if !link.name.is_empty() {
            e.set_name(&link.name);
        }
        if let Some(code) = &link.code {
            read::set(&e, "code", &JsValue::from_str(code));
        }
        if !inner.is_undefined() {
            read::set(&e, "cause", &inner);
        }
        inner = e.into();
    }
    inner
}

/// The promise an API method returns: its data, with `withRawResponse()`. Every failure, bad
/// arguments included, rejects it with a typed error; nothing throws. The response the data came
/// from is left in `held`, from which `withRawResponse()` makes `rawResponse` only when asked.
pub(crate) fn respond(client: &Rc<Client>, op: Result<Op, Failure>) -> Promise {
    let client = client.clone();
    let held: JsValue = Object::new().into();
    let hold = held.clone();
    let data = spawn(Box::pin(async move {
        let result = match op {
            Ok(op) => super::op::run(&client, op).await,
            Err(failure) => Err(failure),
        };
        match result {
            Ok(reply) => {
                js::hold_response(&hold, &reply.answer, reason_phrase(reply.status));
                Ok(reply.data)
            }
            Err(failure) => Err(to_js(failure, client.key.expose())),
        }
    }));
    js::with_raw_response(&data, &held)
}

/// A promise of a plain value (the iterator's steps, `runMany`'s results), rejected with a typed
/// error. `work` is boxed so that every caller shares one copy of this function.
pub(crate) fn promise(client: Rc<Client>, work: Work) -> Promise {
    spawn(Box::pin(async move {
        work.await.map_err(|f| to_js(f, client.key.expose()))
    }))
}

/// The work behind `promise`.
pub(crate) type Work = Pin<Box<dyn Future<Output = Result<JsValue, Failure>>>>;

/// One instance of `future_to_promise` for every promise the SDK returns.
fn spawn(work: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>) -> Promise {
    future_to_promise(work)
}
