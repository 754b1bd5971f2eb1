//! Running one API call: headers, attempts, retries, and turning the outcome into a JS value or a typed
//! JS error.

use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{Headers, RequestInit};

use crate::client::ClientInner;
use crate::core::error::{self, ApiFailure, ErrorClass};
use crate::core::{key, retry, url, SDK_HEADER_VALUE};
use crate::js_errors::{self, Fields};
use crate::options::CallOptions;
use crate::transport::{self, Failure, Received};

#[wasm_bindgen]
extern "C" {
    // `JSON.parse` on the JS string itself, so a response body is not copied into wasm memory to be
    // parsed (js_sys's binding takes a Rust `&str`).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
}

/// The API's `errorCode` when a keyed create may or may not have happened (with the generation's id).
pub(crate) const IDEMPOTENCY_OUTCOME_UNKNOWN: &str = "IDEMPOTENCY_OUTCOME_UNKNOWN";

/// How many same-origin redirects are followed.
const MAX_REDIRECTS: u32 = 5;

/// Longest excerpt of a non-JSON body put into a message.
const EXCERPT_CHARS: usize = 200;

/// What a call sends as its body.
pub(crate) enum Body {
    None,
    /// JSON text, sent with `content-type: application/json`.
    Json(String),
    /// Bytes held by JS (a Blob), with their content type: presigned uploads, and multipart bodies
    /// (see `crate::form`).
    Blob(web_sys::Blob, String),
}

/// One HTTP call, described before it is sent.
pub(crate) struct Call {
    pub method: &'static str,
    /// An API path with encoded parameters and query (`/v2/generate/abc`), or an absolute URL when
    /// `api` is false.
    pub path: String,
    pub body: Body,
    /// Whether sending it twice cannot repeat a side effect (see `core::retry::should_retry`).
    pub replay_safe: bool,
    /// A call to the Sync API (base URL, `x-api-key`, JSON answer) rather than to a presigned
    /// storage URL, which gets no key and whose answer body is ignored.
    pub api: bool,
}

impl Call {
    pub(crate) fn get(path: String) -> Call {
        Call {
            method: "GET",
            path,
            body: Body::None,
            replay_safe: true,
            api: true,
        }
    }

    pub(crate) fn post_json(path: &str, json: String, replay_safe: bool) -> Call {
        Call {
            method: "POST",
            path: path.to_owned(),
            body: Body::Json(json),
            replay_safe,
            api: true,
        }
    }

    /// The path for messages: no host, no query (which can be long), never a presigned signature.
    fn shown_path(&self) -> &str {
        let path = self.path.split('?').next().unwrap_or("");
        if self.api {
            path
        } else {
            "the upload URL"
        }
    }
}

/// A successful answer.
pub(crate) struct Reply {
    /// Parsed JSON, or `null` for an empty body (or a non-API call).
    pub data: JsValue,
    pub status: u16,
    pub headers: JsValue,
    pub url: String,
}

impl Reply {
    /// The same reply with its data as generation(s), both field spellings filled in.
    pub(crate) fn generations(self) -> Reply {
        crate::generation::normalize(&self.data);
        self
    }

    /// `{ status, headers, url }`, the `rawResponse` of `withRawResponse()`.
    pub(crate) fn raw_response(&self) -> JsValue {
        Fields::new()
            .with("status", self.status)
            .with("statusText", error::reason_phrase(self.status))
            .with("headers", self.headers.clone())
            .with("url", self.url.as_str())
            .into_object()
    }
}

/// Send `call` with retries and return the parsed JSON body.
pub(crate) async fn execute(
    client: &ClientInner,
    call: Call,
    options: &CallOptions,
) -> Result<JsValue, JsValue> {
    execute_reply(client, call, options)
        .await
        .map(|reply| reply.data)
}

/// Send `call` with retries and return the whole answer.
pub(crate) async fn execute_reply(
    client: &ClientInner,
    call: Call,
    options: &CallOptions,
) -> Result<Reply, JsValue> {
    let full_url = if call.api {
        url::join(&client.base_url, &call.path)
    } else {
        call.path.clone()
    };
    let timeout_ms = options.timeout_ms.unwrap_or(client.timeout_ms);
    let max_retries = options.max_retries.unwrap_or(client.max_retries);
    let signal = options.signal.as_ref();

    let init = RequestInit::new();
    init.set_method(call.method);
    if call.api {
        init.set_redirect(web_sys::RequestRedirect::Manual);
    }
    init.set_headers(&build_headers(client, &call, options)?.into());
    match &call.body {
        Body::None => {}
        Body::Json(text) => init.set_body(&JsValue::from_str(text)),
        Body::Blob(blob, _) => init.set_body(blob),
    }

    let mut url = full_url.clone();
    let mut redirects = 0;
    let mut retries_done = 0;
    loop {
        let (outcome, received) =
            match transport::send(&client.fetcher, &url, &init, timeout_ms, signal).await {
                Ok(r) if (200..300).contains(&r.status) => return success(client, &call, &url, r),
                Ok(r) if call.api && is_redirect(r.status) => {
                    url = follow_redirect(&call, &full_url, &url, &r, redirects)?;
                    redirects += 1;
                    continue;
                }
                Ok(r) => (retry::Outcome::Status(r.status), Some(r)),
                Err(Failure::Aborted(reason)) => return Err(abort_error(&call, reason)),
                Err(Failure::TimedOut) => (retry::Outcome::TimedOut, None),
                Err(Failure::Network(cause)) => {
                    let detail = transport::failure_detail(&cause);
                    let outcome =
                        if retry::never_sent(detail.code.as_deref(), &detail.messages.join(" ")) {
                            retry::Outcome::NeverSent
                        } else {
                            retry::Outcome::ConnectionFailed
                        };
                    if !retry::should_retry(
                        outcome,
                        retries_done,
                        max_retries,
                        call.replay_safe,
                        None,
                    ) {
                        return Err(connection_error(
                            client,
                            &call,
                            &cause,
                            &detail.describe(),
                            retries_done,
                        ));
                    }
                    (outcome, None)
                }
            };
        // A keyed create whose outcome the API could not determine is not sent again: the caller
        // fetches the generation the API names instead (see `generations::create_reply`).
        if let Some(r) = received
            .as_ref()
            .filter(|r| r.status == 503 && call.method == "POST")
        {
            let error = api_error(client, &call, r.clone());
            if error_code(&error).as_deref() == Some(IDEMPOTENCY_OUTCOME_UNKNOWN) {
                return Err(error);
            }
        }
        let header = |name: &str| received.as_ref().and_then(|r| header(&r.headers, name));
        let should_retry_header = retry::parse_should_retry(header("x-should-retry").as_deref());
        if !retry::should_retry(
            outcome,
            retries_done,
            max_retries,
            call.replay_safe,
            should_retry_header,
        ) {
            return Err(match received {
                Some(r) => api_error(client, &call, r),
                None => timeout_error(&call, timeout_ms, retries_done),
            });
        }
        let delay = retry::delay_ms(
            retries_done,
            header("retry-after-ms").as_deref(),
            header("retry-after").as_deref(),
            js_sys::Date::now(),
            js_sys::Math::random(),
        );
        transport::sleep(delay, signal)
            .await
            .map_err(|reason| abort_error(&call, reason))?;
        retries_done += 1;
    }
}

/// The `errorCode` property of a built error.
pub(crate) fn error_code(error: &JsValue) -> Option<String> {
    Reflect::get(error, &"errorCode".into()).ok()?.as_string()
}

fn is_redirect(status: u16) -> bool {
    matches!(status, 0 | 301 | 302 | 303 | 307 | 308)
}

/// The next URL of a same-origin redirect, or the error that stops it. Redirects are handled here
/// (`redirect: "manual"`) so the API key is never sent to another origin.
fn follow_redirect(
    call: &Call,
    base: &str,
    current: &str,
    r: &Received,
    redirects: u32,
) -> Result<String, JsValue> {
    let fail = |message: String| {
        Fields::new()
            .with("status", r.status)
            .with("headers", r.headers.clone())
            .build(ErrorClass::Api, &message)
    };
    let route = format!("{} {}", call.method, call.shown_path());
    if r.status == 0 {
        return Err(fail(format!(
            "{route} answered with a redirect, which a browser hides from scripts, so the SDK cannot \
             check that it stays on the API's origin and does not follow it. Set baseUrl to the API's \
             final address."
        )));
    }
    if redirects >= MAX_REDIRECTS {
        return Err(fail(format!(
            "{route} was redirected more than {MAX_REDIRECTS} times."
        )));
    }
    let Some(location) = header(&r.headers, "location") else {
        return Err(fail(format!(
            "{route} answered {} without a Location header.",
            r.status
        )));
    };
    let next = web_sys::Url::new_with_base(&location, current).map_err(|_| {
        fail(format!(
            "{route} answered {} with an invalid Location.",
            r.status
        ))
    })?;
    let origin = web_sys::Url::new(base)
        .map(|u| u.origin())
        .unwrap_or_default();
    if next.origin() != origin {
        return Err(fail(format!(
            "{route} was redirected ({}) to another origin, {}. The SDK does not follow it, so your \
             API key is not sent there. If the API has moved, set baseUrl to that origin.",
            r.status,
            next.origin()
        )));
    }
    // 301/302/303 would turn a POST into a GET without its body.
    if call.method != "GET" && !matches!(r.status, 307 | 308) {
        return Err(fail(format!(
            "{route} was redirected ({}), which would drop the request body.",
            r.status
        )));
    }
    Ok(next.href())
}

fn build_headers(
    client: &ClientInner,
    call: &Call,
    options: &CallOptions,
) -> Result<Headers, JsValue> {
    let failed = |_| js_errors::configuration("Could not build the request headers.");
    let headers = Headers::new().map_err(failed)?;
    match &call.body {
        Body::Json(_) => headers
            .set("content-type", "application/json")
            .map_err(failed)?,
        Body::Blob(_, content_type) if !content_type.is_empty() => {
            headers.set("content-type", content_type).map_err(failed)?
        }
        _ => {}
    }
    if !call.api {
        // A presigned URL: its signature is the authorization; the API key must not go there.
        return Ok(headers);
    }
    headers.set("accept", "application/json").map_err(failed)?;
    headers
        .set("x-sync-sdk", SDK_HEADER_VALUE)
        .map_err(failed)?;
    for (name, value) in client.headers.iter().chain(options.headers.iter()) {
        headers.set(name, value).map_err(failed)?;
    }
    if let Some(key) = &options.idempotency_key {
        headers.set("idempotency-key", key).map_err(failed)?;
    }
    // Last, so nothing can replace it; validated at construction so it cannot make `set` throw.
    headers
        .set("x-api-key", client.key.expose())
        .map_err(failed)?;
    Ok(headers)
}

fn header(headers: &JsValue, name: &str) -> Option<String> {
    let get: js_sys::Function = Reflect::get(headers, &"get".into()).ok()?.dyn_into().ok()?;
    get.call1(headers, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

fn success(client: &ClientInner, call: &Call, url: &str, r: Received) -> Result<Reply, JsValue> {
    let data = if !call.api || r.text.length() == 0 {
        JsValue::NULL
    } else {
        json_parse(&r.text).map_err(|_| {
            let text = key::redact(&String::from(&r.text), client.key.expose());
            let content_type = header(&r.headers, "content-type").unwrap_or_default();
            let message = error::unexpected_body_message(
                r.status,
                call.method,
                call.shown_path(),
                &content_type,
                &error::excerpt(&text, EXCERPT_CHARS),
            );
            Fields::new()
                .with("status", r.status)
                .with("body", text)
                .with("headers", r.headers.clone())
                .build(ErrorClass::Api, &message)
        })?
    };
    Ok(Reply {
        data,
        status: r.status,
        headers: r.headers,
        url: url.to_owned(),
    })
}

fn api_error(client: &ClientInner, call: &Call, r: Received) -> JsValue {
    let secret = client.key.expose();
    let text = key::redact(&String::from(&r.text), secret);
    let body = if text.is_empty() {
        JsValue::UNDEFINED
    } else {
        json_parse(&JsString::from(text.as_str())).unwrap_or_else(|_| JsValue::from_str(&text))
    };
    let field = |name: &str| -> Option<String> {
        if !body.is_object() {
            return None;
        }
        Reflect::get(&body, &JsValue::from_str(name))
            .ok()?
            .as_string()
            .filter(|s| !s.is_empty())
    };
    let server_message = if body.is_object() {
        body_message(&body)
    } else {
        Some(error::excerpt(text.trim(), EXCERPT_CHARS)).filter(|s| !s.is_empty())
    };
    // `errorCode`/`error_code` are machine codes; `error` (NestJS's reason phrase, "Unauthorized") is
    // only a fallback for the property and is not repeated in the message.
    let machine_code = field("errorCode").or_else(|| field("error_code"));
    let error_code = machine_code.clone().or_else(|| field("error"));
    let request_id = header(&r.headers, "x-request-id")
        .or_else(|| header(&r.headers, "request-id"))
        .or_else(|| field("requestId"));
    let message = error::api_error_message(&ApiFailure {
        status: r.status,
        method: call.method,
        path: call.shown_path(),
        server_message: server_message.as_deref(),
        error_code: machine_code.as_deref(),
        request_id: request_id.as_deref(),
        key_source: Some(client.key.source()),
    });
    Fields::new()
        .with("status", r.status)
        .with("body", body)
        .with("errorCode", error_code)
        .with("requestId", request_id)
        .with("headers", redacted_headers(&r.headers, secret))
        .build(ErrorClass::for_status(r.status), &message)
}

/// `message` of an error body: a string, or NestJS validation's list of strings.
fn body_message(body: &JsValue) -> Option<String> {
    let message = Reflect::get(body, &"message".into()).ok()?;
    if let Some(text) = message.as_string() {
        return Some(text);
    }
    if Array::is_array(&message) {
        let parts: Vec<String> = Array::from(&message)
            .iter()
            .filter_map(|m| m.as_string())
            .collect();
        return Some(parts.join("; "));
    }
    None
}

/// The response headers, or a redacted copy in the unlikely case one echoes the key.
fn redacted_headers(headers: &JsValue, secret: &str) -> JsValue {
    let Ok(Some(entries)) = js_sys::try_iter(headers) else {
        return headers.clone();
    };
    let pairs: Vec<(String, String)> = entries
        .flatten()
        .filter_map(|e| {
            let pair = Array::from(&e);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    if !pairs.iter().any(|(_, v)| v.contains(secret)) {
        return headers.clone();
    }
    let Ok(copy) = Headers::new() else {
        return JsValue::UNDEFINED;
    };
    for (name, value) in pairs {
        let _ = copy.append(&name, &key::redact(&value, secret));
    }
    copy.into()
}

fn attempts_text(retries_done: u32) -> String {
    match retries_done {
        0 => String::new(),
        n => format!(" (after {} attempts)", n + 1),
    }
}

fn timeout_error(call: &Call, timeout_ms: f64, retries_done: u32) -> JsValue {
    let message = format!(
        "{} {} timed out after {} ms{}. Raise timeoutInSeconds on the client or for this request if \
         the API is slow, or check the network.",
        call.method,
        call.shown_path(),
        timeout_ms as u64,
        attempts_text(retries_done)
    );
    Fields::new()
        .with("timeoutMs", timeout_ms)
        .build(ErrorClass::Timeout, &message)
}

fn abort_error(call: &Call, reason: JsValue) -> JsValue {
    let message = format!(
        "{} {} was aborted by the caller's AbortSignal.",
        call.method,
        call.shown_path()
    );
    Fields::new()
        .with("cause", reason)
        .build(ErrorClass::Abort, &message)
}

fn connection_error(
    client: &ClientInner,
    call: &Call,
    cause: &JsValue,
    detail: &str,
    retries_done: u32,
) -> JsValue {
    let detail = key::redact(&detail, client.key.expose());
    let target = if call.api {
        format!("the Sync API at {}", client.base_url)
    } else {
        "the storage server".to_owned()
    };
    let message = format!(
        "Could not reach {target} for {} {}{}: {}. Check the network and baseUrl; in a browser this \
         also happens when the server's CORS policy refuses the request.",
        call.method,
        call.shown_path(),
        attempts_text(retries_done),
        if detail.is_empty() { "fetch failed" } else { &detail }
    );
    Fields::new()
        .with("cause", cause.clone())
        .build(ErrorClass::Connection, &message)
}
