//! Error classification and messages. The JS classes these map to are defined once in `js/errors.js`.

use super::key::KeySource;

/// Every error the SDK raises, named as the JS class that represents it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    /// Any other non-2xx status (and non-JSON success bodies).
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
    /// The JS class name, which is also each error's `name`.
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

/// What the JS layer extracted from an error response.
#[derive(Debug, Default)]
pub struct ApiFailure<'a> {
    pub status: u16,
    pub method: &'a str,
    /// The API path, without host or query (`/v2/generate/abc`).
    pub path: &'a str,
    /// `message` from the body (joined when it is a list), or a short excerpt of a non-JSON body.
    pub server_message: Option<&'a str>,
    pub error_code: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub key_source: Option<KeySource>,
}

/// The message of an API error: what happened, what the server said, and what to do about it.
pub fn api_error_message(f: &ApiFailure<'_>) -> String {
    let mut m = String::with_capacity(256);
    m.push_str(&f.status.to_string());
    let reason = reason_phrase(f.status);
    if !reason.is_empty() {
        m.push(' ');
        m.push_str(reason);
    }
    m.push_str(" from ");
    m.push_str(f.method);
    m.push(' ');
    m.push_str(f.path);
    if let Some(text) = f.server_message.filter(|t| !t.is_empty()) {
        m.push_str(": ");
        m.push_str(text);
    }
    if let Some(code) = f.error_code.filter(|c| !c.is_empty()) {
        m.push_str(" (errorCode ");
        m.push_str(code);
        m.push(')');
    }
    m.push('.');
    if let Some(hint) = hint(f) {
        m.push(' ');
        m.push_str(&hint);
    }
    if let Some(id) = f.request_id.filter(|id| !id.is_empty()) {
        m.push_str(" Request id: ");
        m.push_str(id);
        m.push('.');
    }
    m
}

fn hint(f: &ApiFailure<'_>) -> Option<String> {
    Some(match ErrorClass::for_status(f.status) {
        ErrorClass::Unauthorized => {
            let source = f
                .key_source
                .map_or("the client options", KeySource::describe);
            format!(
                "The API did not accept the key in the x-api-key header. Common causes: the header \
                 was missing or empty; the key is invalid, expired or revoked; SYNC_API_KEY is unset \
                 or holds a different key than you think (for example one from another account or \
                 environment). This key came from {source}: check it against the API keys page of \
                 the Sync dashboard and create a new one if it was revoked."
            )
        }
        ErrorClass::PaymentRequired => "Your Sync account cannot pay for this request: the free \
             tier is used up, there is no paid plan, an invoice is unpaid, or the request exceeds \
             the plan's limits. Check billing in the Sync dashboard."
            .to_owned(),
        ErrorClass::PermissionDenied => "The key is valid but not allowed to do this; check that \
             the resource belongs to the key's organization."
            .to_owned(),
        ErrorClass::NotFound => {
            "Nothing with that id exists for this key's account: check the id, \
             and that it was created with a key of the same organization."
                .to_owned()
        }
        ErrorClass::PayloadTooLarge => "The request or an uploaded file is larger than the API \
             accepts; upload large media as an asset or pass a URL."
            .to_owned(),
        ErrorClass::TooManyRequests => {
            "A rate limit (errorCode rate_limit_exceeded) or the plan's \
             concurrency limit (concurrency_limit_reached) was reached: wait before retrying, or \
             run fewer generations at once."
                .to_owned()
        }
        ErrorClass::InternalServer => "The Sync API failed on its side; retrying later usually \
             helps. Quote the request id if you contact support."
            .to_owned(),
        _ => return None,
    })
}

/// Message for a success status whose body is not the JSON the SDK expects.
pub fn unexpected_body_message(
    status: u16,
    method: &str,
    path: &str,
    content_type: &str,
    excerpt: &str,
) -> String {
    let content_type = if content_type.is_empty() {
        "no content type"
    } else {
        content_type
    };
    format!(
        "{status} from {method} {path} did not return JSON ({content_type}): \"{excerpt}\". Check that \
         baseUrl points at the Sync API and not at a proxy or web page."
    )
}

/// Shorten outside text put into a message, on a character boundary.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => {
            let mut s = text[..cut].to_owned();
            s.push('…');
            s
        }
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn message_has_status_route_server_text_and_code() {
        let m = api_error_message(&ApiFailure {
            status: 429,
            method: "POST",
            path: "/v2/generate",
            server_message: Some("Rate limit exceeded."),
            error_code: Some("rate_limit_exceeded"),
            request_id: Some("req_1"),
            key_source: None,
        });
        assert!(
            m.starts_with("429 Too Many Requests from POST /v2/generate: Rate limit exceeded."),
            "{m}"
        );
        assert!(m.contains("(errorCode rate_limit_exceeded)"), "{m}");
        assert!(m.contains("wait before retrying"), "{m}");
        assert!(m.ends_with("Request id: req_1."), "{m}");
    }

    #[test]
    fn unauthorized_explains_causes_and_key_source() {
        let m = api_error_message(&ApiFailure {
            status: 401,
            method: "GET",
            path: "/v2/generate/x",
            key_source: Some(KeySource::EnvVar),
            ..ApiFailure::default()
        });
        for needle in [
            "x-api-key",
            "missing",
            "expired or revoked",
            "SYNC_API_KEY is unset",
            "came from the SYNC_API_KEY environment variable",
        ] {
            assert!(m.contains(needle), "missing {needle:?} in {m}");
        }
    }

    #[test]
    fn unknown_status_has_no_reason_or_hint() {
        let m = api_error_message(&ApiFailure {
            status: 499,
            method: "GET",
            path: "/v2/x",
            ..ApiFailure::default()
        });
        assert_eq!(m, "499 from GET /v2/x.");
    }

    #[test]
    fn excerpt_cuts_on_char_boundaries() {
        assert_eq!(excerpt("héllo", 2), "hé…");
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(excerpt("", 3), "");
    }

    #[test]
    fn unexpected_body_names_content_type() {
        let m = unexpected_body_message(200, "GET", "/v2/generate/x", "text/html", "<html>");
        assert!(
            m.contains("did not return JSON (text/html): \"<html>\""),
            "{m}"
        );
        let m = unexpected_body_message(200, "GET", "/v2/generate/x", "", "");
        assert!(m.contains("(no content type)"), "{m}");
    }
}
