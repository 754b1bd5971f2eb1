//! Every failure the SDK reports, as a Rust value: its class, what happened (from which the message is
//! rendered) and the structured detail the JS error carries. Built here and by the net layer,
//! redacted by `core::redact`, and turned into a JS error in one place (`crate::wasm::edge`).
//!
//! The message is rendered only after redaction, so text cut short for a message (`excerpt`) can
//! never cut the API key in half and leave the half behind.

use super::json::Json;
use super::key::KeySource;
use super::text::{excerpt, push_u64};

/// The JS class of an error; `js_name` is also each error's `name`. Defined once in `js/errors.js`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    /// Any other non-2xx status (and success bodies the SDK cannot use).
    Api,
    BadRequest,
    Unauthorized,
    PaymentRequired,
    PermissionDenied,
    NotFound,
    Conflict,
    PayloadTooLarge,
    UnprocessableEntity,
    TooManyRequests,
    InternalServer,
    Connection,
    Timeout,
    Abort,
    Configuration,
    Validation,
    GenerationFailed,
    WebhookVerification,
}

impl ErrorClass {
    pub fn js_name(self) -> &'static str {
        match self {
            ErrorClass::Api => "SyncAPIError",
            ErrorClass::BadRequest => "BadRequestError",
            ErrorClass::Unauthorized => "UnauthorizedError",
            ErrorClass::PaymentRequired => "PaymentRequiredError",
            ErrorClass::PermissionDenied => "PermissionDeniedError",
            ErrorClass::NotFound => "NotFoundError",
            ErrorClass::Conflict => "ConflictError",
            ErrorClass::PayloadTooLarge => "PayloadTooLargeError",
            ErrorClass::UnprocessableEntity => "UnprocessableEntityError",
            ErrorClass::TooManyRequests => "TooManyRequestsError",
            ErrorClass::InternalServer => "InternalServerError",
            ErrorClass::Connection => "SyncConnectionError",
            ErrorClass::Timeout => "SyncTimeoutError",
            ErrorClass::Abort => "SyncAbortError",
            ErrorClass::Configuration => "SyncConfigurationError",
            ErrorClass::Validation => "SyncValidationError",
            ErrorClass::GenerationFailed => "GenerationFailedError",
            ErrorClass::WebhookVerification => "WebhookVerificationError",
        }
    }

    /// The class for an HTTP error status; the same for every endpoint.
    pub fn for_status(status: u16) -> ErrorClass {
        match status {
            400 => ErrorClass::BadRequest,
            401 => ErrorClass::Unauthorized,
            402 => ErrorClass::PaymentRequired,
            403 => ErrorClass::PermissionDenied,
            404 => ErrorClass::NotFound,
            409 => ErrorClass::Conflict,
            413 => ErrorClass::PayloadTooLarge,
            422 => ErrorClass::UnprocessableEntity,
            429 => ErrorClass::TooManyRequests,
            500..=599 => ErrorClass::InternalServer,
            _ => ErrorClass::Api,
        }
    }
}

/// The standard reason phrase, since `statusText` is empty over HTTP/2.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// The `errorCode` the API sends when a keyed create may or may not have happened.
pub const IDEMPOTENCY_OUTCOME_UNKNOWN: &str = "IDEMPOTENCY_OUTCOME_UNKNOWN";

/// Most of a response body kept in an error; the rest is not downloaded.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// Longest excerpt of a non-JSON body put into a message.
const EXCERPT_CHARS: usize = 200;

/// A response body as the error carries it.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Json(Json),
    /// Not JSON: the text, at most `BODY_LIMIT_BYTES`.
    Text(String),
}

impl Body {
    /// Parse `text` (already cut to the limit) as JSON, or keep it as text.
    pub fn from_text(mut text: String) -> Option<Body> {
        if text.trim().is_empty() {
            return None;
        }
        super::text::truncate_bytes(&mut text, BODY_LIMIT_BYTES);
        Some(match super::json::parse(&text) {
            Some(json) => Body::Json(json),
            None => Body::Text(text),
        })
    }

    fn json(&self) -> Option<&Json> {
        match self {
            Body::Json(json) => Some(json),
            Body::Text(_) => None,
        }
    }
}

/// What went wrong, with what the message needs.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// A whole message: configuration, validation and webhook refusals.
    Text(String),
    /// An error status. `server_message` is the body's `message`; `server_code` its machine code.
    Status {
        method: &'static str,
        path: String,
        server_message: Option<String>,
        server_code: Option<String>,
        key_source: Option<KeySource>,
    },
    /// A success status whose body is not JSON.
    NotJson {
        method: &'static str,
        path: String,
        content_type: String,
    },
    /// A success whose JSON lacks what the SDK needs (`"an id"`, `"a generation status"`).
    Missing {
        method: &'static str,
        path: String,
        what: &'static str,
    },
    /// An attempt's timeout fired.
    Timeout {
        method: &'static str,
        path: String,
        retries: u32,
    },
    /// A caller's deadline (the wait's `timeoutMs`) passed before a request could be sent or answered.
    Deadline,
    /// `waitForCompletion` ran out of time.
    WaitTimeout {
        id: String,
        last_status: Option<String>,
    },
    Aborted {
        method: &'static str,
        path: String,
    },
    WaitAborted {
        id: String,
    },
    /// `runMany` was aborted before this request was created.
    RunAborted {
        index: usize,
    },
    /// No response: `detail` is what the runtime said (its error and causes). `cors`: the request
    /// was subject to CORS, whose refusals look like this.
    Connection {
        target: String,
        method: &'static str,
        path: String,
        retries: u32,
        detail: String,
        cors: bool,
    },
    Redirect {
        method: &'static str,
        path: String,
        problem: Redirect,
    },
    GenerationFailed {
        id: String,
    },
}

/// Why a redirect was not followed.
#[derive(Clone, Debug, PartialEq)]
pub enum Redirect {
    /// A browser hid it (`opaqueredirect`).
    Hidden,
    TooMany,
    NoLocation,
    BadLocation,
    OtherOrigin(String),
    DropsBody,
}

/// How many same-origin redirects are followed.
pub const MAX_REDIRECTS: u32 = 5;

/// One link of a sanitized `cause` chain: a copy of a runtime error's name, message and code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Link {
    pub name: String,
    pub message: String,
    pub code: Option<String>,
}

/// A failure: its detail behind one pointer, so `Result`s stay small in the wasm.
#[derive(Clone, Debug, PartialEq)]
pub struct Error(Box<Detail>);

impl core::ops::Deref for Error {
    type Target = Detail;
    fn deref(&self) -> &Detail {
        &self.0
    }
}

impl core::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut Detail {
        &mut self.0
    }
}

/// What a failure carries. Fields that are `None` are absent from the JS error.
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    pub class: ErrorClass,
    pub what: What,
    pub status: Option<u16>,
    pub body: Option<Body>,
    pub error_code: Option<String>,
    pub request_id: Option<String>,
    pub headers: Option<Vec<(String, String)>>,
    /// The argument or field a validation error is about.
    pub field: Option<String>,
    pub timeout_ms: Option<f64>,
    /// A webhook refusal's code.
    pub reason: Option<&'static str>,
    /// The generation as last fetched (`GenerationFailedError`).
    pub generation: Option<Json>,
    pub generation_status: Option<String>,
    pub generation_error: Option<String>,
    /// A runtime error behind this one (a `fetch` rejection), outermost first, as sanitized copies.
    pub cause: Vec<Link>,
}

impl Error {
    pub fn new(class: ErrorClass, what: What) -> Error {
        Error(Box::new(Detail {
            class,
            what,
            status: None,
            body: None,
            error_code: None,
            request_id: None,
            headers: None,
            field: None,
            timeout_ms: None,
            reason: None,
            generation: None,
            generation_status: None,
            generation_error: None,
            cause: Vec::new(),
        }))
    }

    pub fn configuration(message: impl Into<String>) -> Error {
        Error::new(ErrorClass::Configuration, What::Text(message.into()))
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Error {
        let mut e = Error::new(ErrorClass::Validation, What::Text(message.into()));
        e.field = Some(field.to_owned());
        e
    }

    /// An error status, with the body (already cut to `BODY_LIMIT_BYTES`) and headers (names in
    /// lowercase) parsed for the API's error fields.
    pub fn from_status(
        status: u16,
        method: &'static str,
        path: String,
        text: String,
        headers: Vec<(String, String)>,
        key_source: Option<KeySource>,
    ) -> Error {
        let body = Body::from_text(text);
        let json = body.as_ref().and_then(Body::json);
        let field = |name: &str| {
            json.and_then(|j| j.get(name))
                .and_then(Json::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        // `errorCode`/`error_code` are machine codes; `error` (NestJS's reason phrase,
        // "Unauthorized") is only a fallback for the property and is not repeated in the message.
        let server_code = field("errorCode").or_else(|| field("error_code"));
        let error_code = server_code.clone().or_else(|| field("error"));
        let request_id = header(&headers, "x-request-id")
            .or_else(|| header(&headers, "request-id"))
            .map(str::to_owned)
            .or_else(|| field("requestId"));
        let server_message = json.and_then(body_message);
        let mut e = Error::new(
            ErrorClass::for_status(status),
            What::Status {
                method,
                path,
                server_message,
                server_code,
                key_source,
            },
        );
        e.status = Some(status);
        e.body = body;
        e.error_code = error_code;
        e.request_id = request_id;
        e.headers = Some(headers);
        e
    }

    /// A success status whose body is not JSON.
    pub fn not_json(
        status: u16,
        method: &'static str,
        path: String,
        text: String,
        headers: Vec<(String, String)>,
    ) -> Error {
        let content_type = header(&headers, "content-type")
            .unwrap_or_default()
            .to_owned();
        let mut e = Error::new(
            ErrorClass::Api,
            What::NotJson {
                method,
                path,
                content_type,
            },
        );
        e.status = Some(status);
        e.body = Body::from_text(text);
        e.headers = Some(headers);
        e
    }

    /// A success whose JSON lacks `what`; `text` is its body.
    pub fn missing(
        status: u16,
        method: &'static str,
        path: String,
        what: &'static str,
        text: String,
    ) -> Error {
        let mut e = Error::new(ErrorClass::Api, What::Missing { method, path, what });
        e.status = Some(status);
        e.body = Body::from_text(text);
        e
    }

    /// A generation that ended as FAILED, REJECTED, CANCELED or TIMED_OUT (`text` is its JSON).
    pub fn generation_failed(id: &str, text: &str) -> Error {
        let generation = super::json::parse(text);
        let field = |name: &str| {
            generation
                .as_ref()
                .and_then(|g| g.get(name))
                .and_then(Json::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let mut e = Error::new(
            ErrorClass::GenerationFailed,
            What::GenerationFailed { id: id.to_owned() },
        );
        e.generation_status = field("status");
        e.error_code = field("errorCode").or_else(|| field("error_code"));
        e.generation_error = field("error");
        e.generation = generation;
        e
    }

    /// A string field of the JSON body (`generationId` of `IDEMPOTENCY_OUTCOME_UNKNOWN`).
    pub fn body_field(&self, name: &str) -> Option<&str> {
        self.body.as_ref()?.json()?.get(name)?.as_str()
    }

    /// The message, rendered from what happened and the (redacted) detail.
    pub fn message(&self) -> String {
        let mut m = String::with_capacity(160);
        match &self.what {
            What::Text(text) => m.push_str(text),
            What::Status {
                method,
                path,
                server_message,
                server_code,
                key_source,
            } => {
                let status = self.status.unwrap_or(0);
                push_u64(&mut m, u64::from(status));
                let reason = reason_phrase(status);
                if !reason.is_empty() {
                    m.push(' ');
                    m.push_str(reason);
                }
                m.push_str(" from ");
                route(&mut m, method, path);
                let text = match (server_message, &self.body) {
                    (Some(text), _) => Some(text.clone()),
                    (None, Some(Body::Text(text))) => Some(excerpt(text.trim(), EXCERPT_CHARS)),
                    _ => None,
                };
                if let Some(text) = text.filter(|t| !t.is_empty()) {
                    m.push_str(": ");
                    m.push_str(&text);
                }
                if let Some(code) = server_code {
                    m.push_str(" (errorCode ");
                    m.push_str(code);
                    m.push(')');
                }
                end_sentence(&mut m);
                hint(&mut m, self.class, *key_source);
                if let Some(id) = self.request_id.as_deref().filter(|id| !id.is_empty()) {
                    m.push_str(" Request id: ");
                    m.push_str(id);
                    m.push('.');
                }
            }
            What::NotJson {
                method,
                path,
                content_type,
            } => {
                push_u64(&mut m, u64::from(self.status.unwrap_or(0)));
                m.push_str(" from ");
                route(&mut m, method, path);
                m.push_str(" did not return JSON (");
                m.push_str(if content_type.is_empty() {
                    "no content type"
                } else {
                    content_type
                });
                m.push_str("): \"");
                if let Some(Body::Text(text)) = &self.body {
                    m.push_str(&excerpt(text, EXCERPT_CHARS));
                }
                m.push_str(
                    "\". Check that baseUrl points at the Sync API and not at a proxy or web page.",
                );
            }
            What::Missing { method, path, what } => {
                route(&mut m, method, path);
                m.push_str(" answered without ");
                m.push_str(what);
                m.push_str("; check that baseUrl points at the Sync API.");
            }
            What::Timeout {
                method,
                path,
                retries,
            } => {
                route(&mut m, method, path);
                m.push_str(" timed out after ");
                push_u64(&mut m, self.timeout_ms.unwrap_or(0.0) as u64);
                m.push_str(" ms");
                attempts(&mut m, *retries);
                m.push_str(
                    ". Raise timeoutInSeconds on the client or for this request if the API is slow, \
                     or check the network.",
                );
            }
            What::Deadline => m.push_str("The deadline passed before the API answered."),
            What::WaitTimeout { id, last_status } => {
                m.push_str("Generation ");
                m.push_str(id);
                m.push_str(" did not finish within ");
                push_u64(&mut m, self.timeout_ms.unwrap_or(0.0) as u64);
                m.push_str(" ms (last status ");
                m.push_str(last_status.as_deref().unwrap_or("unknown"));
                m.push_str("). It keeps running on the server: wait again, or raise timeoutMs.");
            }
            What::Aborted { method, path } => {
                route(&mut m, method, path);
                m.push_str(" was aborted by the caller's AbortSignal.");
            }
            What::WaitAborted { id } => {
                m.push_str("Waiting for generation ");
                m.push_str(id);
                m.push_str(" was aborted by the caller's AbortSignal.");
            }
            What::RunAborted { index } => {
                m.push_str("generations.runMany: requests[");
                push_u64(&mut m, *index as u64);
                m.push_str("] was not created: the caller's AbortSignal fired first.");
            }
            What::Connection {
                target,
                method,
                path,
                retries,
                detail,
                cors,
            } => {
                m.push_str("Could not reach ");
                m.push_str(target);
                m.push_str(" for ");
                route(&mut m, method, path);
                attempts(&mut m, *retries);
                m.push_str(": ");
                // The runtime's own text may end in a full stop (workerd's "Network connection lost.").
                m.push_str(if detail.is_empty() {
                    "fetch failed"
                } else {
                    detail.strip_suffix('.').unwrap_or(detail)
                });
                m.push_str(". Check the network and baseUrl");
                m.push_str(if *cors {
                    "; in a browser this also happens when the server's CORS policy refuses the \
                     request."
                } else {
                    "."
                });
            }
            What::Redirect {
                method,
                path,
                problem,
            } => {
                route(&mut m, method, path);
                let status = self.status.unwrap_or(0);
                match problem {
                    Redirect::Hidden => m.push_str(
                        " answered with a redirect, which a browser hides from scripts, so the SDK \
                         cannot check that it stays on the API's origin and does not follow it. Set \
                         baseUrl to the API's final address.",
                    ),
                    Redirect::TooMany => {
                        m.push_str(" was redirected more than ");
                        push_u64(&mut m, u64::from(MAX_REDIRECTS));
                        m.push_str(" times.");
                    }
                    Redirect::NoLocation | Redirect::BadLocation => {
                        m.push_str(" answered ");
                        push_u64(&mut m, u64::from(status));
                        m.push_str(if *problem == Redirect::NoLocation {
                            " without a Location header."
                        } else {
                            " with an invalid Location."
                        });
                    }
                    Redirect::OtherOrigin(origin) => {
                        m.push_str(" was redirected (");
                        push_u64(&mut m, u64::from(status));
                        m.push_str(") to another origin, ");
                        m.push_str(origin);
                        m.push_str(
                            ". The SDK does not follow it, so your API key is not sent there. If \
                             the API has moved, set baseUrl to that origin.",
                        );
                    }
                    Redirect::DropsBody => {
                        m.push_str(" was redirected (");
                        push_u64(&mut m, u64::from(status));
                        m.push_str("), which would drop the request body.");
                    }
                }
            }
            What::GenerationFailed { id } => {
                m.push_str("Generation ");
                m.push_str(id);
                m.push_str(" ended as ");
                m.push_str(self.generation_status.as_deref().unwrap_or("a failure"));
                if let Some(text) = &self.generation_error {
                    m.push_str(": ");
                    m.push_str(text);
                }
                if let Some(code) = &self.error_code {
                    m.push_str(" (errorCode ");
                    m.push_str(code);
                    m.push(')');
                }
                end_sentence(&mut m);
            }
        }
        m
    }
}

/// A header's value from lowercase-named pairs.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// `message` of an error body: a string, or NestJS validation's list of strings.
fn body_message(body: &Json) -> Option<String> {
    match body.get("message")? {
        Json::String(text) => Some(text.clone()),
        Json::Array(items) => Some(super::text::join(
            items.iter().filter_map(Json::as_str),
            "; ",
        )),
        _ => None,
    }
}

/// A full stop, unless the server's own text already ended the sentence ("Invalid API key.").
fn end_sentence(m: &mut String) {
    if !m.ends_with(['.', '!', '?']) {
        m.push('.');
    }
}

fn route(m: &mut String, method: &str, path: &str) {
    m.push_str(method);
    m.push(' ');
    m.push_str(path);
}

fn attempts(m: &mut String, retries: u32) {
    if retries > 0 {
        m.push_str(" (after ");
        push_u64(m, u64::from(retries) + 1);
        m.push_str(" attempts)");
    }
}

fn hint(m: &mut String, class: ErrorClass, key_source: Option<KeySource>) {
    let text = match class {
        // Through `proxyUrl` the client sent no key: the proxy, or the API behind it, refused.
        ErrorClass::Unauthorized | ErrorClass::PermissionDenied
            if key_source == Some(KeySource::Proxy) =>
        {
            " The request went through your proxy (proxyUrl), which holds the key on your server: \
             either the app's own check (the proxy's authorize) refused this request, or the API \
             did not accept the server's key (SYNC_API_KEY where the proxy runs). The body says \
             which."
        }
        ErrorClass::Unauthorized => {
            m.push_str(
                " The API did not accept the key in the x-api-key header. Common causes: the header \
                 was missing or empty; the key is invalid, expired or revoked; SYNC_API_KEY is unset \
                 or holds a different key than you think (for example one from another account or \
                 environment). This key came from ",
            );
            m.push_str(key_source.map_or("the client options", KeySource::describe));
            ": check it against the API keys page of the Sync dashboard and create a new one if it \
             was revoked."
        }
        ErrorClass::PaymentRequired => {
            " Your Sync account cannot pay for this request: the free tier is used up, there is no \
             paid plan, an invoice is unpaid, or the request exceeds the plan's limits. Check billing \
             in the Sync dashboard."
        }
        ErrorClass::PermissionDenied => {
            " The key is valid but not allowed to do this; check that the resource belongs to the \
             key's organization."
        }
        ErrorClass::NotFound => {
            " Nothing with that id exists for this key's account: check the id, and that it was \
             created with a key of the same organization."
        }
        ErrorClass::PayloadTooLarge => {
            " The request or an uploaded file is larger than the API accepts; upload large media as \
             an asset or pass a URL."
        }
        ErrorClass::TooManyRequests => {
            " A rate limit (errorCode rate_limit_exceeded) or the plan's concurrency limit \
             (concurrency_limit_reached) was reached: wait before retrying, or run fewer \
             generations at once."
        }
        ErrorClass::InternalServer if key_source == Some(KeySource::Proxy) => {
            " The request went through your proxy (proxyUrl): either the Sync API failed on its \
             side, or the proxy could not reach it (an errorCode starting proxy_ says so); retrying \
             later usually helps."
        }
        ErrorClass::InternalServer => {
            " The Sync API failed on its side; retrying later usually helps. Quote the request id if \
             you contact support."
        }
        _ => return,
    };
    m.push_str(text);
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_runtime_message_ending_in_a_full_stop_gets_no_second_one() {
        let e = Error::new(
            ErrorClass::Connection,
            What::Connection {
                target: "the Sync API at https://api.sync.so".to_owned(),
                method: "POST",
                path: "/v2/generate".to_owned(),
                retries: 0,
                detail: "Network connection lost.".to_owned(),
                cors: false,
            },
        );
        let m = e.message();
        assert!(
            m.ends_with("/v2/generate: Network connection lost. Check the network and baseUrl."),
            "{m}"
        );
        assert!(
            !m.contains("CORS"),
            "no browser hint outside a browser: {m}"
        );
    }

    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn statuses_map_to_classes() {
        let expected = [
            (400, "BadRequestError"),
            (401, "UnauthorizedError"),
            (402, "PaymentRequiredError"),
            (403, "PermissionDeniedError"),
            (404, "NotFoundError"),
            (409, "ConflictError"),
            (413, "PayloadTooLargeError"),
            (422, "UnprocessableEntityError"),
            (429, "TooManyRequestsError"),
            (500, "InternalServerError"),
            (503, "InternalServerError"),
            (599, "InternalServerError"),
            (405, "SyncAPIError"),
            (418, "SyncAPIError"),
            (302, "SyncAPIError"),
            (600, "SyncAPIError"),
        ];
        for (status, name) in expected {
            assert_eq!(ErrorClass::for_status(status).js_name(), name, "{status}");
        }
    }

    #[test]
    fn error_body_fields_are_read() {
        let e = Error::from_status(
            429,
            "POST",
            "/v2/generate".into(),
            r#"{"message":"Rate limit exceeded.","errorCode":"rate_limit_exceeded","requestId":"b"}"#
                .into(),
            pairs(&[("x-request-id", "req_1")]),
            None,
        );
        assert_eq!(e.class, ErrorClass::TooManyRequests);
        assert_eq!(e.error_code.as_deref(), Some("rate_limit_exceeded"));
        assert_eq!(e.request_id.as_deref(), Some("req_1"), "the header wins");
        let m = e.message();
        assert!(
            m.starts_with("429 Too Many Requests from POST /v2/generate: Rate limit exceeded."),
            "{m}"
        );
        assert!(m.contains("(errorCode rate_limit_exceeded)"), "{m}");
        assert!(m.contains("wait before retrying"), "{m}");
        assert!(m.ends_with("Request id: req_1."), "{m}");
    }

    #[test]
    fn through_a_proxy_a_401_names_the_proxy_not_the_key() {
        let m = Error::from_status(
            401,
            "GET",
            "/v2/models".into(),
            r#"{"message":"Not signed in."}"#.into(),
            Vec::new(),
            Some(KeySource::Proxy),
        )
        .message();
        assert!(m.contains("went through your proxy"), "{m}");
        assert!(!m.contains("x-api-key header"), "{m}");
        let m = Error::from_status(
            502,
            "GET",
            "/v2/models".into(),
            r#"{"message":"The proxy could not reach the Sync API.","errorCode":"proxy_upstream_unreachable"}"#.into(),
            Vec::new(),
            Some(KeySource::Proxy),
        )
        .message();
        assert!(m.contains("could not reach it"), "{m}");
    }

    #[test]
    fn a_server_message_that_ends_its_sentence_gets_no_second_full_stop() {
        let m = Error::from_status(
            401,
            "GET",
            "/v2/models".into(),
            r#"{"message":"Invalid API key."}"#.into(),
            Vec::new(),
            None,
        )
        .message();
        assert!(
            m.starts_with("401 Unauthorized from GET /v2/models: Invalid API key. The API"),
            "{m}"
        );
        assert!(!m.contains(".."), "{m}");
        let m = Error::from_status(
            404,
            "GET",
            "/v2/x".into(),
            r#"{"message":"gone"}"#.into(),
            Vec::new(),
            None,
        )
        .message();
        assert!(m.contains(": gone. "), "{m}");
    }

    #[test]
    fn error_code_spellings_and_message_lists() {
        let e = Error::from_status(
            400,
            "POST",
            "/v2/generate".into(),
            r#"{"message":["model must be a string","input is required"],"error_code":"x","requestId":"r2"}"#.into(),
            Vec::new(),
            None,
        );
        assert_eq!(e.error_code.as_deref(), Some("x"));
        assert_eq!(e.request_id.as_deref(), Some("r2"), "from the body");
        assert!(e
            .message()
            .contains(": model must be a string; input is required (errorCode x)."));
        // NestJS's `error` is the property's fallback, not repeated in the message.
        let e = Error::from_status(
            401,
            "GET",
            "/v2/models".into(),
            r#"{"message":"Unauthorized","error":"Unauthorized","statusCode":401}"#.into(),
            pairs(&[("request-id", "r3")]),
            Some(KeySource::EnvVar),
        );
        assert_eq!(e.error_code.as_deref(), Some("Unauthorized"));
        assert_eq!(e.request_id.as_deref(), Some("r3"));
        let m = e.message();
        assert!(!m.contains("errorCode"), "{m}");
        for needle in [
            "x-api-key",
            "missing",
            "expired or revoked",
            "came from the SYNC_API_KEY environment variable",
        ] {
            assert!(m.contains(needle), "missing {needle:?} in {m}");
        }
    }

    #[test]
    fn text_bodies_are_excerpted_and_capped() {
        let e = Error::from_status(
            502,
            "GET",
            "/v2/x".into(),
            "  <html>bad gateway</html> ".into(),
            Vec::new(),
            None,
        );
        assert_eq!(
            e.body,
            Some(Body::Text("  <html>bad gateway</html> ".into()))
        );
        assert!(e
            .message()
            .contains("from GET /v2/x: <html>bad gateway</html>."));
        let long = "x".repeat(BODY_LIMIT_BYTES * 2);
        let e = Error::not_json(
            200,
            "GET",
            "/v2/x".into(),
            long,
            pairs(&[("content-type", "text/html")]),
        );
        match &e.body {
            Some(Body::Text(t)) => assert_eq!(t.len(), BODY_LIMIT_BYTES),
            other => panic!("{other:?}"),
        }
        let m = e.message();
        assert!(m.contains("did not return JSON (text/html): \"xxx"), "{m}");
        assert!(m.len() < 600, "excerpted: {}", m.len());
    }

    #[test]
    fn unknown_status_has_no_reason_or_hint() {
        let e = Error::from_status(499, "GET", "/v2/x".into(), String::new(), Vec::new(), None);
        assert_eq!(e.message(), "499 from GET /v2/x.");
        assert_eq!(e.body, None);
    }

    #[test]
    fn generation_failures_carry_the_generation() {
        let e = Error::generation_failed(
            "g1",
            r#"{"id":"g1","status":"FAILED","error":"bad video","error_code":"generation_pipeline_failed"}"#,
        );
        assert_eq!(e.class, ErrorClass::GenerationFailed);
        assert_eq!(e.generation_status.as_deref(), Some("FAILED"));
        assert_eq!(
            e.message(),
            "Generation g1 ended as FAILED: bad video (errorCode generation_pipeline_failed)."
        );
        assert!(e.generation.is_some());
    }

    #[test]
    fn other_messages() {
        let mut e = Error::new(
            ErrorClass::Timeout,
            What::Timeout {
                method: "GET",
                path: "/v2/x".into(),
                retries: 2,
            },
        );
        e.timeout_ms = Some(1500.0);
        assert!(e
            .message()
            .starts_with("GET /v2/x timed out after 1500 ms (after 3 attempts)."));
        let mut e = Error::new(
            ErrorClass::Api,
            What::Redirect {
                method: "POST",
                path: "/v2/generate".into(),
                problem: Redirect::OtherOrigin("https://evil.example".into()),
            },
        );
        e.status = Some(302);
        assert!(e.message().starts_with(
            "POST /v2/generate was redirected (302) to another origin, https://evil.example."
        ));
        let e = Error::missing(200, "POST", "/v2/generate".into(), "an id", "{}".into());
        assert_eq!(
            e.message(),
            "POST /v2/generate answered without an id; check that baseUrl points at the Sync API."
        );
        assert_eq!(e.body, Some(Body::Json(Json::Object(Vec::new()))));
    }
}
