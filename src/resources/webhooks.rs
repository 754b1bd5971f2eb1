//! Webhook verification: `client.webhooks.verify(...)` and the standalone `verifyWebhook(...)`,
//! which needs no client (so a Worker can check deliveries without an API key).

use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::core::error::ErrorClass;
use crate::core::webhook::{self, Refusal};
use crate::js_errors::{self, Fields};
use crate::js_value::{self, type_name};

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
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyWebhookOptions")] options: Option<
            Object,
        >,
    ) -> Result<JsValue, JsValue> {
        verify_webhook(raw_body, signature_header, secret, options)
    }
}

fn refuse(refusal: Refusal) -> JsValue {
    Fields::new()
        .with("reason", refusal.code())
        .build(ErrorClass::WebhookVerification, &refusal.message())
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
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyWebhookOptions")] options: Option<Object>,
) -> Result<JsValue, JsValue> {
    const CONTEXT: &str = "verifyWebhook options";
    let body = body_text(&raw_body)?;
    let header = header_text(&signature_header);
    let Some(secret) = secret.as_string() else {
        return Err(refuse(Refusal::MissingSecret));
    };
    let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
    let tolerance = js_value::number(&options, "toleranceSeconds", CONTEXT)
        .map_err(|m| js_errors::configuration(&m))?
        .unwrap_or(webhook::DEFAULT_TOLERANCE_SECONDS);
    if !tolerance.is_finite() || tolerance < 0.0 {
        return Err(js_errors::configuration(
            "verifyWebhook options: toleranceSeconds must be 0 or more.",
        ));
    }
    let now =
        match js_value::get(&options, "now", CONTEXT).map_err(|m| js_errors::configuration(&m))? {
            None => js_sys::Date::now() / 1000.0,
            Some(v) => match v.as_f64() {
                Some(seconds) => seconds,
                None => date_seconds(&v).ok_or_else(|| {
                    js_errors::configuration(&format!(
                        "verifyWebhook options: now must be unix seconds or a Date, got {}.",
                        type_name(&v)
                    ))
                })?,
            },
        };

    let parsed_header = webhook::parse_header(&header.unwrap_or_default()).map_err(refuse)?;
    let parsed = js_sys::JSON::parse(&body);
    // The raw body first; Sync's own samples sign compact JSON, so a re-serialization is the fallback
    // for bodies that were reformatted on the way.
    let compact = parsed
        .as_ref()
        .ok()
        .and_then(|v| js_sys::JSON::stringify(v).ok())
        .and_then(|v| v.as_string());
    let mut candidates: Vec<&[u8]> = vec![body.as_bytes()];
    if let Some(c) = compact.as_deref().filter(|c| *c != body) {
        candidates.push(c.as_bytes());
    }
    webhook::verify(&parsed_header, &candidates, &secret, now, tolerance).map_err(refuse)?;
    let parsed = parsed.ok().filter(|v| v.is_object());
    if let Some(notification) = &parsed {
        crate::generation::normalize(notification);
    }
    parsed.ok_or_else(|| {
        Fields::new().with("reason", "invalid_payload").build(
            ErrorClass::WebhookVerification,
            "The signature is valid but the body is not a JSON object.",
        )
    })
}

fn body_text(raw: &JsValue) -> Result<String, JsValue> {
    if let Some(text) = raw.as_string() {
        return Ok(text);
    }
    if raw.is_instance_of::<Uint8Array>() || raw.is_instance_of::<js_sys::ArrayBuffer>() {
        let bytes = Uint8Array::new(raw).to_vec();
        return String::from_utf8(bytes).map_err(|_| {
            Fields::new().with("reason", "invalid_payload").build(
                ErrorClass::WebhookVerification,
                "The webhook body is not UTF-8 text.",
            )
        });
    }
    Err(js_errors::validation(
        "rawBody",
        &format!(
            "verifyWebhook: rawBody must be the request body as received (a string, Uint8Array or ArrayBuffer, \
             e.g. await request.text()), got {}. A parsed object cannot be verified.",
            type_name(raw)
        ),
    ))
}

/// The header value from a string, or from a `Headers`-like object (`get("sync-signature")`).
fn header_text(header: &JsValue) -> Option<String> {
    if let Some(text) = header.as_string() {
        return Some(text);
    }
    let get: Function = Reflect::get(header, &"get".into()).ok()?.dyn_into().ok()?;
    get.call1(header, &"sync-signature".into())
        .ok()?
        .as_string()
}

fn date_seconds(value: &JsValue) -> Option<f64> {
    let get_time: Function = Reflect::get(value, &"getTime".into())
        .ok()?
        .dyn_into()
        .ok()?;
    get_time
        .call0(value)
        .ok()?
        .as_f64()
        .filter(|t| t.is_finite())
        .map(|ms| ms / 1000.0)
}
