//! One API call: headers, attempts, retries within the caller's deadline, same-origin redirects, and
//! the outcome as a parsed reply or a `core::error::Error`.

use js_sys::JsString;
use wasm_bindgen::prelude::*;

use super::fetch::{self, Attempt, Failed, Received};
use super::{header_array, pairs, CallOptions, Client};
use crate::core::error::{
    header, Error, ErrorClass, Redirect, What, BODY_LIMIT_BYTES, IDEMPOTENCY_OUTCOME_UNKNOWN,
    MAX_REDIRECTS,
};
use crate::core::{retry, url};
use crate::js::{self, read, Failure};

/// What a call sends as its body.
pub enum Body {
    None,
    /// JSON text, sent with `content-type: application/json`.
    Json(String),
    /// Bytes held by JS (a Blob), with their content type: presigned uploads, and multipart bodies
    /// (see `net::form`).
    Blob(web_sys::Blob, String),
}

/// One HTTP call, described before it is sent.
pub struct Call {
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
    pub fn get(path: String) -> Call {
        Call {
            method: "GET",
            path,
            body: Body::None,
            replay_safe: true,
            api: true,
        }
    }

    pub fn post_json(path: &str, json: String, replay_safe: bool) -> Call {
        Call {
            method: "POST",
            path: path.to_owned(),
            body: Body::Json(json),
            replay_safe,
            api: true,
        }
    }

    /// The path for messages: no host, no query (which can be long), never a presigned signature.
    fn shown_path(&self) -> String {
        if self.api {
            self.path.split('?').next().unwrap_or_default().to_owned()
        } else {
            "the upload URL".to_owned()
        }
    }
}

/// A successful answer.
pub struct Reply {
    /// Parsed JSON, or `null` for an empty body (or a non-API call).
    pub data: JsValue,
    /// The body as received, for errors about it.
    pub text: JsString,
    pub status: u16,
    /// What `js/calls.js` answered: `{ status, headers, url, ... }`, for `rawResponse`.
    pub answer: JsValue,
    method: &'static str,
    path: String,
}

impl Reply {
    /// A string field of the data.
    pub fn field(&self, key: &str) -> Option<String> {
        read::string_property(&self.data, key)
    }

    /// The error for an answer that lacks `what` ("an id").
    pub fn missing(&self, what: &'static str) -> Failure {
        Error::missing(
            self.status,
            self.method,
            self.path.clone(),
            what,
            capped(&self.text),
        )
        .into()
    }
}

/// At most `BODY_LIMIT_BYTES` of a body, copied into wasm memory.
fn capped(text: &JsString) -> String {
    let mut head = String::from(text.slice(0, BODY_LIMIT_BYTES as u32));
    crate::core::text::truncate_bytes(&mut head, BODY_LIMIT_BYTES);
    head
}

/// Send `call` with retries and return the answer.
pub async fn execute(client: &Client, call: Call, options: &CallOptions) -> Result<Reply, Failure> {
    let full_url = if call.api {
        url::join(&client.base_url, &call.path)
    } else {
        call.path.clone()
    };
    let timeout_ms = options.timeout_ms.unwrap_or(client.timeout_ms);
    let max_retries = options.max_retries.unwrap_or(client.max_retries);
    let signal = options.signal.as_ref();
    let method = call.method;

    let (body, content_type) = match &call.body {
        Body::None => (JsValue::UNDEFINED, None),
        Body::Json(text) => (JsValue::from_str(text), Some("application/json")),
        Body::Blob(blob, content_type) => (
            blob.into(),
            Some(content_type.as_str()).filter(|t| !t.is_empty()),
        ),
    };
    let extra = if call.api {
        let idempotency = options.idempotency_key.as_deref();
        header_array(pairs(&options.headers).chain(idempotency.map(|key| ("idempotency-key", key))))
    } else {
        JsValue::UNDEFINED
    };

    let time_left = || {
        options
            .deadline_ms
            .map_or(f64::INFINITY, |d| d - js_sys::Date::now())
    };
    let aborted = |reason: JsValue| Failure {
        error: Error::new(
            ErrorClass::Abort,
            What::Aborted {
                method,
                path: call.shown_path(),
            },
        ),
        cause: Some(reason),
    };
    let mut url = full_url.clone();
    let mut redirects = 0;
    let mut retries_done = 0;
    loop {
        // Every attempt ends by the deadline; none starts after it.
        let left = time_left();
        if left <= 0.0 {
            return Err(Error::new(ErrorClass::Timeout, What::Deadline).into());
        }
        let attempt_ms = timeout_ms.min(left);
        let attempt = Attempt {
            url: &url,
            method,
            content_type,
            extra: &extra,
            body: &body,
            api: call.api,
            timeout_ms: attempt_ms,
            signal,
        };
        let (outcome, failure) = match fetch::send(client, &attempt).await {
            Ok(r) if (200..300).contains(&r.status) => return success(&call, r),
            Ok(r) if call.api && (r.redirected || is_redirect(r.status)) => {
                url = follow_redirect(&call, &full_url, &url, &r, redirects)?;
                redirects += 1;
                continue;
            }
            Ok(r) => {
                let headers = read::string_pairs(&r.headers);
                let e = Error::from_status(
                    r.status,
                    method,
                    call.shown_path(),
                    capped(&r.text),
                    headers,
                    call.api.then(|| client.key.source()),
                );
                // A keyed create whose outcome the API could not determine is not sent again: the
                // caller fetches the generation the API names instead.
                if r.status == 503
                    && method == "POST"
                    && e.error_code.as_deref() == Some(IDEMPOTENCY_OUTCOME_UNKNOWN)
                {
                    return Err(e.into());
                }
                (retry::Outcome::Status(r.status), e)
            }
            Err(Failed::Aborted(reason)) => return Err(aborted(reason)),
            Err(Failed::BadHeaders) => {
                return Err(Error::configuration("Could not build the request headers.").into())
            }
            Err(Failed::TimedOut) if attempt_ms < timeout_ms => {
                return Err(Error::new(ErrorClass::Timeout, What::Deadline).into())
            }
            Err(Failed::TimedOut) => {
                let mut e = Error::new(
                    ErrorClass::Timeout,
                    What::Timeout {
                        method,
                        path: call.shown_path(),
                        retries: retries_done,
                    },
                );
                e.timeout_ms = Some(timeout_ms);
                (retry::Outcome::TimedOut, e)
            }
            Err(Failed::Network(cause)) => {
                let chain = fetch::failure_chain(&cause);
                let code = chain.iter().find_map(|l| l.code.as_deref());
                let detail = fetch::describe(&chain);
                let outcome = if retry::never_sent(code, &detail) {
                    retry::Outcome::NeverSent
                } else {
                    retry::Outcome::ConnectionFailed
                };
                let mut e = Error::new(
                    ErrorClass::Connection,
                    What::Connection {
                        target: if call.api {
                            crate::core::text::concat(&["the Sync API at ", &client.base_url])
                        } else {
                            "the storage server".to_owned()
                        },
                        method,
                        path: call.shown_path(),
                        retries: retries_done,
                        detail,
                        cors: client.cors_applies,
                    },
                );
                e.cause = chain;
                (outcome, e)
            }
        };
        let header = |name: &str| failure.headers.as_deref().and_then(|h| header(h, name));
        let should_retry_header = retry::parse_should_retry(header("x-should-retry"));
        if !retry::should_retry(
            outcome,
            retries_done,
            max_retries,
            call.replay_safe,
            should_retry_header,
            !options.leave_429_to_caller,
        ) {
            return Err(failure.into());
        }
        let delay = retry::delay_ms(
            retries_done,
            header("retry-after-ms"),
            header("retry-after"),
            js_sys::Date::now(),
            js_sys::Math::random(),
        );
        // The backoff ends by the deadline too; the loop then stops at its top.
        fetch::sleep(delay.min(time_left().max(0.0)), signal)
            .await
            .map_err(aborted)?;
        retries_done += 1;
    }
}

fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The next URL of a same-origin redirect, or the error that stops it. Redirects are handled here
/// (`redirect: "manual"`) so the API key is never sent to another origin.
fn follow_redirect(
    call: &Call,
    base: &str,
    current: &str,
    r: &Received,
    redirects: u32,
) -> Result<String, Failure> {
    let headers = read::string_pairs(&r.headers);
    let fail = |problem: Redirect| -> Failure {
        let mut e = Error::new(
            ErrorClass::Api,
            What::Redirect {
                method: call.method,
                path: call.shown_path(),
                problem,
            },
        );
        e.status = Some(r.status);
        e.headers = Some(headers.clone());
        e.into()
    };
    if r.redirected {
        return Err(fail(Redirect::Hidden));
    }
    if redirects >= MAX_REDIRECTS {
        return Err(fail(Redirect::TooMany));
    }
    let Some(location) = header(&headers, "location") else {
        return Err(fail(Redirect::NoLocation));
    };
    let next = js::new_url(location, current).map_err(|_| fail(Redirect::BadLocation))?;
    let origin = js::new_url(base, base)
        .map(|u| u.origin())
        .unwrap_or_default();
    if next.origin() != origin {
        return Err(fail(Redirect::OtherOrigin(next.origin())));
    }
    // 301/302/303 would turn a POST into a GET without its body.
    if call.method != "GET" && !matches!(r.status, 307 | 308) {
        return Err(fail(Redirect::DropsBody));
    }
    Ok(next.href())
}

fn success(call: &Call, r: Received) -> Result<Reply, Failure> {
    let data = if !call.api || r.text.length() == 0 {
        JsValue::NULL
    } else {
        js::json_parse(&r.text).map_err(|_| {
            Error::not_json(
                r.status,
                call.method,
                call.shown_path(),
                capped(&r.text),
                read::string_pairs(&r.headers),
            )
        })?
    };
    Ok(Reply {
        data,
        text: r.text,
        status: r.status,
        answer: r.answer,
        method: call.method,
        path: call.shown_path(),
    })
}
