//! Webhook verification, against signatures made by the mock server with node:crypto.

use js_sys::{Date, Function, Uint8Array};
use sync_wasm::verify_webhook;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

const BODY: &str = r#"{"id":"6533643b-aceb-4c40-967e-d9ba9baac39e","status":"COMPLETED","outputUrl":"https://example.com/out.mp4"}"#;

/// The mock signs `body` as Sync would; returns (header, secret).
async fn signed(body: &str, t: Option<f64>) -> (String, String) {
    let path = match t {
        Some(t) => format!("/__mock/webhooks/sign?t={t}"),
        None => "/__mock/webhooks/sign".to_owned(),
    };
    let result = mock_send("POST", &path, Some(body)).await;
    (
        get_str(&result, "header").unwrap(),
        get_str(&result, "secret").unwrap(),
    )
}

fn verify(
    body: JsValue,
    header: JsValue,
    secret: &str,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    verify_webhook(
        body,
        header,
        s(secret),
        options.unwrap_or(JsValue::UNDEFINED),
    )
}

fn reason(err: &JsValue) -> String {
    get_str(err, "reason").unwrap_or_default()
}

#[wasm_bindgen_test]
async fn accepts_a_delivery_signed_like_sync() {
    let (header, secret) = signed(BODY, None).await;
    let generation = verify(s(BODY), s(&header), &secret, None).unwrap();
    assert_eq!(get_str(&generation, "status").as_deref(), Some("COMPLETED"));
    // Bytes and a Headers object work too.
    let bytes = Uint8Array::from(BODY.as_bytes());
    let headers = web_sys::Headers::new().unwrap();
    headers.set("Sync-Signature", &header).unwrap();
    assert!(verify(bytes.into(), headers.into(), &secret, None).is_ok());
    // The same through the client.
    let client = mock_client(&[]);
    let webhooks = get(&client, "webhooks");
    let f: Function = get(&webhooks, "verify").unchecked_into();
    let args = js_sys::Array::of3(&s(BODY), &s(&header), &s(&secret));
    assert!(f.apply(&webhooks, &args).is_ok());
}

#[wasm_bindgen_test]
async fn reformatted_json_falls_back_to_compact_form() {
    let (header, secret) = signed(BODY, None).await;
    let pretty = js_sys::JSON::stringify_with_replacer_and_space(
        &js_sys::JSON::parse(BODY).unwrap(),
        &JsValue::NULL,
        &n(2.0),
    )
    .unwrap();
    assert!(verify(pretty.into(), s(&header), &secret, None).is_ok());
}

#[wasm_bindgen_test]
async fn refusals_say_which_check_failed() {
    let (header, secret) = signed(BODY, None).await;
    let tampered = BODY.replace("COMPLETED", "FAILED");
    let err = verify(s(&tampered), s(&header), &secret, None).unwrap_err();
    assert_error!(err, WebhookVerificationError);
    assert_eq!(reason(&err), "signature_mismatch");
    let err = verify(s(BODY), s(&header), "whsec_wrong", None).unwrap_err();
    assert_eq!(reason(&err), "signature_mismatch");
    assert_secret_absent(&err, "whsec_wrong");
    let err = verify(s(BODY), JsValue::UNDEFINED, &secret, None).unwrap_err();
    assert_eq!(reason(&err), "missing_header");
    let err = verify(s(BODY), s("v1=abc"), &secret, None).unwrap_err();
    assert_eq!(reason(&err), "malformed_header");
    let err = verify(s(BODY), s(&header), "", None).unwrap_err();
    assert_eq!(reason(&err), "missing_secret");

    let old = (Date::now() / 1000.0).floor() - 3600.0;
    let (stale, _) = signed(BODY, Some(old)).await;
    let err = verify(s(BODY), s(&stale), &secret, None).unwrap_err();
    assert_eq!(reason(&err), "timestamp_out_of_tolerance");
    // A wider tolerance, or a `now` matching the timestamp, accepts it.
    assert!(verify(
        s(BODY),
        s(&stale),
        &secret,
        Some(obj(&[("toleranceSeconds", n(7200.0))]))
    )
    .is_ok());
    assert!(verify(
        s(BODY),
        s(&stale),
        &secret,
        Some(obj(&[("now", Date::new(&n(old * 1000.0)).into())]))
    )
    .is_ok());

    let (header, _) = signed("not json", None).await;
    let err = verify(s("not json"), s(&header), &secret, None).unwrap_err();
    assert_eq!(reason(&err), "invalid_payload");
}

#[wasm_bindgen_test]
fn parsed_bodies_are_refused_with_advice() {
    let err = verify(obj(&[("id", s("x"))]), s("t=1,v1=00"), "whsec_x", None).unwrap_err();
    assert_error!(err, SyncValidationError);
    assert!(get_str(&err, "message").unwrap().contains("request.text()"));
    let err = verify(
        s("{}"),
        s("t=1,v1=00"),
        "whsec_x",
        Some(obj(&[("toleranceSeconds", n(-1.0))])),
    )
    .unwrap_err();
    assert_error!(err, SyncConfigurationError);
}
