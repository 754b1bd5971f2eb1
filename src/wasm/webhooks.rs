//! Webhook verification: `client.webhooks.verify(...)` and the standalone `verifyWebhook(...)`,
//! which needs no client (so a Worker can check deliveries without an API key).

use wasm_bindgen::prelude::*;

use super::edge;
use super::generation::normalize;
use crate::core::error::{Error, ErrorClass, What};
use crate::core::text::concat;
use crate::core::webhook::{self, Refusal};
use crate::js::read::{self, Reader};
use crate::js::{self, Failure};

/// `client.webhooks`.
#[wasm_bindgen]
pub struct Webhooks {}

#[wasm_bindgen]
impl Webhooks {
    /// Same as the standalone `verifyWebhook`.
    #[wasm_bindgen(unchecked_return_type = "GenerationNotification")]
    pub fn verify(
        &self,
        #[wasm_bindgen(js_name = rawBody, unchecked_param_type = "string | Uint8Array | ArrayBuffer")]
        raw_body: JsValue,
        #[wasm_bindgen(js_name = signatureHeader, unchecked_param_type = "string | Headers | null | undefined")]
        signature_header: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyWebhookOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        verify_webhook(raw_body, signature_header, secret, options)
    }
}

fn refuse(refusal: Refusal) -> Failure {
    let mut e = Error::new(
        ErrorClass::WebhookVerification,
        What::Text(refusal.message()),
    );
    e.reason = Some(refusal.code());
    e.into()
}

/// Verify a webhook delivery and return its parsed body. Pass the raw request body exactly as
/// received, the `Sync-Signature` header (or the request's `Headers`), and your `whsec_...` signing
/// secret. Throws `WebhookVerificationError` whose `reason` says which check failed.
///
/// ```ts
/// export default {
///   async fetch(request: Request, env: Env) {
///     const body = await request.text();
///     const generation = verifyWebhook(body, request.headers, env.SYNC_WEBHOOK_SECRET);
///     console.log(generation.id, generation.status);
///     return new Response("ok");
///   },
/// };
/// ```
#[wasm_bindgen(js_name = verifyWebhook, unchecked_return_type = "GenerationNotification")]
pub fn verify_webhook(
    #[wasm_bindgen(js_name = rawBody, unchecked_param_type = "string | Uint8Array | ArrayBuffer")]
    raw_body: JsValue,
    #[wasm_bindgen(js_name = signatureHeader, unchecked_param_type = "string | Headers | null | undefined")]
    signature_header: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyWebhookOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    // The signing secret, when there is one, is redacted like an API key.
    let key = secret.as_string().unwrap_or_default();
    verify(&raw_body, &signature_header, &secret, &options).map_err(|f| edge::to_js(f, &key))
}

fn verify(
    raw_body: &JsValue,
    signature_header: &JsValue,
    secret: &JsValue,
    options: &JsValue,
) -> Result<JsValue, Failure> {
    let body = body_text(raw_body)?;
    let header = header_text(signature_header)?;
    let Some(secret) = secret.as_string() else {
        return Err(refuse(Refusal::MissingSecret));
    };
    let reader = Reader::options("verifyWebhook options");
    if !options.is_undefined() && !options.is_null() && !read::is_object(options) {
        return Err(reader.wrong_type("options", "an object", options));
    }
    let tolerance = reader
        .number(options, "toleranceSeconds")?
        .unwrap_or(webhook::DEFAULT_TOLERANCE_SECONDS);
    if !tolerance.is_finite() || tolerance < 0.0 {
        return Err(reader.refuse("toleranceSeconds", "toleranceSeconds must be 0 or more."));
    }
    let now = match reader.get(options, "now")? {
        None => js_sys::Date::now() / 1000.0,
        Some(v) => match v.as_f64() {
            Some(seconds) => seconds,
            None => read::call(&v, "getTime", &[])
                .ok()
                .and_then(|t| t.as_f64())
                .filter(|t| t.is_finite())
                .map(|ms| ms / 1000.0)
                .ok_or_else(|| reader.wrong_type("now", "unix seconds or a Date", &v))?,
        },
    };

    let parsed_header = webhook::parse_header(&header.unwrap_or_default()).map_err(refuse)?;
    let parsed = js::json_parse(&body.as_str().into());
    // The raw body first; Sync's own samples sign compact JSON, so a re-serialization is the fallback
    // for bodies that were reformatted on the way.
    let compact = parsed
        .as_ref()
        .ok()
        .and_then(|v| js::json_stringify(v).ok())
        .and_then(|v| v.as_string());
    let mut candidates: Vec<&[u8]> = vec![body.as_bytes()];
    if let Some(c) = compact.as_deref().filter(|c| *c != body) {
        candidates.push(c.as_bytes());
    }
    webhook::verify(&parsed_header, &candidates, &secret, now, tolerance).map_err(refuse)?;
    match parsed.ok().filter(|v| v.is_object() && !read::is_array(v)) {
        Some(notification) => {
            normalize(&notification);
            Ok(notification)
        }
        None => {
            let mut e = Error::new(
                ErrorClass::WebhookVerification,
                What::Text("The signature is valid but the body is not a JSON object.".to_owned()),
            );
            e.reason = Some("invalid_payload");
            Err(e.into())
        }
    }
}

fn body_text(raw: &JsValue) -> Result<String, Failure> {
    if let Some(text) = raw.as_string() {
        return Ok(text);
    }
    let reader = Reader::arguments("verifyWebhook");
    match read::bytes(raw) {
        Some(Ok(bytes)) => String::from_utf8(bytes).map_err(|_| {
            let mut e = Error::new(
                ErrorClass::WebhookVerification,
                What::Text("The webhook body is not UTF-8 text.".to_owned()),
            );
            e.reason = Some("invalid_payload");
            e.into()
        }),
        Some(Err(thrown)) => {
            let mut f = reader.refuse(
                "rawBody",
                "rawBody is a detached buffer (was it transferred to a worker?); pass the body as \
                 received.",
            );
            f.cause = Some(thrown);
            Err(f)
        }
        None => Err(reader.refuse(
            "rawBody",
            &concat(&[
                "rawBody must be the request body as received (a string, Uint8Array or ArrayBuffer, \
                 e.g. await request.text()), got ",
                read::type_name(raw),
                ". A parsed object cannot be verified.",
            ]),
        )),
    }
}

/// The header value from a string, or from a `Headers`-like object (`get("sync-signature")`).
fn header_text(header: &JsValue) -> Result<Option<String>, Failure> {
    if let Some(text) = header.as_string() {
        return Ok(Some(text));
    }
    if !header.is_object() {
        return Ok(None);
    }
    match read::call(header, "get", &[&"sync-signature".into()]) {
        Ok(v) => Ok(v.as_string()),
        Err(thrown) => Err(Reader::arguments("verifyWebhook").threw("signatureHeader", thrown)),
    }
}
